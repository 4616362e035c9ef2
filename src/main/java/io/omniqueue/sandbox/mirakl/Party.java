package io.omniqueue.sandbox.mirakl;

/** The organisations that take part in a Mirakl thread; also the values of a recipient's {@code type}. */
enum Party {
    CUSTOMER,
    SHOP,
    OPERATOR
}
