package io.omniqueue.customer;

/** No such customer (or merge, or suggestion): answered 404. */
public class CustomerNotFoundException extends RuntimeException {

    public CustomerNotFoundException(String message) {
        super(message);
    }
}
