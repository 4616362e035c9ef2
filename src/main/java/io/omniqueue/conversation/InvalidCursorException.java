package io.omniqueue.conversation;

/** An {@code after} value that this API never handed out. */
public class InvalidCursorException extends RuntimeException {

    public InvalidCursorException(String message) {
        super(message);
    }
}
