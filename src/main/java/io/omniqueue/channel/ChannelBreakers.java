package io.omniqueue.channel;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.stereotype.Component;

/**
 * One Resilience4j circuit breaker per channel, around every call to its source: a marketplace
 * that keeps failing is left alone for a while instead of being hammered by every poll and reply.
 * Only {@link SourceException.Unavailable} counts as a failure; a 4xx says nothing about health.
 */
@Component
public class ChannelBreakers {

    private final CircuitBreakerRegistry registry;

    ChannelBreakers(PollingSettings settings) {
        PollingSettings.Breaker b = settings.breaker();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(b.failureRateThreshold())
                .minimumNumberOfCalls(b.minimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.slidingWindow())
                .waitDurationInOpenState(b.openWait())
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .recordExceptions(SourceException.Unavailable.class)
                .build());
    }

    public CircuitBreaker of(String channelId) {
        return registry.circuitBreaker(channelId);
    }

    public CircuitBreaker.State state(String channelId) {
        return of(channelId).getState();
    }
}
