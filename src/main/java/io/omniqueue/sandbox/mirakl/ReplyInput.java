package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** The {@code message_input} part of an M12 call, validated as Mirakl documents it. */
record ReplyInput(String body, List<Party> to) {

    static final int MIN_BODY_LENGTH = 3;
    static final int MAX_BODY_LENGTH = 50_000;

    ReplyInput {
        to = List.copyOf(to);
    }

    static ReplyInput from(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw badRequest("message_input must be a JSON object");
        }
        JsonNode body = json.get("body");
        if (body == null || !body.isTextual()) {
            throw badRequest("message_input.body is required");
        }
        int length = body.asText().codePointCount(0, body.asText().length());
        if (length < MIN_BODY_LENGTH || length > MAX_BODY_LENGTH) {
            throw badRequest("message_input.body must be between " + MIN_BODY_LENGTH + " and " + MAX_BODY_LENGTH
                    + " characters, got " + length);
        }
        return new ReplyInput(body.asText(), recipients(json.get("to")));
    }

    private static List<Party> recipients(JsonNode to) {
        if (to == null || !to.isArray() || to.isEmpty()) {
            throw badRequest("message_input.to is required and must not be empty");
        }
        List<Party> parties = new ArrayList<>();
        for (int i = 0; i < to.size(); i++) {
            JsonNode type = to.get(i).get("type");
            String value = type == null ? null : type.asText();
            // The shop is the sender, so only the customer and the operator can be addressed.
            Party party = switch (value == null ? "" : value) {
                case "CUSTOMER" -> Party.CUSTOMER;
                case "OPERATOR" -> Party.OPERATOR;
                default -> throw badRequest("message_input.to[" + i + "].type must be CUSTOMER or OPERATOR, got "
                        + value);
            };
            if (!parties.contains(party)) {
                parties.add(party);
            }
        }
        return parties;
    }

    private static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
