package io.omniqueue.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants in and out of {@code timestamp with time zone} columns, the same way on H2 and PostgreSQL. */
public final class SqlTime {

    private static final DateTimeFormatter LITERAL =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private SqlTime() {
    }

    /**
     * The instant as a literal both H2 and PostgreSQL read, to the microsecond (what the columns
     * keep), for a statement that must be planned for its value rather than as a parameter. Only for
     * instants of ours, never for input.
     */
    public static String literal(Instant instant) {
        return "timestamp with time zone '" + LITERAL.format(instant.truncatedTo(ChronoUnit.MICROS)) + "'";
    }

    public static OffsetDateTime param(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant read(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
