package io.omniqueue.quarantine;

/** A corrected payload of the wrong shape for its entry's source; nothing was stored. */
public class InvalidCorrectionException extends RuntimeException {

    InvalidCorrectionException(String message) {
        super(message);
    }
}
