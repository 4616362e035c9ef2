package io.omniqueue.insight;

/**
 * What reading a customer message found.
 *
 * @param language ISO 639-1, or null when the text is too short to tell
 * @param languageConfidence 0..1
 * @param languageConfident whether it is sure enough to set the conversation's language
 * @param topic the reason for writing, {@link Topic#OTHER} when the classifier abstained
 * @param topicScore the summed weight of the phrases that chose it
 */
public record MessageInsight(String language, double languageConfidence, boolean languageConfident, Topic topic,
                             double topicScore) {

    public static final MessageInsight NOTHING = new MessageInsight(null, 0, false, Topic.OTHER, 0);
}
