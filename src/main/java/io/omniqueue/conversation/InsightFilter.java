package io.omniqueue.conversation;

import io.omniqueue.insight.Topic;

/**
 * The queue's cut by what the customers' messages say: their language ({@code es}) and/or their
 * reason for writing; null for either means any.
 */
public record InsightFilter(String language, Topic topic) {

    public static final InsightFilter ANY = new InsightFilter(null, null);
}
