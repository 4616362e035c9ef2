package io.omniqueue.channel.kaufland;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Kaufland's error body {"type":"/problems/...","message":"...","errors":[{"field","message"}]}, read leniently. */
record KauflandProblem(String type, String message, String fieldErrors) {

    static KauflandProblem parse(ObjectMapper json, String body) {
        if (body == null || body.isBlank()) {
            return new KauflandProblem(null, null, null);
        }
        try {
            JsonNode node = json.readTree(body);
            StringBuilder fields = new StringBuilder();
            for (JsonNode error : node.path("errors")) {
                fields.append(fields.isEmpty() ? "" : "; ").append(error.path("field").asText()).append(' ')
                        .append(error.path("message").asText());
            }
            return new KauflandProblem(node.path("type").asText(null), node.path("message").asText(null),
                    fields.isEmpty() ? null : fields.toString());
        } catch (Exception notJson) {
            String text = body.strip().replaceAll("\\s+", " ");
            return new KauflandProblem(null, text.length() > 300 ? text.substring(0, 300) + "…" : text, null);
        }
    }

    String describe() {
        StringBuilder s = new StringBuilder();
        if (type != null) {
            s.append(' ').append(type);
        }
        if (message != null) {
            s.append(": ").append(message);
        }
        if (fieldErrors != null) {
            s.append(" (").append(fieldErrors).append(')');
        }
        return s.toString();
    }
}
