package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationErasure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The bean behind the {@code privacy-retention} route: erases the conversations whose
 * marketplace's retention ({@code omniqueue.privacy.retention}) has run out, counted from their
 * last message once they no longer wait for a reply. Amazon counts its 30 days from the order's
 * closing, which we don't see; the last activity of the conversation is the closest we know.
 */
@Component("privacyRetention")
public class PrivacyRetention {

    private static final Logger log = LoggerFactory.getLogger(PrivacyRetention.class);

    private final PrivacySettings settings;
    private final ConversationErasure conversations;
    private final CustomerErasure erasure;
    private final Clock clock;

    PrivacyRetention(PrivacySettings settings, ConversationErasure conversations, CustomerErasure erasure, Clock clock) {
        this.settings = settings;
        this.conversations = conversations;
        this.erasure = erasure;
        this.clock = clock;
    }

    /** @return how many conversations this run erased */
    public int run() {
        if (settings.retention().isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        int erased = 0;
        for (String marketplace : conversations.marketplacesWithClosedConversations()) {
            Optional<Map.Entry<String, Duration>> rule = ruleFor(settings.retention(), marketplace);
            if (rule.isEmpty()) {
                continue;
            }
            Instant before = now.minus(rule.get().getValue());
            String name = rule.get().getKey() + "=" + rule.get().getValue();
            List<Long> batch;
            do {
                batch = conversations.idleBefore(marketplace, before, settings.batchSize());
                for (long id : batch) {
                    // Each conversation in its own transaction: one that fails doesn't hold back the others.
                    if (erasure.eraseForRetention(id, before, name).isPresent()) {
                        erased++;
                    }
                }
            } while (batch.size() == settings.batchSize());
        }
        if (erased > 0) {
            log.info("Retention run erased {} conversations", erased);
        }
        return erased;
    }

    /** The exact name's rule, else the longest family ({@code amazon.*}, then {@code *}) that holds the marketplace. */
    static Optional<Map.Entry<String, Duration>> ruleFor(Map<String, Duration> rules, String marketplace) {
        Duration exact = rules.get(marketplace);
        if (exact != null) {
            return Optional.of(Map.entry(marketplace, exact));
        }
        return rules.entrySet().stream()
                .filter(r -> r.getKey().equals("*")
                        || r.getKey().endsWith(".*") && marketplace.startsWith(r.getKey().substring(0, r.getKey().length() - 1)))
                .max(Comparator.comparingInt(r -> r.getKey().length()));
    }
}
