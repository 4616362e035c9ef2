package io.omniqueue.channel;

import java.util.Map;

/**
 * How a polled channel kind becomes a route: the template in {@code routes/} and, per channel,
 * the route id and the template's parameters.
 */
public interface ChannelRouteTemplate {

    String kind();

    String templateId();

    String routeId(Channel channel);

    Map<String, Object> parameters(Channel channel);

    /** Objects the route refers to by name ({@code #name}), bound in Camel's registry before it is created. */
    default Map<String, Object> beans(Channel channel) {
        return Map.of();
    }
}
