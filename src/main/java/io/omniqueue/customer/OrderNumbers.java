package io.omniqueue.customer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The order numbers a customer may quote in a mail, one strict pattern per marketplace, all here.
 * A quoted number is hard evidence only because it is this exact shape and (for the link to form)
 * the same number was seen as some customer's order; loose shapes would join strangers.
 */
final class OrderNumbers {

    /** Amazon: 3-7-7 digits ({@code 171-5550123-9876543}), the same rule the mailbox reads relay mail with. */
    static final Pattern AMAZON = Pattern.compile("(?<![\\d-])\\d{3}-\\d{7}-\\d{7}(?![\\d-])");
    /**
     * Mirakl: the operator's commercial id then a dash and the shop's letter ({@code MIR-4001-A},
     * {@code MIR-KQ1CI2U0-B}): capitals and digits only, a letter last.
     */
    static final Pattern MIRAKL = Pattern.compile("(?<![\\w-])[A-Z][A-Z0-9]{1,9}-[A-Z0-9]{3,20}-[A-Z](?![\\w-])");

    private static final List<Pattern> ALL = List.of(AMAZON, MIRAKL);

    private OrderNumbers() {
    }

    /** Every order number quoted in these texts, in order of appearance, without repeats. */
    static Set<String> quotedIn(String... texts) {
        Set<String> found = new LinkedHashSet<>();
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (Pattern pattern : ALL) {
                Matcher m = pattern.matcher(text);
                while (m.find()) {
                    found.add(m.group());
                }
            }
        }
        return found;
    }
}
