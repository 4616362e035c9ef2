package io.omniqueue.platform;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One templated route per polled channel, from the {@code <kind>-poll} template of
 * {@code routes/}: adding a marketplace is adding a channel to the configuration, no code.
 */
@Component
class ChannelRouteInstaller implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChannelRouteInstaller.class);

    private final ChannelRegistry channels;

    ChannelRouteInstaller(ChannelRegistry channels) {
        this.channels = channels;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        for (Channel channel : channels.all()) {
            String cron = channel.settings().scheduleOrDefault();
            if (!CronExpression.isValidExpression(cron)) {
                throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].schedule '" + cron
                        + "' is not a Quartz cron expression (e.g. '0 0/2 * * * ?')");
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        ModelCamelContext model = (ModelCamelContext) camelContext;
        for (Channel channel : channels.all()) {
            String template = channel.kind() + "-poll";
            if (model.getRouteTemplateDefinition(template) == null) {
                continue;
            }
            String routeId = "poll-" + channel.id();
            TemplatedRouteBuilder.builder(camelContext, template)
                    .routeId(routeId)
                    .parameter("channelId", channel.id())
                    // '+' is a space in a Quartz endpoint's cron option.
                    .parameter("cron", channel.settings().scheduleOrDefault().replace(' ', '+'))
                    .add();
            log.info("Polling channel {} on '{}' (route {})", channel.id(), channel.settings().scheduleOrDefault(), routeId);
        }
    }
}
