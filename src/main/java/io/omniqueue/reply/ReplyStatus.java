package io.omniqueue.reply;

public enum ReplyStatus { PENDING, SENT, FAILED }
