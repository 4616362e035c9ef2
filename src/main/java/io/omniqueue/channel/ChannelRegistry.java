package io.omniqueue.channel;

import io.omniqueue.sla.BusinessCalendar;
import io.omniqueue.sla.InternalTarget;
import io.omniqueue.sla.SlaPolicy;
import io.omniqueue.sla.TimeRange;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The channels of this installation. A mistake in the configuration stops the start-up with a
 * message naming the channel and the setting, rather than surfacing as a wrong deadline later.
 */
@Component
public class ChannelRegistry {

    static final Duration DEFAULT_CONTRACT = Duration.ofHours(24);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final Map<String, Channel> channels = new LinkedHashMap<>();

    public ChannelRegistry(ChannelsSettings settings, List<ReplySender> senders) {
        Set<String> kinds = senders.stream().map(ReplySender::kind).collect(Collectors.toSet());
        for (ChannelSettings channel : settings.channels()) {
            Channel checked = check(channel, kinds);
            ReplySender sender = senders.stream().filter(s -> s.kind().equals(channel.kind())).findFirst().orElseThrow();
            List<String> problems = sender.configurationProblems(channel);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("omniqueue.channels[" + channel.id() + "]: " + String.join("; ", problems));
            }
            checked = new Channel(channel, checked.policy(), checked.otherPolicies(), marketplace(channel, sender));
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

    private static Channel check(ChannelSettings channel, Set<String> kinds) {
        if (channel.id() == null || !ID.matcher(channel.id()).matches()) {
            throw new IllegalStateException("omniqueue.channels: id '" + channel.id()
                    + "' must be lower-case letters, digits and dashes (it names routes and rows)");
        }
        if (channel.kind() == null || !kinds.contains(channel.kind())) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].kind '" + channel.kind()
                    + "' is not one of " + kinds);
        }
        try {
            // Amazon counts 24 h wall-clock, weekends and holidays included, whatever the shop's own hours.
            SlaPolicy amazon = policy(channel.amazon() == null ? null : channel.amazon().sla());
            return new Channel(channel, policy(channel.sla()), Map.of(Channel.AMAZON_POLICY, amazon));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].sla: " + e.getMessage(), e);
        }
    }

    private static String marketplace(ChannelSettings channel, ReplySender sender) {
        String name = channel.marketplace();
        if (name != null) {
            if (!Marketplace.isValid(name)) {
                throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].marketplace '" + name
                        + "' must be " + Marketplace.RULE);
            }
            return name;
        }
        // A 51-63 character Mirakl channel id is a valid id but too long a marketplace: say which setting fixes it.
        String byDefault = sender.defaultMarketplace(channel);
        if (!Marketplace.isValid(byDefault)) {
            throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].marketplace is not set and the "
                    + channel.kind() + " default '" + byDefault + "' can't be one (" + Marketplace.RULE + "): set it");
        }
        return byDefault;
    }

    static SlaPolicy policy(SlaSettings sla) {
        Duration contract = sla == null || sla.contract() == null ? DEFAULT_CONTRACT : sla.contract();
        if (sla == null || sla.internal() == null) {
            return new SlaPolicy(contract, null);
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
        return new SlaPolicy(contract, new InternalTarget(internal.target(), calendar));
    }
}
