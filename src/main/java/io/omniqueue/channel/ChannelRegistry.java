package io.omniqueue.channel;

import io.omniqueue.sla.BusinessCalendar;
import io.omniqueue.sla.InternalTarget;
import io.omniqueue.sla.PublicHolidays;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.sla.TimeRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The channels of this installation. A mistake in the configuration stops the start-up with a
 * message naming the channel and the setting, rather than surfacing as a wrong deadline later.
 */
@Component
public class ChannelRegistry {

    static final Duration DEFAULT_CONTRACT = Duration.ofHours(24);
    private static final int HOLIDAY_YEARS_AHEAD = 10;
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");


    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, ChannelKind<?>> kinds = new LinkedHashMap<>();

    /**
     * @param kinds every connector's declaration, discovered as beans
     * @param binder binds a kind's own settings from the channel's entry
     */
    public ChannelRegistry(ChannelsSettings settings, List<ChannelKind<?>> kinds, ChannelSettingsBinder binder) {
        for (ChannelKind<?> kind : kinds) {
            if (this.kinds.putIfAbsent(kind.name(), kind) != null) {
                throw new IllegalStateException("two connectors declare the channel kind '" + kind.name() + "'");
            }
        }
        List<ChannelSettings> entries = settings.channels();
        for (int i = 0; i < entries.size(); i++) {
            Channel checked = check(entries.get(i), i, binder);
            if (channels.putIfAbsent(checked.id(), checked) != null) {
                throw new IllegalStateException("omniqueue.channels: channel id '" + checked.id() + "' is declared twice");
            }
        }
    }

    public Optional<Channel> find(String id) {
        return Optional.ofNullable(id).map(channels::get);
    }

    public Collection<Channel> all() {
        return channels.values();
    }

    /** The configured channels of one kind. */
    public List<Channel> ofKind(String kind) {
        return channels.values().stream().filter(c -> c.kind().equals(kind)).toList();
    }

    /** The declared kinds, by name. */
    public Map<String, ChannelKind<?>> kinds() {
        return Map.copyOf(kinds);
    }

    /** Whether the channel's kind reads its source on a schedule (and so has a poll state worth showing). */
    public boolean isPolled(Channel channel) {
        ChannelKind<?> kind = kinds.get(channel.kind());
        return kind != null && kind.parts().contains(ConnectorPart.POLLER);
    }

    /** What the channel's kind adds to its state ({@link ChannelKind#details}). */
    public Map<String, Object> details(Channel channel) {
        ChannelKind<?> kind = kinds.get(channel.kind());
        return kind == null ? Map.of() : kind.details(channel);
    }

    private Channel check(ChannelSettings channel, int index, ChannelSettingsBinder binder) {
        if (channel.id() == null || !ID.matcher(channel.id()).matches()) {
            throw new IllegalStateException("omniqueue.channels: id '" + channel.id()
                    + "' must be lower-case letters, digits and dashes (it names routes and rows)");
        }
        ChannelKind<?> kind = channel.kind() == null ? null : kinds.get(channel.kind());
        if (kind == null) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].kind '" + channel.kind()
                    + "' is not one of " + kinds.keySet());
        }
        return bindAndBuild(channel, index, kind, binder);
    }

    private static <S> Channel bindAndBuild(ChannelSettings channel, int index, ChannelKind<S> kind, ChannelSettingsBinder binder) {
        return build(channel, kind, binder.bind(index, kind.settingsType()));
    }

    private static <S> Channel build(ChannelSettings channel, ChannelKind<S> kind, S own) {
        List<String> problems = kind.problems(own);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "]: " + String.join("; ", problems));
        }
        String marketplace = channel.marketplace() == null || channel.marketplace().isBlank()
                ? kind.defaultMarketplace(channel) : channel.marketplace().trim();
        if (!Marketplace.isValid(marketplace)) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].marketplace '" + marketplace
                    + "' must be " + Marketplace.RULE + " (e.g. carrefour-fr, amazon.es)");
        }
        Map<String, SlaPolicy> others = new LinkedHashMap<>();
        try {
            kind.otherPolicies(own).forEach((key, sla) -> others.put(key, policy(sla)));
            return new Channel(channel, own, marketplace, policy(channel.sla()), others);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].sla: " + e.getMessage(), e);
        }
    }

    static SlaPolicy policy(SlaSettings sla) {
        Duration contract = sla == null || sla.contract() == null ? DEFAULT_CONTRACT : sla.contract();
        BusinessCalendar contractCalendar = sla == null ? null : contractCalendar(sla.contractCalendar());
        if (sla == null || sla.internal() == null) {
            return new SlaPolicy(contract, null, contractCalendar);
        }
        SlaSettings.Internal internal = sla.internal();
        if (internal.target() == null || internal.zone() == null) {
            throw new IllegalArgumentException("internal needs a target (e.g. PT8H) and a zone (e.g. Europe/Paris)");
        }
        Map<java.time.DayOfWeek, List<TimeRange>> hours = new EnumMap<>(java.time.DayOfWeek.class);
        if (internal.hours() != null) {
            internal.hours().forEach((day, ranges) -> hours.put(day, ranges.stream().map(TimeRange::parse).toList()));
        }
        Set<java.time.LocalDate> holidays = internal.holidays() == null ? Set.of() : new HashSet<>(internal.holidays());
        BusinessCalendar calendar = new BusinessCalendar(ZoneId.of(internal.zone()), hours, holidays);
        return new SlaPolicy(contract, new InternalTarget(internal.target(), calendar), contractCalendar);
    }

    private static BusinessCalendar contractCalendar(SlaSettings.ContractCalendar settings) {
        if (settings == null) {
            return null;
        }
        if (settings.zone() == null) {
            throw new IllegalArgumentException("contract-calendar needs a zone (e.g. Europe/Berlin)");
        }
        ZoneId zone = ZoneId.of(settings.zone());
        Set<java.time.DayOfWeek> workingDays = settings.workingDays() == null || settings.workingDays().isEmpty()
                ? EnumSet.range(java.time.DayOfWeek.MONDAY, java.time.DayOfWeek.FRIDAY)
                : EnumSet.copyOf(settings.workingDays());
        Set<java.time.LocalDate> holidays = new HashSet<>();
        if (settings.holidays() != null) {
            holidays.addAll(settings.holidays());
        }
        if (settings.holidaysCountry() != null && !settings.holidaysCountry().isBlank()) {
            // Deadlines reach a few days ahead and the service runs for years: a decade of holidays, from last year on.
            int year = java.time.LocalDate.now(zone).getYear();
            holidays.addAll(PublicHolidays.of(settings.holidaysCountry(), year - 1, year + HOLIDAY_YEARS_AHEAD));
        }
        return BusinessCalendar.wholeDays(zone, workingDays, holidays);
    }
}
