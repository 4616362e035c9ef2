package io.omniqueue.insight;

/**
 * A reply written in {@code replyLanguage} to a customer who writes {@code customerLanguage}.
 */
public record LanguageMismatch(String replyLanguage, String customerLanguage) {

    /** Shorter replies ("OK", an order number) don't say their language reliably enough to warn. */
    public static final int MIN_LENGTH = 20;

    public String message() {
        return "the reply seems to be in " + replyLanguage + " but the customer writes in " + customerLanguage;
    }
}
