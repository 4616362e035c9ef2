package io.omniqueue.customer;

/** How an identity names a customer, strongest first: the order of choice for the identity a conversation came through. */
public enum IdentityKind {
    /** The source's own customer id (a marketplace buyer id, an Amazon relay alias), scoped by channel. */
    SOURCE,
    /** A normalized e-mail address. */
    EMAIL,
    /** An order the customer placed or quoted. */
    ORDER
}
