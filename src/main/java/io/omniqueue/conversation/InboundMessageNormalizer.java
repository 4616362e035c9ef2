package io.omniqueue.conversation;

import io.omniqueue.platform.InputText;
import java.time.Instant;
import io.omniqueue.channel.Marketplace;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks what the store can't do without and trims what it can shorten safely. Ids are never
 * shortened nor cleaned: a cut id, or one without its NUL, would merge two threads or make two
 * messages one. Times outside {@link SentAtLimits} are moved into them (the API has refused them
 * already; a poller's source would send them again at every poll).
 */
@Component
class InboundMessageNormalizer {

    static final int MAX_ID = 500;
    private static final Logger log = LoggerFactory.getLogger(InboundMessageNormalizer.class);

    private final SentAtLimits limits;

    InboundMessageNormalizer(SentAtLimits limits) {
        this.limits = limits;
    }

    InboundMessage normalize(InboundMessage m) {
        if (m == null) {
            throw new InvalidInboundMessageException("no message");
        }
        List<String> problems = new ArrayList<>();
        require(problems, "channelId", m.channelId(), 100);
        require(problems, "externalThreadId", m.externalThreadId(), MAX_ID);
        require(problems, "externalMessageId", m.externalMessageId(), MAX_ID);
        if (m.direction() == null) {
            problems.add("direction is missing");
        }
        if (m.authorRole() == null) {
            problems.add("authorRole is missing");
        }
        if (m.marketplace() != null && !Marketplace.isValid(m.marketplace())) {
            problems.add("marketplace '" + m.marketplace() + "' must be " + Marketplace.RULE);
        }
        if (m.sentAt() == null) {
            problems.add("sentAt is missing");
        }
        if (!problems.isEmpty()) {
            throw new InvalidInboundMessageException(String.join("; ", problems));
        }
        List<InboundAttachment> attachments = attachments(m.attachments(), problems);
        if (!problems.isEmpty()) {
            throw new InvalidInboundMessageException(String.join("; ", problems));
        }
        return new InboundMessage(m.channelId(), m.externalThreadId(), m.externalMessageId(),
                m.direction(), m.authorRole(), cut(m.authorName(), 300), cut(m.authorEmail(), 320),
                cut(m.subject(), 1000), clean(m.body()), clamped(m, "sentAt", m.sentAt()), cut(m.orderId(), 100),
                m.needsReply(), clamped(m, "waitingSince", m.waitingSince()), attachments, clean(m.htmlBody()),
                cut(m.slaPolicy(), 50), m.marketplace(), cut(m.customerRef(), 200));
    }

    private Instant clamped(InboundMessage m, String field, Instant time) {
        if (time == null) {
            return null;
        }
        Instant clamped = limits.clamp(time);
        if (!clamped.equals(time)) {
            // The original stays in this line: the stored time is ours, not the source's.
            log.warn("Message {} of channel {}: {} {} is out of range, stored as {}", m.externalMessageId(), m.channelId(),
                    field, time, clamped);
        }
        return clamped;
    }

    private static List<InboundAttachment> attachments(List<InboundAttachment> attachments, List<String> problems) {
        List<InboundAttachment> cleaned = new ArrayList<>();
        for (InboundAttachment a : attachments) {
            if (a.externalId() == null || a.externalId().isBlank()
                    || InputText.lineProblem(a.externalId(), MAX_ID).isPresent()) {
                problems.add("an attachment has no usable id");
                continue;
            }
            String name = a.name() == null || a.name().isBlank() ? "attachment" : cut(a.name(), 500);
            cleaned.add(new InboundAttachment(a.externalId(), name, a.sizeBytes(), cut(a.contentType(), 200), a.content()));
        }
        return cleaned;
    }

    private static void require(List<String> problems, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            problems.add(field + " is missing");
        } else {
            InputText.lineProblem(value, max).ifPresent(problem -> problems.add(field + " " + problem));
        }
    }

    // PostgreSQL refuses U+0000 in text; mail and JSON sources do send it.
    private static String clean(String value) {
        return value == null ? null : value.replace("\u0000", "");
    }

    private static String cut(String value, int max) {
        String cleaned = clean(value);
        if (cleaned == null) {
            return null;
        }
        cleaned = cleaned.strip();
        return cleaned.length() <= max ? cleaned : cleaned.substring(0, max - 1) + "…";
    }
}
