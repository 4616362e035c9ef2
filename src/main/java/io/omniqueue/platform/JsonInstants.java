package io.omniqueue.platform;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Instants in JSON exactly as Jackson's Java time module writes them (ISO-8601 in UTC, the
 * fraction of a second in groups of three digits as needed: {@code 2026-11-30T12:00:00Z},
 * {@code 2026-11-30T12:00:00.120Z}), written digit by digit into the generator. A queue page
 * carries about 350 instants, and the module's formatter (a print context, string builders and
 * a new {@code ZoneRules} for each) made a third of the bytes a page request allocated, hence of
 * the service's young collections (issue 14, profile at 20,000 conversations). Timestamps as
 * numbers ({@code WRITE_DATES_AS_TIMESTAMPS}), a type id, and years outside 0000–9999 go to the
 * module's own serializer.
 */
@Configuration(proxyBeanMethods = false)
class JsonInstants {

    /** Spring Boot registers every Module bean after the well-known ones: this one's Instant serializer wins. */
    @Bean
    Module isoInstants() {
        return new SimpleModule("omniqueue-iso-instants").addSerializer(Instant.class, new IsoInstantSerializer());
    }

    static final class IsoInstantSerializer extends StdSerializer<Instant> {

        private static final long SECONDS_PER_DAY = 86_400;
        /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: four-digit years, written without a sign. */
        private static final long FIRST_SECOND = -62_167_219_200L;
        private static final long LAST_SECOND = 253_402_300_799L;

        IsoInstantSerializer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
            if (provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)) {
                InstantSerializer.INSTANCE.serialize(value, json, provider);
                return;
            }
            char[] text = new char[30];
            int length = write(value, text);
            if (length < 0) {
                InstantSerializer.INSTANCE.serialize(value, json, provider);
            } else {
                json.writeString(text, 0, length);
            }
        }

        @Override
        public void serializeWithType(Instant value, JsonGenerator json, SerializerProvider provider, TypeSerializer types)
                throws IOException {
            InstantSerializer.INSTANCE.serializeWithType(value, json, provider, types);
        }

        /** ISO_INSTANT's text of the instant into {@code out}: its length, or -1 outside the years 0000–9999. */
        static int write(Instant value, char[] out) {
            long seconds = value.getEpochSecond();
            if (seconds < FIRST_SECOND || seconds > LAST_SECOND) {
                return -1;
            }
            LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, SECONDS_PER_DAY));
            int year = date.getYear();
            int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
            int n = digits(out, 0, year, 4);
            out[n++] = '-';
            n = digits(out, n, date.getMonthValue(), 2);
            out[n++] = '-';
            n = digits(out, n, date.getDayOfMonth(), 2);
            out[n++] = 'T';
            n = digits(out, n, secondOfDay / 3600, 2);
            out[n++] = ':';
            n = digits(out, n, secondOfDay / 60 % 60, 2);
            out[n++] = ':';
            n = digits(out, n, secondOfDay % 60, 2);
            int nano = value.getNano();
            if (nano > 0) {
                out[n++] = '.';
                if (nano % 1_000_000 == 0) {
                    n = digits(out, n, nano / 1_000_000, 3);
                } else if (nano % 1000 == 0) {
                    n = digits(out, n, nano / 1000, 6);
                } else {
                    n = digits(out, n, nano, 9);
                }
            }
            out[n++] = 'Z';
            return n;
        }

        private static int digits(char[] out, int at, int value, int width) {
            for (int i = at + width - 1; i >= at; i--) {
                out[i] = (char) ('0' + value % 10);
                value /= 10;
            }
            return at + width;
        }
    }
}
