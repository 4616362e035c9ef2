package io.omniqueue.web.inbox;

import io.omniqueue.channel.Channel;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.conversation.MessageView;
import io.omniqueue.sla.SlaPolicy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Why a conversation's deadline is what it is: the message that started the clock, the policy
 * that counts from it, and the two due times that follow.
 *
 * @param policyKey {@code amazon} when the conversation follows another policy of its channel, else null
 * @param contract the marketplace's wall-clock allowance
 * @param internalTarget the shop's business-time target, or null
 * @param zone the calendar's time zone, or null
 * @param contractCalendarZone the zone of the working days the contract counts (Kaufland), or null when every hour counts
 * @param hours the calendar's ranges, one line per open weekday ("Monday 09:00-12:30, 14:00-18:00", in the page's language)
 */
record DeadlineExplanation(MessageView clockMessage, Instant clockStartedAt, String policyKey, String contract,
                           String internalTarget, String zone, List<String> hours, List<LocalDate> holidays,
                           Instant contractDueAt, Instant internalDueAt, String contractCalendarZone) {

    static DeadlineExplanation of(ConversationView conversation, Long clockMessageId, String policyKey, Channel channel,
                                  java.util.Locale locale) {
        MessageView started = conversation.messages().stream().filter(m -> clockMessageId != null && m.id() == clockMessageId)
                .findFirst().orElse(null);
        // A channel removed from the configuration keeps its conversations; the clock falls back to 24 h.
        SlaPolicy policy = channel == null ? SlaPolicy.wallClock(Duration.ofHours(24)) : channel.policy(policyKey);
        var internal = policy.internal();
        List<String> hours = internal == null ? List.of() : internal.calendar().hours().entrySet().stream()
                .sorted(java.util.Map.Entry.comparingByKey())
                .map(e -> e.getKey().getDisplayName(java.time.format.TextStyle.FULL, locale) + " " + String.join(", ", e.getValue().stream().map(Object::toString).toList()))
                .toList();
        return new DeadlineExplanation(started, conversation.clockStartedAt(),
                channel != null && policyKey != null && channel.otherPolicies().containsKey(policyKey) ? policyKey : null,
                human(policy.contract()), internal == null ? null : human(internal.target()),
                internal == null ? null : internal.calendar().zone().getId(), hours,
                internal == null ? List.of() : internal.calendar().holidays().stream().sorted().toList(),
                conversation.contractDueAt(), conversation.internalDueAt(),
                policy.contractCalendar() == null ? null : policy.contractCalendar().zone().getId());
    }

    /** "24 h", "1 h 30 min": durations as a person reads them, in both languages. */
    static String human(Duration d) {
        long hours = d.toHours();
        int minutes = d.toMinutesPart();
        if (hours == 0) {
            return minutes + " min";
        }
        return minutes == 0 ? hours + " h" : hours + " h " + minutes + " min";
    }
}
