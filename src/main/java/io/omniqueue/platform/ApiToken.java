package io.omniqueue.platform;

/**
 * One bearer token accepted by {@code /api/**}, and the name it signs in as: the name is the
 * identity recorded on the decisions the token's caller makes.
 *
 * @param name who the token is, e.g. {@code helpdesk-bot}; null for a plain entry, which
 *     {@link ApiSecuritySettings} names after its position ({@code api-token-1}...)
 * @param token the secret
 */
public record ApiToken(String name, String token) {

    /**
     * The recorded identity is {@code "<name> (on behalf of <agent>)"} (see {@link Caller}) and
     * goes into 200-character columns (conversation.no_reply_by, reply.author), so a name stays
     * well within them: a schema limit, not an operator's choice.
     */
    static final int MAX_NAME_LENGTH = 80;

    public ApiToken {
        name = name == null ? null : name.strip();
        token = token == null ? null : token.strip();
    }

    /** A plain entry, as in {@code api-tokens: [a, b]} or {@code OMNIQUEUE_API_TOKENS=a,b}: named by its position later. */
    public static ApiToken valueOf(String token) {
        return new ApiToken(null, token);
    }

    ApiToken named(String newName) {
        return new ApiToken(newName, token);
    }

    /** Never the secret: settings end up in logs and in binding error messages. */
    @Override
    public String toString() {
        return "ApiToken[name=" + name + ", token=***]";
    }
}
