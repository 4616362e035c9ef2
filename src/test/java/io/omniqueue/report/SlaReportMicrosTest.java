package io.omniqueue.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The report compares "now" and due times as whole microseconds (V29): a clock reading with
 * nanoseconds must judge a message as the exact instants would, and a due time the service computed
 * must become the microseconds numeric(20, 6) kept before.
 */
class SlaReportMicrosTest {

    private static final Instant DUE = Instant.parse("2026-11-30T10:15:30.123456Z");
    private static final long DUE_US = 1_796_033_730_123_456L;

    @Test
    void nowANanosecondAfterTheDueTimeIsPastItAndNowAtTheDueTimeIsNot() {
        assertThat(SlaReportQuery.nowMicros(DUE)).isEqualTo(DUE_US);
        assertThat(SlaReportQuery.nowMicros(DUE.plusNanos(1))).isGreaterThan(DUE_US);
        assertThat(SlaReportQuery.nowMicros(DUE.plusNanos(999))).isEqualTo(DUE_US + 1);
        assertThat(SlaReportQuery.nowMicros(DUE.minusNanos(1))).isEqualTo(DUE_US);
        assertThat(SlaReportQuery.nowMicros(DUE.minusNanos(1000))).isLessThan(DUE_US);
    }

    @Test
    void aDueTimeWithNanosecondsRoundsHalfUpToTheMicrosecondAsNumericKeptIt() {
        assertThat(SlaReportQuery.epochMicros(DUE)).isEqualTo(DUE_US);
        assertThat(SlaReportQuery.epochMicros(DUE.plusNanos(499))).isEqualTo(DUE_US);
        assertThat(SlaReportQuery.epochMicros(DUE.plusNanos(500))).isEqualTo(DUE_US + 1);
        assertThat(SlaReportQuery.epochMicros(Instant.EPOCH)).isZero();
    }
}
