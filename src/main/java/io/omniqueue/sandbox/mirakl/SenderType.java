package io.omniqueue.sandbox.mirakl;

/** Mirakl's {@code from.type}: a user, who always writes on behalf of an organisation. */
enum SenderType {
    CUSTOMER_USER(Party.CUSTOMER),
    SHOP_USER(Party.SHOP),
    OPERATOR_USER(Party.OPERATOR);

    private final Party organization;

    SenderType(Party organization) {
        this.organization = organization;
    }

    Party organization() {
        return organization;
    }
}
