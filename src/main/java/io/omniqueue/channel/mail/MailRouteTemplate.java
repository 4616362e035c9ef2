package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRouteTemplate;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.channel.MailServerSettings;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code mailbox-<channelId>} from the {@code mail-poll} template: camel-mail reads the folder
 * without marking a mail seen (peek) until the exchange has stored it, then moves it to the
 * processed folder (or marks it seen when it stays in place).
 */
@Component
class MailRouteTemplate implements ChannelRouteTemplate {

    @Override
    public String kind() {
        return MailReplySender.KIND;
    }

    @Override
    public String templateId() {
        return "mail-poll";
    }

    @Override
    public String routeId(Channel channel) {
        return "mailbox-" + channel.id();
    }

    @Override
    public Map<String, Object> parameters(Channel channel) {
        return Map.of("channelId", channel.id(), "mailUri", consumerUri(channel.settings()));
    }

    static String consumerUri(ChannelSettings settings) {
        MailServerSettings imap = settings.imap();
        String protocol = imap.protocol() == null || imap.protocol().isBlank() ? "imaps" : imap.protocol().trim();
        StringBuilder uri = new StringBuilder(protocol).append("://").append(imap.host());
        if (imap.port() != null) {
            uri.append(':').append(imap.port());
        }
        uri.append("?folderName=RAW(").append(imap.folderOrDefault()).append(')')
                .append("&peek=true&unseen=true&delete=false")
                // Our own parser reads the raw bytes: Camel's mapping would fail on the mails we must quarantine.
                .append("&mapMailMessage=false")
                .append("&maxMessagesPerPoll=100&fetchSize=100");
        if (imap.username() != null && !imap.username().isBlank()) {
            uri.append("&username=RAW(").append(imap.username()).append(')');
        }
        if (imap.password() != null && !imap.password().isEmpty()) {
            uri.append("&password=RAW(").append(imap.password()).append(')');
        }
        if (imap.processedFolderOrDefault() != null) {
            uri.append("&moveTo=RAW(").append(imap.processedFolderOrDefault()).append(')');
        }
        if (settings.schedule() != null && !settings.schedule().isBlank()) {
            uri.append("&scheduler=quartz&scheduler.cron=").append(settings.schedule().trim().replace(' ', '+'));
        } else {
            long delay = settings.pollDelay() == null ? 60_000 : settings.pollDelay().toMillis();
            uri.append("&delay=").append(delay);
        }
        return uri.toString();
    }
}
