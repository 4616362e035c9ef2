package io.omniqueue.channel.mail;

import io.omniqueue.channel.SourceException;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.FolderNotFoundException;

/**
 * What a failed mailbox poll means, in the terms every poller shares: a refused login needs an
 * operator (the channel pauses, as a refused Mirakl key does), a missing folder is our
 * configuration (backs off, says which folder), anything else (connection refused, timeout, a
 * server that drops us) is the server being unavailable.
 */
final class MailFailures {

    private MailFailures() {
    }

    static SourceException classify(Throwable failure, String channelId, String folder) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SourceException known) {
                return known;
            }
            if (t instanceof AuthenticationFailedException refused) {
                return new SourceException.Unauthorized("the mail server refused the login"
                        + (refused.getMessage() == null ? "" : ": " + refused.getMessage().strip())
                        + " (check imap.username and imap.password of channel '" + channelId + "')");
            }
            if (t instanceof FolderNotFoundException) {
                return new SourceException.Refused("the folder '" + folder + "' does not exist on the mail server"
                        + " (check imap.folder of channel '" + channelId + "')");
            }
        }
        return new SourceException.Unavailable("mail server unavailable: " + describe(failure), failure);
    }

    private static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        Throwable cause = failure.getCause();
        if (cause != null && cause != failure && cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage()).append(')');
        }
        return text.toString().strip();
    }
}
