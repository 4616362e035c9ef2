package io.omniqueue.platform;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.cluster}: several nodes on one PostgreSQL (profile postgres).
 *
 * @param enabled Quartz keeps its jobs in the shared database, so each job fires on one node at a time
 * @param threads Quartz worker threads on each node
 * @param checkinInterval milliseconds between a node's check-ins; a node silent for longer has its jobs taken over
 */
@ConfigurationProperties("omniqueue.cluster")
public record ClusterSettings(@DefaultValue("false") boolean enabled, @DefaultValue("5") int threads,
                              @DefaultValue("7500") long checkinInterval) {
}
