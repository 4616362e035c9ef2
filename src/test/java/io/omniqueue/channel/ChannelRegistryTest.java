package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelRegistryTest {

    private static final List<ReplySender> SENDERS = List.of(new ReplySender() {
        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public List<String> validate(Channel channel, ReplyDraft draft) {
            return List.of();
        }

        @Override
        public SendOutcome send(Channel channel, OutgoingReply reply) {
            return new SendOutcome.Sent(null);
        }
    });

    /** A kind whose channels are each one marketplace, named after the channel unless set (as Mirakl's). */
    private static final ReplySender ONE_MARKETPLACE_PER_CHANNEL = new ReplySender() {
        @Override
        public String kind() {
            return "operator";
        }

        @Override
        public String defaultMarketplace(ChannelSettings settings) {
            return settings.id();
        }

        @Override
        public List<String> validate(Channel channel, ReplyDraft draft) {
            return List.of();
        }

        @Override
        public SendOutcome send(Channel channel, OutgoingReply reply) {
            return new SendOutcome.Sent(null);
        }
    };

    private static ChannelRegistry registry(ChannelSettings... channels) {
        return new ChannelRegistry(new ChannelsSettings(List.of(channels)), SENDERS);
    }

    private static ChannelSettings webhook(String id, SlaSettings sla) {
        return ChannelSettings.webhook(id, sla, URI.create("http://localhost/cb"), null);
    }

    @Test
    void channelWithoutSlaBlockGetsTwentyFourHoursWallClock() {
        Channel channel = registry(webhook("shop", null)).find("shop").orElseThrow();
        Instant start = Instant.parse("2026-11-20T17:00:00Z");
        assertThat(channel.policy().deadlinesFor(start).dueAt()).isEqualTo(start.plus(Duration.ofHours(24)));
    }

    @Test
    void internalCalendarIsBuiltFromTheConfiguredHours() {
        SlaSettings sla = new SlaSettings(Duration.ofHours(24), new SlaSettings.Internal(Duration.ofHours(1), "Europe/Paris",
                Map.of(DayOfWeek.MONDAY, List.of("09:00-12:00")), List.of()), null);
        Channel channel = registry(webhook("shop", sla)).find("shop").orElseThrow();
        // Friday 2026-11-20 17:00 Paris: the next opening is Monday 09:00, one hour later 10:00 (09:00Z).
        assertThat(channel.policy().deadlinesFor(Instant.parse("2026-11-20T16:00:00Z")).internalDueAt())
                .isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void unknownKindStopsTheStartWithTheKnownKinds() {
        assertThatThrownBy(() -> registry(new ChannelSettings("shop", "fax", null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)))
                .hasMessageContaining("fax").hasMessageContaining("webhook");
    }

    @Test
    void duplicateIdStopsTheStart() {
        assertThatThrownBy(() -> registry(webhook("shop", null), webhook("shop", null))).hasMessageContaining("twice");
    }

    @Test
    void badBusinessHoursNameTheChannelAndTheRange() {
        SlaSettings sla = new SlaSettings(null, new SlaSettings.Internal(Duration.ofHours(8), "Europe/Paris",
                Map.of(DayOfWeek.MONDAY, List.of("9h-12h")), List.of()), null);
        assertThatThrownBy(() -> registry(webhook("shop", sla))).hasMessageContaining("shop").hasMessageContaining("9h-12h");
    }

    @Test
    void unknownTimeZoneNamesTheChannel() {
        SlaSettings sla = new SlaSettings(null, new SlaSettings.Internal(Duration.ofHours(8), "Mars/Olympus",
                Map.of(DayOfWeek.MONDAY, List.of("09:00-12:00")), List.of()), null);
        assertThatThrownBy(() -> registry(webhook("shop", sla))).hasMessageContaining("shop").hasMessageContaining("Mars");
    }

    private static ChannelSettings withMarketplace(String id, String kind, String marketplace) {
        return new ChannelSettings(id, kind, null, URI.create("http://localhost/cb"), null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, marketplace);
    }

    private static Channel only(ChannelSettings channel) {
        List<ReplySender> senders = new java.util.ArrayList<>(SENDERS);
        senders.add(ONE_MARKETPLACE_PER_CHANNEL);
        return new ChannelRegistry(new ChannelsSettings(List.of(channel)), senders).find(channel.id()).orElseThrow();
    }

    @Test
    void channelWithoutMarketplaceGetsItsKindsDefault() {
        assertThat(only(webhook("contact-form", null)).marketplace()).isEqualTo(Marketplace.SHOP);
        assertThat(only(withMarketplace("worten-pt", "operator", null)).marketplace()).isEqualTo("worten-pt");
    }

    @Test
    void marketplaceSetOnAChannelIsItsWhateverTheKind() {
        assertThat(only(withMarketplace("ebay-form", "webhook", "ebay.es")).marketplace()).isEqualTo("ebay.es");
        assertThat(only(withMarketplace("worten-pt", "operator", "worten")).marketplace()).isEqualTo("worten");
    }

    @Test
    void marketplaceThatIsNotANameStopsTheStartNamingTheChannelAndTheSetting() {
        for (String bad : List.of("Amazon.ES", "amazon es", "", ".fr", "x".repeat(51))) {
            assertThatThrownBy(() -> only(withMarketplace("worten-pt", "operator", bad)))
                    .hasMessageContaining("omniqueue.channels[worten-pt].marketplace '" + bad + "'")
                    .hasMessageContaining("lower-case letters");
        }
        assertThat(only(withMarketplace("worten-pt", "operator", "x".repeat(50))).marketplace()).hasSize(50);
    }

    @Test
    void channelIdTooLongForAMarketplaceAsksForTheSetting() {
        String id = "a-very-long-operator-account-name-that-no-marketplace-has";
        assertThatThrownBy(() -> only(withMarketplace(id, "operator", null)))
                .hasMessageContaining("omniqueue.channels[" + id + "].marketplace is not set");
        assertThat(only(withMarketplace(id, "operator", "short")).marketplace()).isEqualTo("short");
    }

    @Test
    void idThatCannotNameARouteIsRefused() {
        assertThatThrownBy(() -> registry(webhook("My Shop!", null))).hasMessageContaining("My Shop!");
    }
}
