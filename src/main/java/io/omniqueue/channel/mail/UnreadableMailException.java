package io.omniqueue.channel.mail;

/**
 * Raw bytes that cannot be turned into a {@link ParsedMail}. The message is written for the person who looks at
 * the quarantined mail, so it says in plain words what is wrong with the input.
 */
public class UnreadableMailException extends Exception {

    private static final long serialVersionUID = 1L;

    public UnreadableMailException(String reason) {
        super(reason);
    }

    public UnreadableMailException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
