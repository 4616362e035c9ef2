package io.omniqueue.sla;

import static io.omniqueue.sla.ClockEffect.NONE;
import static io.omniqueue.sla.ClockEffect.STARTS;
import static io.omniqueue.sla.ClockEffect.STOPS;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationClockTest {

    private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

    private static Instant at(int minutes) {
        return T0.plusSeconds(minutes * 60L);
    }

    @Test
    void firstCustomerMessageStartsTheClock() {
        ClockState state = ConversationClock.evaluate(List.of(ClockEvent.of(at(0), STARTS)), null);
        assertThat(state.running()).isTrue();
        assertThat(state.startedAt()).isEqualTo(at(0));
    }

    @Test
    void customerFollowUpKeepsTheOldestDeadline() {
        ClockState state = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(0), STARTS), ClockEvent.of(at(30), STARTS)), null);
        assertThat(state.startedAt()).isEqualTo(at(0));
    }

    @Test
    void messagesArrivingOutOfOrderGiveTheSameClock() {
        ClockState state = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(30), STARTS), ClockEvent.of(at(0), STARTS)), null);
        assertThat(state.startedAt()).isEqualTo(at(0));
    }

    @Test
    void shopMessageStopsTheClock() {
        ClockState state = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(0), STARTS), ClockEvent.of(at(60), STOPS)), null);
        assertThat(state.running()).isFalse();
        assertThat(state.startedAt()).isNull();
        assertThat(state.stoppedByNoReplyNeeded()).isFalse();
    }

    @Test
    void customerMessageAfterAnAnswerRestartsTheClockAtThatMessage() {
        ClockState state = ConversationClock.evaluate(List.of(
                ClockEvent.of(at(0), STARTS), ClockEvent.of(at(60), STOPS), ClockEvent.of(at(90), STARTS),
                ClockEvent.of(at(120), STARTS)), null);
        assertThat(state.startedAt()).isEqualTo(at(90));
    }

    @Test
    void noReplyNeededStopsTheClockUntilTheNextCustomerMessage() {
        List<ClockEvent> events = List.of(ClockEvent.of(at(0), STARTS));
        ClockState stopped = ConversationClock.evaluate(events, at(10));
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.stoppedByNoReplyNeeded()).isTrue();

        ClockState restarted = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(0), STARTS), ClockEvent.of(at(20), STARTS)), at(10));
        assertThat(restarted.startedAt()).isEqualTo(at(20));
    }

    @Test
    void shopAnswerAfterNoReplyNeededIsTheLastStop() {
        ClockState state = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(0), STARTS), ClockEvent.of(at(30), STOPS)), at(10));
        assertThat(state.stoppedByNoReplyNeeded()).isFalse();
    }

    @Test
    void informationalMessagesNeverStartTheClock() {
        ClockState state = ConversationClock.evaluate(List.of(ClockEvent.of(at(0), NONE)), null);
        assertThat(state.running()).isFalse();
    }

    @Test
    void sourceWaitingSinceStartsTheClockEarlier() {
        ClockState state = ConversationClock.evaluate(
                List.of(new ClockEvent(at(30), STARTS, at(5))), null);
        assertThat(state.startedAt()).isEqualTo(at(5));
    }

    @Test
    void customerMessageAtTheInstantOfTheAnswerCountsAsAnswered() {
        ClockState state = ConversationClock.evaluate(
                List.of(ClockEvent.of(at(0), STARTS), ClockEvent.of(at(10), STOPS), ClockEvent.of(at(10), STARTS)), null);
        assertThat(state.running()).isFalse();
    }
}
