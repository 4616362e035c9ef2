package io.omniqueue.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.ProblemDetail;

/** Errors the database raises reach the caller in words, never as the driver's text. */
class ApiExceptionHandlerTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler(new com.fasterxml.jackson.databind.ObjectMapper());

    @Test
    void aKeyTakenMeanwhileIsAConflict() {
        ProblemDetail problem = handler.refusedByTheStore(new DuplicateKeyException("PreparedStatementCallback; SQL [insert "
                + "into reply ...]; ERROR: duplicate key value violates unique constraint \"uk_reply_idempotency\"",
                new SQLException("duplicate key value violates unique constraint", "23505")));
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getDetail()).contains("conflicts with a record stored meanwhile");
        assertNothingInternal(problem);
    }

    @Test
    void aValueTooLongForItsColumnIsUnprocessableAndSaysSo() {
        ProblemDetail problem = handler.refusedByTheStore(violation("Value too long for column \"AUTHOR CHARACTER VARYING(200)\"",
                "22001"));
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getDetail()).isEqualTo("a value is longer than can be stored; nothing was changed");
        assertNothingInternal(problem);
    }

    @Test
    void eachKindOfRefusalIsNamedInWords() {
        assertThat(handler.refusedByTheStore(violation("invalid byte sequence for encoding \"UTF8\": 0x00", "22021"))
                .getDetail()).startsWith("a value contains characters that can't be stored");
        assertThat(handler.refusedByTheStore(violation("null value in column \"body\" violates not-null constraint", "23502"))
                .getDetail()).startsWith("a required value is missing");
        assertThat(handler.refusedByTheStore(violation("insert or update on table \"reply\" violates foreign key", "23503"))
                .getDetail()).startsWith("it refers to a record that does not exist");
        assertThat(handler.refusedByTheStore(violation("date/time field value out of range", "22008"))
                .getDetail()).startsWith("a time is outside the range that can be stored");
        assertThat(handler.refusedByTheStore(new DataIntegrityViolationException("check constraint ck_x on table y"))
                .getDetail()).startsWith("a value can't be stored as it is");
    }

    @Test
    void anUnexpectedErrorIsA500WithoutItsMessage() throws Exception {
        ProblemDetail problem = handler.unexpected(new IllegalStateException("org.h2.jdbc.JdbcSQLSyntaxErrorException: SELECT x"));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertThat(problem.getDetail()).isEqualTo("an internal error occurred; it has been logged");
    }

    @Test
    void aFailedIngestSaysNothingOfItsCause() {
        ProblemDetail problem = handler.camel(new CamelExecutionException("Exception occurred during execution", null,
                new IllegalStateException("conversation vanished after insert: java.sql.SQLException at jdbc:h2")));
        assertThat(problem.getStatus()).isEqualTo(500);
        assertNothingInternal(problem);
        assertThat(handler.camel(new CamelExecutionException("failed", null, violation("too long", "22001"))).getStatus())
                .isEqualTo(422);
    }

    private static DataIntegrityViolationException violation(String driverText, String sqlState) {
        return new DataIntegrityViolationException("PreparedStatementCallback; SQL [update conversation set ...]; "
                + driverText, new SQLException(driverText, sqlState));
    }

    private static void assertNothingInternal(ProblemDetail problem) {
        String detail = problem.getDetail().toLowerCase(Locale.ROOT);
        assertThat(List.of("sql", "org.", "java.", "exception", "constraint", "jdbc", "uk_", "varying"))
                .noneMatch(detail::contains);
    }
}
