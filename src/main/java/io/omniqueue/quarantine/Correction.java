package io.omniqueue.quarantine;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** An operator's corrected payload, as it will be stored and replayed: checked for shape and size. */
record Correction(String text) {

    /**
     * @param textPayload whether the entry's source reads raw text (a mail) rather than a JSON object
     * @return null when there is no correction (no payload, or JSON null)
     * @throws InvalidCorrectionException when the payload has the wrong shape for the source
     * @throws CorrectionTooLargeException when it is over the limit
     */
    static Correction of(JsonNode payload, boolean textPayload, long maxBytes) {
        if (payload == null || payload.isNull() || payload.isMissingNode()) {
            return null;
        }
        if (textPayload && !payload.isTextual()) {
            throw new InvalidCorrectionException("payload must be a JSON string holding the corrected raw text, was "
                    + kind(payload));
        }
        if (!textPayload && !payload.isObject()) {
            throw new InvalidCorrectionException("payload must be a JSON object (the corrected message), was "
                    + kind(payload));
        }
        String text = textPayload ? payload.asText() : payload.toString();
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (size > maxBytes) {
            throw new CorrectionTooLargeException(size, maxBytes);
        }
        return new Correction(text);
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case OBJECT -> "an object";
            default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
