package io.omniqueue.channel;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading single fields of a source's JSON the same way in every connector. */
public final class JsonFields {

    private JsonFields() {
    }

    /** The field's value as text; null when the node or the field is absent, null, an object or an array. */
    public static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value == null || value.isNull() || value.isContainerNode() ? null : value.asText();
    }

    /**
     * The field's ISO-8601 instant, or null when it is absent or not such a date: for a value that
     * only orders things (a poll's watermark), where a bad date must not stop the poll.
     */
    public static Instant instantOrNull(JsonNode node, String field) {
        String value = text(node, field);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
