package io.omniqueue.reply;

/**
 * What an agent's reply says beyond its text.
 *
 * @param basedOnMessageId the newest message its author saw; null to skip the send guard (as before issue 11)
 * @param force send even though newer messages arrived after {@code basedOnMessageId}
 * @param template the name of the template the reply started from, for the audit trail; or null
 */
public record ReplyOptions(Long basedOnMessageId, boolean force, String template) {

    public static final ReplyOptions NONE = new ReplyOptions(null, false, null);
}
