package io.omniqueue.insight;

import java.util.Optional;
import org.springframework.stereotype.Service;

/** Reads a customer message: its language, then its reason for writing in that language. */
@Service
public class MessageReader {

    /**
     * What is read of a long message: its start says what it is about, while a mail's quoted history
     * below would slow detection (linear in the length) and speak of older questions.
     */
    static final int READ_CHARACTERS = 2000;

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
        String start = body.length() > READ_CHARACTERS ? body.substring(0, READ_CHARACTERS) : body;
        Optional<DetectedLanguage> language = languages.detect(start, marketplace);
        String code = language.map(DetectedLanguage::language).orElse(null);
        String text = subject == null || subject.isBlank() ? start : subject + "\n" + start;
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
        return languages.detect(reply.length() > READ_CHARACTERS ? reply.substring(0, READ_CHARACTERS) : reply, null)
                .filter(languages::confident)
                .filter(d -> !d.language().equals(customerLanguage))
                .map(d -> new LanguageMismatch(d.language(), customerLanguage));
    }

    /** The shop's languages ({@code omniqueue.languages}), for the queue's filter. */
    public java.util.List<String> languages() {
        return languages.languages();
    }
}
