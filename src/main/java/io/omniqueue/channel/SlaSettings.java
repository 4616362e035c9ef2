package io.omniqueue.channel;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * The {@code sla} block of a channel.
 *
 * @param contract the marketplace's deadline, counted wall-clock (default PT24H)
 * @param internal the shop's own target in business hours, optional
 * @param warnBefore lead times before the due time at which an alert goes out (default 4 h, 1 h, at breach)
 * @param contractCalendar optional: the contract counts only on working days (Kaufland's 48 h in
 *     working days); absent means wall-clock
 */
public record SlaSettings(Duration contract, Internal internal, List<Duration> warnBefore,
                          ContractCalendar contractCalendar) {

    // No second constructor here: Spring Boot binds a record through its only constructor, and a
    // second one makes it silently bind nothing (ChannelSettingsBindingTest).
    public static final List<Duration> DEFAULT_WARN_BEFORE = List.of(Duration.ofHours(4), Duration.ofHours(1), Duration.ZERO);


    /**
     * @param target business time allowed, e.g. PT8H
     * @param zone time zone of the hours and holidays, e.g. Europe/Paris
     * @param hours per weekday, ranges "HH:mm-HH:mm" (several allowed, e.g. a lunch break)
     * @param holidays dates when the team does not work
     */
    public record Internal(Duration target, String zone, Map<DayOfWeek, List<String>> hours, List<LocalDate> holidays) {
    }

    /**
     * The days on which a contract runs: whole days in {@code zone}, on working weekdays, except holidays.
     *
     * @param zone time zone of the days, e.g. Europe/Berlin
     * @param workingDays the weekdays that count (default Monday to Friday)
     * @param holidaysCountry ISO country code whose public holidays do not count, e.g. {@code de}, optional
     * @param holidays further dates that do not count, optional
     */
    public record ContractCalendar(String zone, List<DayOfWeek> workingDays, String holidaysCountry,
                                   List<LocalDate> holidays) {
    }
}
