package io.omniqueue.channel.octopia;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.SendOutcome;
import io.omniqueue.channel.SourceConversationCloser;
import io.omniqueue.channel.SourceException;
import org.springframework.stereotype.Component;

/**
 * Closes an Octopia discussion when the agent closes the conversation: {@code PATCH /discussions/{id}}
 * with a JSON Patch that sets {@code isOpen} to false. Closing a closed discussion is harmless, so a
 * repeat after a crash or a retry does no damage.
 */
@Component
class OctopiaCloser implements SourceConversationCloser {

    /**
     * The patch, the one place that spells it [U]: the PHP SDK writes {@code "opt"} and the string
     * {@code "false"}, another client {@code "op"} and a boolean; RFC 6902 says {@code "op"}, which is used.
     */
    static final String OP_FIELD = "op";
    static final String CONTENT_TYPE = "application/json-patch+json";

    private final OctopiaClient client;
    private final ObjectMapper json;

    OctopiaCloser(OctopiaClient client, ObjectMapper json) {
        this.client = client;
        this.json = json;
    }

    @Override
    public String kind() {
        return OctopiaKind.NAME;
    }

    @Override
    public SendOutcome close(Channel channel, String externalThreadId) {
        var patch = json.createArrayNode();
        patch.addObject().put(OP_FIELD, "replace").put("path", "/isOpen").put("value", false);
        try {
            client.patchDiscussion(channel, externalThreadId, patch.toString(), CONTENT_TYPE);
            return new SendOutcome.Sent(null);
        } catch (SourceException.RateLimited e) {
            return new SendOutcome.RetryLater(e.getMessage(), e.retryAt());
        } catch (SourceException.Refused e) {
            // E.g. a discussion the seller has not answered yet, which Octopia is said not to close [U].
            return new SendOutcome.Rejected(e.getMessage());
        } catch (SourceException e) {
            return new SendOutcome.RetryLater(e.getMessage(), null);
        }
    }
}
