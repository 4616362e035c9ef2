package io.omniqueue.channel.mail;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelKind;
import io.omniqueue.channel.ConnectorPart;
import io.omniqueue.channel.SlaSettings;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/** The shop's mailbox over IMAP and SMTP, with Amazon's buyer messages arriving through relay addresses. */
@Component
class MailKind implements ChannelKind<MailSettings> {

    static final String NAME = "mail";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Class<MailSettings> settingsType() {
        return MailSettings.class;
    }

    @Override
    public Set<ConnectorPart> parts() {
        return Set.of(ConnectorPart.POLLER, ConnectorPart.REPLY_SENDER, ConnectorPart.QUARANTINE_REPLAYER,
                ConnectorPart.DEMO_SIMULATOR);
    }

    @Override
    public List<String> problems(MailSettings settings) {
        List<String> problems = new ArrayList<>();
        if (settings.imap() == null || settings.imap().host() == null) {
            problems.add("imap.host is required");
        }
        if (settings.smtp() == null || settings.smtp().host() == null) {
            problems.add("smtp.host is required");
        }
        if (settings.from() == null || settings.from().isBlank()) {
            problems.add("from is required (for Amazon: the sender address registered with Amazon)");
        } else {
            try {
                new InternetAddress(settings.from(), true);
            } catch (AddressException e) {
                problems.add("from '" + settings.from() + "' is not an e-mail address");
            }
        }
        return problems;
    }

    /** Amazon counts 24 h wall-clock, weekends and holidays included, whatever the shop's own hours. */
    @Override
    public Map<String, SlaSettings> otherPolicies(MailSettings settings) {
        SlaSettings amazon = settings.amazon() == null || settings.amazon().sla() == null
                ? new SlaSettings(null, null, null, null) : settings.amazon().sla();
        return Map.of(Channel.AMAZON_POLICY, amazon);
    }
}
