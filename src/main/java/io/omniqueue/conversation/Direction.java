package io.omniqueue.conversation;

/** INBOUND: written by the customer or the marketplace operator; OUTBOUND: written by the shop. */
public enum Direction { INBOUND, OUTBOUND }
