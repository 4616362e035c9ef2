package io.omniqueue.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omniqueue.platform.LocalQuartzConfigurationAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.quartz.TriggerKey;

/**
 * A channel's poll route is added once the context runs (ChannelRouteInstaller), so its Quartz
 * trigger can fire before the route is listed: camel-quartz's job then finds no endpoint, makes a
 * second one from the same URI, and that one's start fails on the key already in use. Stopping the
 * failed endpoint deleted the trigger, and the channel never polled again (the rare
 * "Trigger key omniqueue-poll.… is already in use" failure of KauflandConnectorTest). The shipped
 * templates keep the trigger: a test of the mechanism on each template's own URI (the second
 * endpoint made as camel-quartz's job makes it), not a replay of the race, which takes luck.
 */
class ChannelPollTriggerTest {

    private static final Pattern QUARTZ_URI = Pattern.compile("uri: \"(quartz:omniqueue-poll/[^\"]+)\"");

    /** Every route template that polls on a Quartz trigger of group omniqueue-poll, a connector added later included. */
    static Stream<String> pollTemplates() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            List<String> kinds = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".camel.yaml"))
                    .filter(n -> read(Path.of("routes", n)).contains("quartz:omniqueue-poll/"))
                    .map(n -> n.substring(0, n.length() - ".camel.yaml".length())).sorted().toList();
            assertThat(kinds).as("poll templates in routes/").hasSizeGreaterThanOrEqualTo(4);
            return kinds.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("pollTemplates")
    void aSecondEndpointOfTheSameKeyFailingToStartLeavesTheChannelsTriggerScheduled(String template) throws Exception {
        String kind = template.substring(template.lastIndexOf('-') + 1);
        String uri = templateUri(template).replace("{{channelId}}", "shop-" + kind).replace("{{cron}}", "0+0+0+1+1+?+2099");
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            QuartzComponent quartz = LocalQuartzConfigurationAccess.component("trigger-test-" + kind);
            context.addComponent("quartz", quartz);
            context.start();
            // As ChannelRouteInstaller does: the route is added to a running context.
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("poll-shop-" + kind).log("poll");
                }
            });
            TriggerKey key = TriggerKey.triggerKey("shop-" + kind, "omniqueue-poll");
            assertThat(quartz.getScheduler().checkExists(key)).isTrue();

            // What camel-quartz's job does when it fires before the route is listed: a new endpoint
            // from the URI the job carries, the route's endpoint's.
            Endpoint second = quartz.createEndpoint(context.getRoute("poll-shop-" + kind).getEndpoint().getEndpointUri());
            assertThatThrownBy(second::start).hasStackTraceContaining("is already in use");

            assertThat(quartz.getScheduler().checkExists(key)).as("the channel's trigger is still scheduled").isTrue();
        }
    }

    private static String templateUri(String template) {
        Matcher m = QUARTZ_URI.matcher(read(Path.of("routes", template + ".camel.yaml")));
        assertThat(m.find()).as("%s gives its Quartz URI in one quoted line", template).isTrue();
        return m.group(1);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
