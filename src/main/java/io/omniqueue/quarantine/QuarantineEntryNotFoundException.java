package io.omniqueue.quarantine;

public class QuarantineEntryNotFoundException extends RuntimeException {

    public QuarantineEntryNotFoundException(long id) {
        super("quarantine entry " + id + " does not exist");
    }
}
