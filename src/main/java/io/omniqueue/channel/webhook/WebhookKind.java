package io.omniqueue.channel.webhook;

import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ConnectorPart;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Web forms and chat widgets: they push messages to {@code POST /api/inbound/{channel}}; replies are POSTed back. */
@Component
class WebhookKind implements ChannelKind<WebhookSettings> {

    static final String NAME = "webhook";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<WebhookSettings> settingsType() {
        return WebhookSettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.REPLY_SENDER);
    }

    @Override
    public List<String> problems(WebhookSettings settings) {
        if (settings.callbackUrl() == null) {
            return List.of("callback-url is required for a webhook channel");
        }
        if (settings.maxReplyLength() != null && settings.maxReplyLength() < 1) {
            return List.of("max-reply-length must be at least 1, was " + settings.maxReplyLength());
        }
        return List.of();
    }
}
