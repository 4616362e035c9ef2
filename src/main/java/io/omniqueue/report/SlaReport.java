package io.omniqueue.report;

import java.time.Instant;
import java.util.List;

/**
 * How each channel kept each marketplace's response deadlines over a period.
 *
 * @param days length of the period: 7, 30 or 90
 * @param from start of the period, inclusive (customer messages sent at or after it)
 * @param to end of the period, inclusive: the moment the report was made
 * @param channels one entry per channel and marketplace: channels in configuration order, each with
 *     its own marketplace first (always, zeros included), then the others it carried messages of
 *     in the period by name (a mailbox's {@code amazon.de}, {@code amazon.es}...)
 */
public record SlaReport(int days, Instant from, Instant to, List<ChannelSla> channels) {

    public SlaReport {
        channels = List.copyOf(channels);
    }
}
