package io.omniqueue.channel;

import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One templated route per polled channel, from its kind's template in {@code routes/}: adding a
 * marketplace or a mailbox is adding a channel to the configuration, no code.
 *
 * <p>Poll routes are added once and never removed from a running context. The marketplace
 * templates keep their Quartz trigger when an endpoint stops ({@code deleteJob=false}, see
 * ChannelPollTriggerTest), so code that one day removes a poll route must unschedule its trigger
 * ({@code omniqueue-poll.<channel id>}) itself, or a route added again would find it paused.
 */
@Component
class ChannelRouteInstaller implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChannelRouteInstaller.class);

    private final ChannelRegistry channels;
    private final List<ChannelRouteTemplate> templates;

    ChannelRouteInstaller(ChannelRegistry channels, List<ChannelRouteTemplate> templates) {
        this.channels = channels;
        this.templates = templates;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        for (Channel channel : channels.all()) {
            String cron = channel.settings().schedule();
            if (cron != null && !cron.isBlank() && !CronExpression.isValidExpression(cron.trim())) {
                throw new IllegalStateException("omniqueue.channels[" + channel.id() + "].schedule '" + cron
                        + "' is not a Quartz cron expression (e.g. '0 0/2 * * * ?')");
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Channel channel : channels.all()) {
            for (ChannelRouteTemplate template : templates) {
                if (!template.kind().equals(channel.kind())) {
                    continue;
                }
                String routeId = template.routeId(channel);
                template.beans(channel).forEach((name, bean) -> camelContext.getRegistry().bind(name, bean));
                TemplatedRouteBuilder builder = TemplatedRouteBuilder.builder(camelContext, template.templateId()).routeId(routeId);
                template.parameters(channel).forEach(builder::parameter);
                builder.add();
                log.info("Channel {}: route {} from template {}", channel.id(), routeId, template.templateId());
            }
        }
    }
}
