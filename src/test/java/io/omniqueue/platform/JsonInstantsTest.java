package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class JsonInstantsTest {

    private final ObjectMapper module = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private final ObjectMapper ours = JsonMapper.builder().addModule(new JavaTimeModule())
            .addModule(new JsonInstants().isoInstants()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Test
    void writesEveryInstantExactlyAsTheJavaTimeModuleDoes() throws Exception {
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-11-30T12:00:00Z"),
                Instant.parse("2026-11-30T12:00:00.120Z"), Instant.parse("2026-11-30T12:00:00.000120Z"),
                Instant.parse("2026-11-30T12:00:00.000000120Z"), Instant.parse("2026-11-30T23:59:59.999999999Z"),
                Instant.parse("2024-02-29T00:00:01Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("0999-12-31T23:59:59Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
        Random random = new Random(14);
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong(Instant.parse("-0100-01-01T00:00:00Z").getEpochSecond(),
                    Instant.parse("+10100-01-01T00:00:00Z").getEpochSecond());
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nano));
        }
        for (Instant instant : instants) {
            assertThat(ours.writeValueAsString(instant)).as("%s", instant).isEqualTo(module.writeValueAsString(instant));
        }
        assertThat(ours.writeValueAsString(Map.of("at", instants))).isEqualTo(module.writeValueAsString(Map.of("at", instants)));
    }

    @Test
    void writesNumbersWhenTheMapperIsSetToWriteDatesAsTimestamps() throws Exception {
        Instant instant = Instant.parse("2026-11-30T12:00:00.120Z");
        assertThat(ours.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant))
                .isEqualTo(module.writer().with(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).writeValueAsString(instant))
                .isEqualTo("1796040000.120000000");
    }

    @Test
    void theApplicationsObjectMapperWritesInstantsWithIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .withUserConfiguration(JsonInstants.class)
                .run(context -> assertThat(context.getBean(ObjectMapper.class).getSerializerProviderInstance()
                        .findValueSerializer(Instant.class)).isInstanceOf(JsonInstants.IsoInstantSerializer.class));
    }
}
