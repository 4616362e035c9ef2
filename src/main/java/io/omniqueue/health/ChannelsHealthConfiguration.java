package io.omniqueue.health;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelBreakers;
import io.omniqueue.channel.ChannelCursorStore;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.ChannelRouteTemplate;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code channels} component of {@code /actuator/health}: one indicator per configured
 * channel. It is not part of the liveness or readiness groups (see application.yaml): a
 * marketplace that is down must show here, never get the container restarted.
 */
@Configuration(proxyBeanMethods = false)
class ChannelsHealthConfiguration {

    // The bean name, less "HealthContributor", names the component: "channels".
    @Bean
    CompositeHealthContributor channelsHealthContributor(ChannelRegistry channels,
                                                         ChannelCursorStore cursors, ChannelBreakers breakers,
                                                         ChannelHealthSettings settings, Clock clock) {
        Instant startedAt = clock.instant();
        Map<String, HealthIndicator> indicators = new LinkedHashMap<>();
        for (Channel channel : channels.all()) {
            indicators.put(channel.id(), new ChannelHealthIndicator(channel, channels.isPolled(channel), cursors,
                    breakers, settings.backingOffLimit(), startedAt, clock));
        }
        return CompositeHealthContributor.fromMap(indicators);
    }
}
