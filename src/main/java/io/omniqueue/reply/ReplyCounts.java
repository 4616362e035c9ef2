package io.omniqueue.reply;

/** How many replies wait in the outbox, and how many ended FAILED. */
public record ReplyCounts(long pending, long failed) {
}
