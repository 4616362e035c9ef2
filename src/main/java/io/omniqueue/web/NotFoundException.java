package io.omniqueue.web;

/** Answered 404 with its message. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
