package io.omniqueue.conversation;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** {@code omniqueue.ingest}: how often a transaction that lost a race with another node is replayed. */
@ConfigurationProperties("omniqueue.ingest")
public record IngestSettings(@DefaultValue("5") int maxAttempts) {
}
