package io.omniqueue.web.inbox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The reply templates agents start from ({@code omniqueue.templates} in {@code config/templates.yaml}).
 * Several templates may share a name, one per language.
 *
 * @param templates each with a short name (typed as {@code /name}), a language ({@code es}) and a body
 *     whose {@code {customer}}, {@code {order}}, {@code {marketplace}} and {@code {agent}} are filled in
 */
@ConfigurationProperties("omniqueue")
record ReplyTemplates(List<Template> templates) {

    ReplyTemplates {
        templates = templates == null ? List.of() : List.copyOf(templates);
    }

    record Template(String name, String language, String body) {

        /**
         * The body with the placeholders filled in. Nothing is escaped here: the text goes into a
         * textarea, which Thymeleaf escapes, and then to the channel as plain text.
         */
        String fill(Map<String, String> values) {
            String text = body == null ? "" : body;
            for (var value : values.entrySet()) {
                text = text.replace("{" + value.getKey() + "}", value.getValue() == null ? "" : value.getValue());
            }
            return text;
        }
    }

    /**
     * The templates in the order the agent sees them: those in the page's language first (the
     * customer's language is not known), each name once.
     */
    List<Template> offeredFor(Locale locale) {
        return offeredFor(null, locale);
    }

    /**
     * The templates in the order the agent sees them: those in the customer's language first, then
     * those in the page's language, then the rest; each (name, language) once. {@code /name} takes the
     * first of a name, so it writes in the customer's language when a variant exists.
     *
     * @param customerLanguage the conversation's language ({@code es}), or null while unknown
     */
    List<Template> offeredFor(String customerLanguage, Locale locale) {
        String page = locale.getLanguage();
        List<Template> ordered = new ArrayList<>(templates);
        ordered.sort(Comparator.comparingInt((Template t) -> t.language() != null && t.language().equalsIgnoreCase(customerLanguage) ? 0
                : page.equalsIgnoreCase(t.language()) ? 1 : 2));
        List<Template> offered = new ArrayList<>();
        for (Template t : ordered) {
            if (offered.stream().noneMatch(o -> o.name().equals(t.name()) && o.language().equalsIgnoreCase(t.language()))) {
                offered.add(t);
            }
        }
        return offered;
    }
}
