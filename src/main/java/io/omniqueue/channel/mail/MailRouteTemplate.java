package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRouteTemplate;
import io.omniqueue.channel.MailServerSettings;
import io.omniqueue.channel.PollRun;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * {@code mailbox-<channelId>} from the {@code mail-poll} template: the endpoint's parts (server,
 * folder, schedule) are the template's parameters, read from the channel's settings; the folders a
 * poll's mails move to are read from them by {@link MailIngestor}.
 */
@Component
class MailRouteTemplate implements ChannelRouteTemplate {

    private final PollRun pollRun;
    private final MailsDone done;

    MailRouteTemplate(PollRun pollRun, MailsDone done) {
        this.pollRun = pollRun;
        this.done = done;
    }

    @Override
    public String kind() {
        return MailKind.NAME;
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
        MailSettings settings = channel.settings(MailSettings.class);
        MailServerSettings imap = settings.imap();
        Map<String, Object> p = new HashMap<>();
        p.put("channelId", channel.id());
        p.put("protocol", imap.protocol() == null || imap.protocol().isBlank() ? "imaps" : imap.protocol().trim());
        p.put("host", imap.host());
        p.put("port", imap.port() != null ? imap.port() : defaultPort(imap));
        p.put("folder", raw(imap.folderOrDefault()));
        p.put("pollStrategy", strategyName(channel));
        p.put("mailPoll", pollName(channel));
        p.put("pollDelay", settings.pollDelayOrDefault().toMillis());
        putIfSet(p, "username", imap.username());
        putIfSet(p, "password", imap.password());
        if (channel.settings().hasSchedule()) {
            p.put("scheduler", "quartz");
            p.put("cron", channel.settings().schedule().trim().replace(' ', '+'));
        }
        return p;
    }

    @Override
    public Map<String, Object> beans(Channel channel) {
        MailPoll poll = new MailPoll(channel.id());
        return Map.of(strategyName(channel), new MailPollStrategy(channel, pollRun, done, poll), pollName(channel), poll);
    }

    private static String pollName(Channel channel) {
        return "mailPoll-" + channel.id();
    }

    private static String strategyName(Channel channel) {
        return "mailPollStrategy-" + channel.id();
    }

    private static int defaultPort(MailServerSettings imap) {
        return "imap".equalsIgnoreCase(imap.protocol()) ? 143 : 993;
    }

    private static void putIfSet(Map<String, Object> parameters, String name, String value) {
        if (value != null && !value.isEmpty()) {
            parameters.put(name, raw(value));
        }
    }

    private static String raw(String value) {
        return "RAW(" + value + ")";
    }
}
