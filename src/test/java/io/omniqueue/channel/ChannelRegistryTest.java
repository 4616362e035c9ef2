package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The registry builds channels from configuration entries and whatever kinds are declared. The kind
 * here, "fax", exists only in this test: nothing in the main code names it, so it proves that kinds
 * are discovered, not enumerated.
 */
class ChannelRegistryTest {

    /** A kind of the test's own: one required key, a reply sender and nothing else. */
    record FaxSettings(URI gateway, Integer pages) {
    }

    static final ChannelKind<FaxSettings> FAX = new ChannelKind<>() {
        @Override
        public String name() {
            return "fax";
        }

        @Override
        public Class<FaxSettings> settingsType() {
            return FaxSettings.class;
        }

        @Override
        public Set<ConnectorPart> parts() {
            return Set.of(ConnectorPart.REPLY_SENDER);
        }

        @Override
        public List<String> problems(FaxSettings settings) {
            return settings.gateway() == null ? List.of("gateway is required") : List.of();
        }
    };

    private final Map<String, String> properties = new LinkedHashMap<>();
    private int channels;

    private ChannelRegistryTest fax(String id, String... more) {
        String prefix = "omniqueue.channels[" + channels++ + "].";
        properties.put(prefix + "id", id);
        properties.put(prefix + "kind", "fax");
        properties.put(prefix + "gateway", "http://localhost/fax");
        for (int i = 0; i + 1 < more.length; i += 2) {
            properties.put(prefix + more[i], more[i + 1]);
        }
        return this;
    }

    private ChannelRegistry registry(ChannelKind<?>... kinds) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        ChannelsSettings settings = binder.bindOrCreate("omniqueue", ChannelsSettings.class);
        ChannelSettingsBinder own = new ChannelSettingsBinder() {
            @Override
            public <S> S bind(int index, Class<S> type) {
                return binder.bindOrCreate("omniqueue.channels[" + index + "]", type);
            }
        };
        return new ChannelRegistry(settings, new ArrayList<>(List.of(kinds)), own);
    }

    @Test
    void aKindDeclaredAnywhereIsConfigurableWithItsOwnKeysBesideTheCommonOnes() {
        Channel channel = fax("shop-fax", "pages", "3", "marketplace", "fax-line").registry(FAX).find("shop-fax").orElseThrow();
        assertThat(channel.settings(FaxSettings.class)).isEqualTo(new FaxSettings(URI.create("http://localhost/fax"), 3));
        assertThat(channel.marketplace()).isEqualTo("fax-line");
        assertThat(channel.settings().kind()).isEqualTo("fax");
    }

    @Test
    void aKindsOwnProblemNamesTheChannelAndTheKey() {
        properties.put("omniqueue.channels[0].id", "broken");
        properties.put("omniqueue.channels[0].kind", "fax");
        channels = 1;
        assertThatThrownBy(() -> registry(FAX)).hasMessageContaining("omniqueue.channels[broken]").hasMessageContaining("gateway");
    }

    @Test
    void channelWithoutSlaBlockGetsTwentyFourHoursWallClock() {
        Channel channel = fax("shop").registry(FAX).find("shop").orElseThrow();
        Instant start = Instant.parse("2026-11-20T17:00:00Z");
        assertThat(channel.policy().deadlinesFor(start).dueAt()).isEqualTo(start.plus(Duration.ofHours(24)));
        assertThat(channel.marketplace()).as("the kind's default").isEqualTo("shop");
    }

    @Test
    void internalCalendarIsBuiltFromTheConfiguredHours() {
        Channel channel = fax("shop", "sla.internal.target", "PT1H", "sla.internal.zone", "Europe/Paris",
                "sla.internal.hours.monday[0]", "09:00-12:00").registry(FAX).find("shop").orElseThrow();
        // Friday 2026-11-20 17:00 Paris: the next opening is Monday 09:00, one hour later 10:00 (09:00Z).
        assertThat(channel.policy().deadlinesFor(Instant.parse("2026-11-20T16:00:00Z")).internalDueAt())
                .isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    }

    @Test
    void contractCalendarCountsTheContractOnWorkingDaysWithTheCountrysHolidays() {
        Channel channel = fax("kaufland-de", "sla.contract", "PT48H", "sla.contract-calendar.zone", "Europe/Berlin",
                "sla.contract-calendar.holidays-country", "de", "sla.contract-calendar.holidays[0]", "2026-11-23")
                .registry(FAX).find("kaufland-de").orElseThrow();
        // Friday 2026-11-20 15:00 Berlin; Monday the 23rd is an explicit holiday: 9 h Friday, 24 h Tuesday, 15 h Wednesday.
        assertThat(channel.policy().deadlinesFor(Instant.parse("2026-11-20T14:00:00Z")).contractDueAt())
                .isEqualTo(Instant.parse("2026-11-25T14:00:00Z"));
        // 2026-12-24 Thursday 10:00 Berlin: Christmas (25th, from the library), the weekend, then Monday and Tuesday.
        assertThat(channel.policy().deadlinesFor(Instant.parse("2026-12-24T09:00:00Z")).contractDueAt())
                .isEqualTo(Instant.parse("2026-12-29T09:00:00Z"));
    }

    @Test
    void contractCalendarTakesTheConfiguredWorkingDays() {
        Channel channel = fax("six-days", "sla.contract", "PT48H", "sla.contract-calendar.zone", "Europe/Berlin",
                "sla.contract-calendar.working-days[0]", "monday", "sla.contract-calendar.working-days[1]", "tuesday",
                "sla.contract-calendar.working-days[2]", "wednesday", "sla.contract-calendar.working-days[3]", "thursday",
                "sla.contract-calendar.working-days[4]", "friday", "sla.contract-calendar.working-days[5]", "saturday")
                .registry(FAX).find("six-days").orElseThrow();
        // Friday 15:00 Berlin: 9 h Friday, 24 h Saturday, Sunday off, 15 h Monday.
        assertThat(channel.policy().deadlinesFor(Instant.parse("2026-11-20T14:00:00Z")).contractDueAt())
                .isEqualTo(Instant.parse("2026-11-23T14:00:00Z"));
    }

    @Test
    void contractCalendarWithAnUnknownCountryStopsTheStart() {
        fax("kaufland-xx", "sla.contract-calendar.zone", "Europe/Berlin", "sla.contract-calendar.holidays-country", "zz");
        assertThatThrownBy(() -> registry(FAX)).hasMessageContaining("omniqueue.channels[kaufland-xx].sla")
                .hasMessageContaining("holidays-country 'zz'");
    }

    @Test
    void unknownKindStopsTheStartWithTheKnownKinds() {
        fax("shop");
        properties.put("omniqueue.channels[0].kind", "telex");
        assertThatThrownBy(() -> registry(FAX)).hasMessageContaining("telex").hasMessageContaining("fax");
    }

    @Test
    void twoConnectorsDeclaringOneKindStopTheStart() {
        assertThatThrownBy(() -> registry(FAX, FAX)).hasMessageContaining("'fax'");
    }

    @Test
    void duplicateIdStopsTheStart() {
        assertThatThrownBy(() -> fax("shop").fax("shop").registry(FAX)).hasMessageContaining("twice");
    }

    @Test
    void badBusinessHoursNameTheChannelAndTheRange() {
        assertThatThrownBy(() -> fax("shop", "sla.internal.target", "PT8H", "sla.internal.zone", "Europe/Paris",
                "sla.internal.hours.monday[0]", "9h-12h").registry(FAX))
                .hasMessageContaining("shop").hasMessageContaining("9h-12h");
    }

    @Test
    void unknownTimeZoneNamesTheChannel() {
        assertThatThrownBy(() -> fax("shop", "sla.internal.target", "PT8H", "sla.internal.zone", "Mars/Olympus",
                "sla.internal.hours.monday[0]", "09:00-12:00").registry(FAX))
                .hasMessageContaining("shop").hasMessageContaining("Mars");
    }

    @Test
    void idThatCannotNameARouteIsRefused() {
        assertThatThrownBy(() -> fax("My Shop!").registry(FAX)).hasMessageContaining("My Shop!");
    }

    @Test
    void marketplaceThatIsNotANameIsRefused() {
        assertThatThrownBy(() -> fax("shop", "marketplace", "Amazon ES").registry(FAX))
                .hasMessageContaining("omniqueue.channels[shop].marketplace").hasMessageContaining("Amazon ES");
    }
}
