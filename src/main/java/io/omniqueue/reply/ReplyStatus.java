package io.omniqueue.reply;

/** CANCELLED: never sent because the customer's data was erased while it waited (never resent). */
public enum ReplyStatus { PENDING, SENT, FAILED, CANCELLED }
