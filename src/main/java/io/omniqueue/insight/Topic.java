package io.omniqueue.insight;

import java.util.Arrays;
import java.util.Optional;

/** Why a customer wrote: the fixed list of issue 13, named as the API and the data files name them. */
public enum Topic {
    WHERE_IS_MY_ORDER("where-is-my-order"),
    DELIVERY_PROBLEM("delivery-problem"),
    DAMAGED("damaged"),
    WRONG_ITEM("wrong-item"),
    SIZE_OR_FIT("size-or-fit"),
    RETURN_REFUND("return-refund"),
    CANCEL("cancel"),
    STOCK_AVAILABILITY("stock-availability"),
    PROMO_CODE("promo-code"),
    INVOICE("invoice"),
    PRODUCT_QUESTION("product-question"),
    THANKS("thanks"),
    /** Unsure, or none of the others: the classifier abstains. */
    OTHER("other");

    private final String key;

    Topic(String key) {
        this.key = key;
    }

    /** The name in the API, the queue filter and the data files ({@code where-is-my-order}). */
    public String key() {
        return key;
    }

    /** Every name, in list order, for messages that say what is allowed. */
    public static java.util.List<String> keys() {
        return Arrays.stream(values()).map(Topic::key).toList();
    }

    public static Optional<Topic> of(String key) {
        return Arrays.stream(values()).filter(t -> t.key.equals(key)).findFirst();
    }
}
