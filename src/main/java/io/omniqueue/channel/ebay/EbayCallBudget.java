package io.omniqueue.channel.ebay;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.SourceException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The daily call budget of each eBay channel, counted per UTC day in the database so that a
 * restart or a second node goes on counting. Every call to eBay takes one call first (token
 * calls included); once the day's budget is spent the call is not made and the caller gets a
 * {@link SourceException.RateLimited} until the next UTC midnight: polls wait for it (PollRun)
 * and replies are retried then.
 */
@Component
class EbayCallBudget {

    private final JdbcClient jdbc;
    private final Clock clock;

    EbayCallBudget(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Takes one call of today's budget.
     *
     * @throws SourceException.RateLimited when today's budget is spent, with the next UTC midnight
     */
    void take(Channel channel) {
        int budget = channel.settings(EbaySettings.class).dailyCallBudgetOrDefault();
        LocalDate day = today();
        if (increment(channel.id(), day, budget)) {
            return;
        }
        jdbc.sql("insert into ebay_call_budget (channel_id, utc_day, calls) values (:id, :day, 0) on conflict do nothing")
                .param("id", channel.id())
                .param("day", day)
                .update();
        if (!increment(channel.id(), day, budget)) {
            throw new SourceException.RateLimited("the daily call budget of eBay channel '" + channel.id() + "' ("
                    + budget + " calls) is spent until " + resetsAt(day), resetsAt(day));
        }
    }

    /** Today's figures, for {@code /api/channels}. */
    Map<String, Object> status(Channel channel) {
        LocalDate day = today();
        int budget = channel.settings(EbaySettings.class).dailyCallBudgetOrDefault();
        int used = callsOn(channel.id(), day);
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("dailyCallBudget", budget);
        status.put("callsToday", used);
        status.put("callsLeftToday", Math.max(0, budget - used));
        status.put("budgetResetsAt", resetsAt(day));
        return status;
    }

    int callsOn(String channelId, LocalDate day) {
        return jdbc.sql("select calls from ebay_call_budget where channel_id = :id and utc_day = :day")
                .param("id", channelId)
                .param("day", day)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** Atomic: two nodes racing for the last call cannot both get it. */
    private boolean increment(String channelId, LocalDate day, int budget) {
        return jdbc.sql("update ebay_call_budget set calls = calls + 1 where channel_id = :id and utc_day = :day and calls < :budget")
                .param("id", channelId)
                .param("day", day)
                .param("budget", budget)
                .update() == 1;
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Instant resetsAt(LocalDate day) {
        return day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
