package io.omniqueue.channel;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * What every channel has, whatever its kind (an entry of {@code omniqueue.channels}). The kind's
 * own keys sit beside these in the same entry and bind to the kind's settings record.
 *
 * @param id stable identifier, used in route ids and the database
 * @param kind the connector that serves it ({@code webhook}, {@code mirakl}, {@code mail}...)
 * @param sla the response-deadline policy; absent means 24 h wall-clock
 * @param alerts who hears about this channel's deadlines, instead of {@code omniqueue.alerts.recipients}
 * @param schedule Quartz cron of the poll, for polled kinds
 * @param marketplace the party whose deadline counts (e.g. {@code carrefour-fr}); default from the kind
 */
public record ChannelSettings(String id, String kind, SlaSettings sla, ChannelAlerts alerts, String schedule,
                              String marketplace) {

    public static final String DEFAULT_SCHEDULE = "0 0/2 * * * ?";

    /** The {@code alerts} block of a channel. */
    public record ChannelAlerts(List<String> recipients) {
    }

    /** The lead times of this channel's deadline warnings, longest first. */
    public List<Duration> warnBeforeOrDefault() {
        List<Duration> leads = sla == null || sla.warnBefore() == null || sla.warnBefore().isEmpty()
                ? SlaSettings.DEFAULT_WARN_BEFORE : sla.warnBefore();
        return leads.stream().distinct().sorted(Comparator.reverseOrder()).toList();
    }

    public boolean hasSchedule() {
        return schedule != null && !schedule.isBlank();
    }

    public String scheduleOrDefault() {
        return hasSchedule() ? schedule.trim() : DEFAULT_SCHEDULE;
    }
}
