package io.omniqueue.conversation;

import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code omniqueue.ingest}.
 *
 * @param maxAttempts how often a transaction that lost a race with another node is replayed
 * @param maxFutureSkew how far ahead of our clock a message's {@code sentAt} may be (the sender's
 *     clock may run a little fast); further ahead, its deadline would lie beyond any report
 * @param earliestSentAt the earliest {@code sentAt} taken as meant; an older one (epoch 0, year 1)
 *     is a default value, and its conversation would be breached at once
 * @param committers transactions storing messages at once on this node; messages arriving while
 *     they are busy wait and go together into the next (group commit). 1 by default: the embedded H2
 *     writes its store once per commit, on our own cores, so one committer with the biggest batches
 *     spends the least per message (measured: about half the CPU per message of 4 committers, whose
 *     batches held 2 messages on average). PostgreSQL (config/application-postgres.yaml) takes 2, so
 *     that one batch's round trips overlap the other's. Keep it below the connection pool's size so
 *     that the API and the pollers still get connections
 * @param maxBatch most messages one such transaction stores
 */
@ConfigurationProperties("omniqueue.ingest")
public record IngestSettings(@DefaultValue("5") int maxAttempts,
                             @DefaultValue("15m") Duration maxFutureSkew,
                             @DefaultValue("2000-01-01T00:00:00Z") Instant earliestSentAt,
                             @DefaultValue("1") int committers,
                             @DefaultValue("64") int maxBatch) {
}
