package io.omniqueue.channel.mirakl;

import io.omniqueue.channel.AttachmentSource;
import io.omniqueue.channel.Channel;
import org.springframework.stereotype.Component;

/** M13: an attachment's bytes, fetched when an agent opens it rather than copied at every poll. */
@Component
class MiraklAttachments implements AttachmentSource {

    private final MiraklClient client;

    MiraklAttachments(MiraklClient client) {
        this.client = client;
    }

    @Override
    public String kind() {
        return MiraklKind.NAME;
    }

    @Override
    public Download fetch(Channel channel, String externalAttachmentId, String name) {
        MiraklFile file = client.download(channel, externalAttachmentId, name);
        return new Download(file.name(), file.contentType(), file.content());
    }
}
