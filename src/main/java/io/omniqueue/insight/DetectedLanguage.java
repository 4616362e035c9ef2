package io.omniqueue.insight;

/**
 * The language of a text (ISO 639-1, {@code es}) and how sure the detector is (0..1).
 *
 * @param hinted whether the channel's country decided between close candidates
 */
public record DetectedLanguage(String language, double confidence, boolean hinted) {
}
