package io.omniqueue.quarantine;

/** A corrected payload over {@code omniqueue.quarantine.max-correction-bytes}; nothing was stored. */
public class CorrectionTooLargeException extends RuntimeException {

    CorrectionTooLargeException(long size, long limit) {
        super("the corrected payload is " + size + " bytes; a correction may be at most " + limit
                + " bytes (omniqueue.quarantine.max-correction-bytes)");
    }
}
