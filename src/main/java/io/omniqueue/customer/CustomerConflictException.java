package io.omniqueue.customer;

/** The change can't be made in the customer's present state (merged with itself, already merged, erased...): answered 409. */
public class CustomerConflictException extends RuntimeException {

    public CustomerConflictException(String message) {
        super(message);
    }
}
