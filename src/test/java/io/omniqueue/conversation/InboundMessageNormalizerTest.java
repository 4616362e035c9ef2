package io.omniqueue.conversation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** What a poller hands the ingest: absurd times are clamped, ids are never cleaned into another id. */
class InboundMessageNormalizerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final Instant FLOOR = Instant.parse("2000-01-01T00:00:00Z");
    private final SentAtLimits limits = new SentAtLimits(new IngestSettings(5, Duration.ofMinutes(15), FLOOR, 4, 64),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final InboundMessageNormalizer normalizer = new InboundMessageNormalizer(limits);

    @Test
    void aSentAtFarAheadIsClampedToTheAllowedSkew() {
        assertThat(normalizer.normalize(sentAt(Instant.parse("9999-12-31T23:59:59Z"))).sentAt())
                .isEqualTo(NOW.plus(Duration.ofMinutes(15)));
    }

    @Test
    void aSentAtBeforeTheFloorIsClampedToIt() {
        assertThat(normalizer.normalize(sentAt(Instant.EPOCH)).sentAt()).isEqualTo(FLOOR);
        assertThat(normalizer.normalize(sentAt(Instant.parse("0001-01-01T00:00:00Z"))).sentAt()).isEqualTo(FLOOR);
    }

    @Test
    void aSentAtInRangeIsKeptAsSent() {
        Instant aLittleAhead = NOW.plus(Duration.ofMinutes(14));
        assertThat(normalizer.normalize(sentAt(aLittleAhead)).sentAt()).isEqualTo(aLittleAhead);
        assertThat(normalizer.normalize(sentAt(FLOOR)).sentAt()).isEqualTo(FLOOR);
    }

    @Test
    void waitingSinceIsClampedLikeSentAt() {
        InboundMessage m = new InboundMessage("c", "t", "m", Direction.INBOUND, AuthorRole.CUSTOMER, "Ana", null, null, "Hi",
                NOW, null, true, Instant.EPOCH);
        assertThat(normalizer.normalize(m).waitingSince()).isEqualTo(FLOOR);
    }

    @Test
    void anIdWithNulIsRefusedNotMergedWithTheIdWithout() {
        assertThatThrownBy(() -> normalizer.normalize(InboundMessage.fromCustomer("c", "t", "m\u0000", "Ana", null, null, "Hi",
                NOW, null))).isInstanceOf(InvalidInboundMessageException.class)
                .hasMessage("externalMessageId contains the control character U+0000");
        assertThatThrownBy(() -> normalizer.normalize(InboundMessage.fromCustomer("c", "t\ud800", "m", "Ana", null, null, "Hi",
                NOW, null))).hasMessageContaining("externalThreadId contains an unpaired surrogate");
    }

    @Test
    void aBodyKeepsItsTextWithoutItsNul() {
        assertThat(normalizer.normalize(InboundMessage.fromCustomer("c", "t", "m", "Ana\u0000", null, null, "Hi\u0000 there",
                NOW, null))).satisfies(m -> {
                    assertThat(m.body()).isEqualTo("Hi there");
                    assertThat(m.authorName()).isEqualTo("Ana");
                });
    }

    private static InboundMessage sentAt(Instant sentAt) {
        return InboundMessage.fromCustomer("c", "t", "m", "Ana", null, null, "Hi", sentAt, null);
    }
}
