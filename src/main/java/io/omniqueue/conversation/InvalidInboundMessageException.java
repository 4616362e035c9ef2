package io.omniqueue.conversation;

/** The message can't be ingested as it is; it goes to quarantine with this reason. */
public class InvalidInboundMessageException extends RuntimeException {

    public InvalidInboundMessageException(String reason) {
        super(reason);
    }
}
