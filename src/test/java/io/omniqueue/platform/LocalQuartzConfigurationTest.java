package io.omniqueue.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class LocalQuartzConfigurationTest {

    @Test
    void twoContextsOfTheSameNameInOneJvmEachKeepTheirOwnScheduledJob() throws Exception {
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        try (CamelContext a = context(first); CamelContext b = context(second)) {
            a.start();
            b.start();
            // Both contexts carry the same job key: with one shared scheduler the second would
            // replace or delete the first's job, and one of them would stop ticking.
            await().atMost(Duration.ofSeconds(20)).until(() -> first.get() >= 3 && second.get() >= 3);
            assertThat(a.getComponent("quartz", QuartzComponent.class).getScheduler())
                    .isNotSameAs(b.getComponent("quartz", QuartzComponent.class).getScheduler());
        }
    }

    private static CamelContext context(AtomicInteger ticks) throws Exception {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getCamelContextExtension().setName("omniqueue");
        context.addComponent("quartz", new LocalQuartzConfiguration().quartz("omniqueue"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("quartz://poll/same-channel?trigger.repeatInterval=200").routeId("poll-same-channel")
                        .process(exchange -> ticks.incrementAndGet());
            }
        });
        return context;
    }
}
