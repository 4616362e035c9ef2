package io.omniqueue.conversation;

/** Who wrote a message: the buyer, the marketplace operator, the shop, or a machine (auto-reply, bounce). */
public enum AuthorRole { CUSTOMER, OPERATOR, SHOP, SYSTEM }
