package io.omniqueue.insight;

import java.util.List;

/**
 * The reason for writing a classifier found, with its score and lead over the runner-up;
 * {@link Topic#OTHER} when it abstained.
 *
 * @param matched the phrases that counted, as written in the data file, so an agent or a shop can see why
 */
public record TopicGuess(Topic topic, double score, double margin, List<String> matched) {
}
