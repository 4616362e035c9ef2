package io.omniqueue.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ChannelState;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Each channel's health as operators need it: last success, last error, paused or backing off, breaker. */
@RestController
@RequestMapping("/api/channels")
class ChannelController {

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final ChannelBreakers breakers;
    private final Clock clock;

    ChannelController(ChannelRegistry channels, ChannelCursorStore cursors, ChannelBreakers breakers, Clock clock) {
        this.channels = channels;
        this.cursors = cursors;
        this.breakers = breakers;
        this.clock = clock;
    }

    @GetMapping
    Items list() {
        return new Items(channels.all().stream().map(this::view).toList());
    }

    @GetMapping("/{id}")
    ChannelView get(@PathVariable String id) {
        return view(channel(id));
    }

    /** After fixing an unauthorized channel's credentials: polling starts again at the next schedule. */
    @PostMapping("/{id}/resume")
    ChannelView resume(@PathVariable String id) {
        Channel channel = channel(id);
        cursors.resume(channel.id(), clock.instant());
        return view(channel);
    }

    private Channel channel(String id) {
        return channels.find(id).orElseThrow(() -> new NotFoundException("channel '" + id + "' is not configured"));
    }

    private ChannelView view(Channel channel) {
        ChannelCursor cursor = cursors.load(channel.id());
        return new ChannelView(channel.id(), channel.kind(), cursor.state(), cursor.lastSuccessAt(), cursor.lastError(),
                cursor.lastErrorAt(), cursor.nextPollAt(), cursor.consecutiveFailures(),
                breakers.state(channel.id()).name(), cursor.pageToken() != null, channels.details(channel));
    }

    record Items(List<ChannelView> items) {
    }

    /**
     * @param circuitBreaker CLOSED (healthy), OPEN (calls suspended) or HALF_OPEN (trying again)
     * @param runInProgress a paging run stopped half-way and will resume where it stopped
     * @param details what the channel's kind adds (eBay: its daily call budget); left out when empty
     */
    record ChannelView(String id, String kind, ChannelState state, Instant lastSuccessAt, String lastError,
                       Instant lastErrorAt, Instant nextPollAt, int consecutiveFailures, String circuitBreaker,
                       boolean runInProgress,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Object> details) {
    }
}
