package io.omniqueue.conversation;

/** ARCHITECTURE.md §2: only NEEDS_REPLY has a running clock. */
public enum ConversationStatus { NEEDS_REPLY, WAITING_CUSTOMER, NO_REPLY_NEEDED, CLOSED }
