package io.omniqueue.insight;

import java.util.Optional;
import org.springframework.stereotype.Service;

/** Reads a customer message: its language, then its reason for writing in that language. */
@Service
public class MessageReader {

    private final LanguageDetection languages;
    private final TopicClassifier topics;

    MessageReader(LanguageDetection languages, TopicClassifier topics) {
        this.languages = languages;
        this.topics = topics;
    }

    /**
     * @param subject counts for the topic only: a marketplace writes its own subjects ("Question about order")
     *     in its own language, not the customer's
     * @param marketplace the conversation's marketplace, whose country breaks near ties of language
     */
    public MessageInsight read(String subject, String body, String marketplace) {
        if (body == null || body.isBlank()) {
            return MessageInsight.NOTHING;
        }
        Optional<DetectedLanguage> language = languages.detect(body, marketplace);
        String code = language.map(DetectedLanguage::language).orElse(null);
        String text = subject == null || subject.isBlank() ? body : subject + "\n" + body;
        TopicGuess topic = topics.classify(text, code);
        return new MessageInsight(code, language.map(DetectedLanguage::confidence).orElse(0.0),
                language.map(languages::confident).orElse(false), topic.topic(), topic.score());
    }

    /**
     * A reply that is surely in another language than the customer's: the warning an agent sees
     * before it goes. Empty when they match, or when either is unknown or unsure.
     */
    public Optional<LanguageMismatch> replyMismatch(String reply, String customerLanguage, String marketplace) {
        if (customerLanguage == null || reply == null || reply.strip().length() < LanguageMismatch.MIN_LENGTH) {
            return Optional.empty();
        }
        return languages.detect(reply, null)
                .filter(languages::confident)
                .filter(d -> !d.language().equals(customerLanguage))
                .map(d -> new LanguageMismatch(d.language(), customerLanguage));
    }

    /** The shop's languages ({@code omniqueue.languages}), for the queue's filter. */
    public java.util.List<String> languages() {
        return languages.languages();
    }
}
