package io.omniqueue.web;

/** Answered 400 with its message. */
public class BadRequestException extends RuntimeException {

    public BadRequestException(String message) {
        super(message);
    }
}
