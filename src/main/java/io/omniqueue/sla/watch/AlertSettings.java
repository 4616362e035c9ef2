package io.omniqueue.sla.watch;

import io.omniqueue.channel.MailServerSettings;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.alerts}: who hears about deadlines and failures, and how.
 *
 * @param smtp the server alert mails leave through
 * @param from the sender of alert mails
 * @param recipients default recipients of every channel's alerts
 * @param escalation also told when a deadline is breached
 * @param digestThreshold more alerts than this for the same recipients at once go out as one digest
 * @param schedule Quartz cron of the watch
 * @param failingAfter a channel whose polls have failed for longer than this is reported
 * @param repeatEvery an operational condition that lasts is reported again at most this often
 * @param sendLease alerts claimed by a node whose run died are claimed again after this
 */
@ConfigurationProperties("omniqueue.alerts")
public record AlertSettings(
        MailServerSettings smtp,
        String from,
        List<String> recipients,
        List<String> escalation,
        @DefaultValue("5") int digestThreshold,
        @DefaultValue("0 * * * * ?") String schedule,
        @DefaultValue("30m") Duration failingAfter,
        @DefaultValue("4h") Duration repeatEvery,
        @DefaultValue("5m") Duration sendLease) {

    public AlertSettings {
        // An unset environment variable binds as one empty address.
        recipients = addresses(recipients);
        escalation = addresses(escalation);
    }

    private static List<String> addresses(List<String> list) {
        return list == null ? List.of() : list.stream().map(String::strip).filter(a -> !a.isEmpty()).toList();
    }

    boolean canSend() {
        return smtp != null && smtp.host() != null && from != null && !from.isBlank();
    }
}
