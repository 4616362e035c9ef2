package io.omniqueue.sandbox.octopia;

import java.time.Instant;

/** A message of a simulated discussion as a test reads it; {@code userType} is Customer, Seller, GrcOperator or Automatic. */
public record SimulatedMessage(String messageId, String userType, String body, Instant createdAt, int attachments) {
}
