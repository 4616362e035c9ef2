package io.omniqueue.web.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelSettings;
import io.omniqueue.conversation.ConversationStatus;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.sla.BusinessCalendar;
import io.omniqueue.sla.SlaPolicy;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The deadline explanation says whether the contract counts every hour or working days only. */
class DeadlineExplanationTest {

    static Channel channel(SlaPolicy policy) {
        return new Channel(new ChannelSettings("c", "webhook", null, null, null, null), null, "shop", policy, Map.of());
    }

    static final ConversationView CONVERSATION = new ConversationView(1, "c", "shop", ConversationStatus.NEEDS_REPLY, null, null,
            null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, Instant.EPOCH, null, null, null, List.of(), List.of(),
            null, null, null, false);

    @Test
    void aWorkingDayContractNamesItsZoneAndAWallClockOneNone() {
        SlaPolicy workingDays = new SlaPolicy(Duration.ofHours(48), null, BusinessCalendar.wholeDays(ZoneId.of("Europe/Berlin"),
                EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), Set.of()));
        assertThat(DeadlineExplanation.of(CONVERSATION, null, null, channel(workingDays), Locale.ENGLISH).contractCalendarZone())
                .isEqualTo("Europe/Berlin");
        assertThat(DeadlineExplanation.of(CONVERSATION, null, null, channel(SlaPolicy.wallClock(Duration.ofHours(24))),
                Locale.ENGLISH).contractCalendarZone()).isNull();
    }

    @Test
    void theWorkingDayWordingExistsInEnglishAndSpanish() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages-contractcalendar");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        Object[] args = {"48 h", "Europe/Berlin"};
        assertThat(messages.getMessage("contractcalendar.why.contract", args, Locale.ENGLISH)).contains("48 h").contains("working days");
        assertThat(messages.getMessage("contractcalendar.why.contract", args, Locale.forLanguageTag("es")))
                .contains("48 h").contains("días laborables");
    }
}
