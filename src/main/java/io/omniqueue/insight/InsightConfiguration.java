package io.omniqueue.insight;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The detector and the classifier, each built once at start-up and shared: both are thread-safe reads. */
@Configuration(proxyBeanMethods = false)
class InsightConfiguration {

    @Bean
    LanguageDetection languageDetection(InsightSettings.ShopLanguages shop, InsightSettings settings) {
        return new LanguageDetection(shop.languages(), settings);
    }

    @Bean
    TopicClassifier topicClassifier(InsightSettings.ShopLanguages shop, InsightSettings settings) {
        return new TopicClassifier(shop.languages(), settings);
    }
}
