package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.MessageIngestor;
import io.omniqueue.support.RestartableService;
import io.omniqueue.support.TestChannels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service on its default embedded H2 file, storing message after message: its housekeeping
 * lets H2 reuse the file's space; turned off, the file takes every commit's chunk. H2 keeps a dead
 * chunk 45 s ({@code RETENTION_TIME}); 0 here, so that the test need not wait. The runs are the
 * service's own bean, called every 50 messages rather than left to its timer, whose pace against
 * the ingest's would make the sizes a race; that the timer runs it is checked on its own.
 */
class H2HousekeepingInServiceTest {

    private static final int MESSAGES = 600;

    @Test
    void theServiceOnItsH2FileReusesTheSpaceOfItsCommitsWhileItRuns(@TempDir Path dir) throws Exception {
        long without = fileAfterMessages(dir, "without", "0");
        long with = fileAfterMessages(dir, "with", "80");

        assertThat(with).as("file bytes with the housekeeping, against %d without", without).isLessThan(without / 2);
    }

    private static long fileAfterMessages(Path dir, String name, String targetFillRate) throws Exception {
        Map<String, String> properties = RestartableService.properties(dir, name);
        properties.put("spring.datasource.url", TestChannels.h2File(dir, name) + ";RETENTION_TIME=0");
        properties.put("omniqueue.h2.housekeeping.period", "100ms");
        properties.put("omniqueue.h2.housekeeping.target-fill-rate", targetFillRate);
        Instant sentAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        try (ConfigurableApplicationContext service = RestartableService.start(properties)) {
            NotifyBuilder timerRuns = new NotifyBuilder(service.getBean(CamelContext.class)).fromRoute("h2-housekeeping")
                    .whenDone(2).create();
            MessageIngestor ingestor = service.getBean(MessageIngestor.class);
            H2Housekeeping housekeeping = service.getBean(H2Housekeeping.class);
            for (int i = 0; i < MESSAGES; i++) {
                String thread = "housekeeping-" + (i / 3);
                ingestor.ingest(InboundMessage.fromCustomer(TestChannels.WEB_SHOP, thread, thread + "/m" + i, "Customer " + i / 3,
                        null, "Where is my order?", "Hello, my order has not arrived yet. (" + i + ")", sentAt.plusMillis(i), null));
                if (i % 50 == 49) {
                    housekeeping.run();
                }
            }
            long size = Files.size(dir.resolve(name + ".mv.db"));
            assertThat(timerRuns.matches(10, TimeUnit.SECONDS)).as("the h2-housekeeping timer runs").isTrue();
            return size;
        }
    }
}
