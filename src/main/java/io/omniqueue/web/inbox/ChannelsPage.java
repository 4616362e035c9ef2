package io.omniqueue.web.inbox;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.ChannelCursor;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ChannelState;
import java.time.Clock;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /channels}: each channel's poll health, as {@code /api/channels} gives it, for people.
 * Resuming is for admins; the security configuration refuses the POST to anyone else.
 */
@Controller
class ChannelsPage {

    private final ChannelRegistry channels;
    private final ChannelCursorStore cursors;
    private final ChannelBreakers breakers;
    private final Clock clock;

    ChannelsPage(ChannelRegistry channels, ChannelCursorStore cursors, ChannelBreakers breakers, Clock clock) {
        this.channels = channels;
        this.cursors = cursors;
        this.breakers = breakers;
        this.clock = clock;
    }

    @GetMapping("/channels")
    String channels(Model model) {
        model.addAttribute("channels", channels.all().stream().map(this::row).toList());
        return "channels";
    }

    /** After fixing an unauthorized channel's credentials: polling starts again at the next schedule. */
    @PostMapping("/channels/{id}/resume")
    String resume(@PathVariable String id, RedirectAttributes redirect) {
        Channel channel = channels.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no such channel"));
        cursors.resume(channel.id(), clock.instant());
        redirect.addFlashAttribute("resumed", channel.id());
        return "redirect:/channels";
    }

    private Row row(Channel channel) {
        ChannelCursor cursor = cursors.load(channel.id());
        return new Row(channel.id(), channel.kind(), channel.marketplace(), channels.isPolled(channel), cursor.state(),
                cursor.lastSuccessAt(), cursor.lastError(), cursor.lastErrorAt(), cursor.consecutiveFailures(),
                cursor.nextPollAt(), breakers.state(channel.id()).name());
    }

    /** @param polled whether the channel reads its source on a schedule: a webhook has no poll to show */
    record Row(String id, String kind, String marketplace, boolean polled, ChannelState state, Instant lastSuccessAt,
               String lastError, Instant lastErrorAt, int failures, Instant nextPollAt, String breaker) {
    }
}
