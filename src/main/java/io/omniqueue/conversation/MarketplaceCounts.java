package io.omniqueue.conversation;

/** Conversations waiting for a reply in one marketplace: all, those due soon, those past due. */
public record MarketplaceCounts(String marketplace, long open, long atRisk, long breached) {
}
