package io.omniqueue.sandbox.kaufland;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Kaufland Seller API v2 tickets endpoints, answering every request WireMock
 * receives. Every request must carry Kaufland's headers and a valid signature within the
 * timestamp window, as the real API demands; state changes happen on arrival, injected delays
 * only hold back the answer.
 */
final class KauflandApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "kaufland-seller-api-simulator";
    static final int MAX_LIMIT = 30;
    static final int MAX_TEXT = 65_535;
    static final Duration TIMESTAMP_WINDOW = Duration.ofMinutes(5);
    static final Set<String> STOREFRONTS = Set.of("de", "cz", "sk", "pl", "at", "fr", "it", "es", "nl");

    private static final Pattern LIST = Pattern.compile("/v2/tickets/?");
    private static final Pattern ONE = Pattern.compile("/v2/tickets/(\\d+)");
    private static final Pattern MESSAGES = Pattern.compile("/v2/tickets/(\\d+)/messages");
    private static final Pattern CLOSE = Pattern.compile("/v2/tickets/(\\d+)/close");
    private static final Set<String> REPLY_FIELDS = Set.of("text", "interim_notice", "ticket_message_files");

    private final Tickets tickets;
    private final Faults faults;
    private final String clientKey;
    private final String secretKey;
    private final Supplier<Instant> serverTime;
    private final Supplier<Instant> now;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Integer> offsetsRequested = new CopyOnWriteArrayList<>();
    private final List<String> userAgents = new CopyOnWriteArrayList<>();

    /**
     * @param serverTime Kaufland's real time, for the Shop-Timestamp window
     * @param now the time new messages and updates get
     */
    KauflandApi(Tickets tickets, Faults faults, String clientKey, String secretKey, Supplier<Instant> serverTime,
                Supplier<Instant> now) {
        this.serverTime = serverTime;
        this.tickets = tickets;
        this.faults = faults;
        this.clientKey = clientKey;
        this.secretKey = secretKey;
        this.now = now;
    }

    @Override
    public String getName() {
        return NAME;
    }

    List<Integer> offsetsRequested() {
        return List.copyOf(offsetsRequested);
    }

    List<String> userAgents() {
        return List.copyOf(userAgents);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String method = request.getMethod().getName();
        String path = pathOf(request.getUrl());
        Optional<Faults.Effect> effect = faults.take(method, path);
        ResponseDefinition response;
        try {
            if (faults.rejectAllStatus() != 0) {
                throw new Problem(faults.rejectAllStatus(), "/problems/unauthorized", "Forced by the test");
            }
            authenticate(request, method);
            if (effect.isPresent() && effect.get().status() != 0) {
                throw new Problem(effect.get().status(), genericType(effect.get().status()), genericMessage(effect.get().status()));
            }
            response = route(request, method, path);
        } catch (Problem problem) {
            response = error(problem);
        }
        if (effect.isPresent() && !effect.get().delay().isZero()) {
            return ResponseDefinitionBuilder.like(response).withFixedDelay(Math.toIntExact(effect.get().delay().toMillis())).build();
        }
        return response;
    }

    /** Kaufland's rules for every request: the headers, the timestamp window, then the signature. */
    private void authenticate(Request request, String method) {
        String key = header(request, "Shop-Client-Key");
        String timestamp = header(request, "Shop-Timestamp");
        String signature = header(request, "Shop-Signature");
        if (key == null || timestamp == null || signature == null || header(request, "User-Agent") == null
                || !String.valueOf(header(request, "Accept")).contains("application/json")) {
            throw new Problem(400, Problem.MISSING_HEADER,
                    "Accept, Shop-Client-Key, Shop-Timestamp, Shop-Signature and User-Agent are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new Problem(400, Problem.MISSING_HEADER, "Shop-Timestamp must be a Unix timestamp in seconds");
        }
        Duration skew = Duration.between(Instant.ofEpochSecond(seconds), serverTime.get()).abs();
        if (skew.compareTo(TIMESTAMP_WINDOW) > 0) {
            throw new Problem(400, Problem.MISSING_HEADER, "Shop-Timestamp is more than 5 minutes off the server time");
        }
        if (!clientKey.equals(key)) {
            throw new Problem(401, Problem.INVALID_CREDENTIALS, "Invalid client key");
        }
        String body = request.getBodyAsString() == null ? "" : request.getBodyAsString();
        String expected = RequestSignature.expected(secretKey, method, request.getAbsoluteUrl(), body, timestamp);
        if (!RequestSignature.matches(expected, signature)) {
            throw new Problem(401, Problem.CORRUPTED_SIGNATURE, "Request authentication headers are corrupt");
        }
        userAgents.add(header(request, "User-Agent"));
    }

    private ResponseDefinition route(Request request, String method, String path) {
        if ("GET".equals(method) && LIST.matcher(path).matches()) {
            return list(request);
        }
        Matcher one = ONE.matcher(path);
        if ("GET".equals(method) && one.matches()) {
            String id = one.group(1);
            Set<String> embedded = Set.of(query(request, "embedded").orElse("").split(","));
            return json(200, json.createObjectNode().set("data", tickets.with(id, t -> ticket(t, embedded))));
        }
        Matcher messages = MESSAGES.matcher(path);
        if ("POST".equals(method) && messages.matches()) {
            return reply(messages.group(1), request.getBodyAsString());
        }
        Matcher close = CLOSE.matcher(path);
        if ("PATCH".equals(method) && close.matches()) {
            return close(close.group(1));
        }
        throw new Problem(404, Problem.NOT_FOUND, "No " + method + " " + path);
    }

    private ResponseDefinition list(Request request) {
        int limit = integer(request, "limit", 30, 1, MAX_LIMIT, "must be an integer between 1 and 30");
        int offset = integer(request, "offset", 0, 0, Integer.MAX_VALUE, "must be an integer of 0 or more");
        offsetsRequested.add(offset);
        Optional<Integer> failure = faults.takeOffsetFailure(offset);
        if (failure.isPresent()) {
            throw new Problem(failure.get(), genericType(failure.get()), genericMessage(failure.get()));
        }
        Instant from = query(request, "ts_updated_from_iso").map(value -> {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw Problem.invalid("ts_updated_from_iso", "must be an ISO 8601 date-time");
            }
        }).orElse(null);
        String storefront = query(request, "storefront").orElse(null);
        if (storefront != null && !STOREFRONTS.contains(storefront)) {
            throw Problem.invalid("storefront", "must be one of " + STOREFRONTS);
        }
        List<ObjectNode> all = tickets.updatedSince(from, storefront, t -> ticket(t, Set.of()));
        ObjectNode body = json.createObjectNode();
        ArrayNode data = body.putArray("data");
        all.stream().skip(offset).limit(limit).forEach(data::add);
        body.putObject("pagination").put("offset", offset).put("limit", limit).put("total", all.size());
        return json(200, body);
    }

    private ResponseDefinition reply(String ticketId, String raw) {
        JsonNode input;
        try {
            input = json.readTree(raw == null ? "" : raw);
        } catch (JsonProcessingException e) {
            throw Problem.invalid("body", "must be JSON");
        }
        if (input == null || !input.isObject()) {
            throw Problem.invalid("body", "must be a JSON object");
        }
        for (Iterator<String> names = input.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!REPLY_FIELDS.contains(name)) {
                throw Problem.invalid(name, "is not allowed (additionalProperties: false)");
            }
        }
        String text = input.path("text").isTextual() ? input.get("text").asText() : null;
        if (text == null || text.isEmpty() || text.length() > MAX_TEXT) {
            throw Problem.invalid("text", "must be a string of 1 to 65535 characters");
        }
        List<String> files = new ArrayList<>();
        for (JsonNode file : input.path("ticket_message_files")) {
            String name = file.path("filename").asText("");
            if (name.isBlank() || file.path("mime_type").asText("").isBlank()) {
                throw Problem.invalid("ticket_message_files", "every file needs a filename and a mime_type");
            }
            try {
                Base64.getDecoder().decode(file.path("data").asText(""));
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("ticket_message_files", "data must be base64");
            }
            files.add(name);
        }
        boolean finallyClosed = tickets.with(ticketId, t -> "customer_service_closed_final".equals(t.status));
        if (finallyClosed) {
            throw new Problem(400, Problem.FINALLY_CLOSED, "The ticket is finally closed");
        }
        tickets.append(ticketId, "seller", "Seller", text, now.get(), files);
        // 201 with an empty body: Kaufland gives no id for the new message.
        return ResponseDefinitionBuilder.responseDefinition().withStatus(201).build();
    }

    private ResponseDefinition close(String ticketId) {
        tickets.with(ticketId, t -> {
            if ("customer_service_closed_final".equals(t.status)) {
                throw new Problem(409, Problem.FINALLY_CLOSED, "The ticket is finally closed");
            }
            if (!t.closableBySeller) {
                throw new Problem(409, Problem.NON_CLOSABLE, "The ticket cannot be closed by the seller");
            }
            t.status = switch (t.status) {
                case "buyer_closed", "both_closed" -> "both_closed";
                default -> "seller_closed";
            };
            t.updatedAt = now.get();
            return null;
        });
        return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
    }

    private ObjectNode ticket(Ticket t, Set<String> embedded) {
        ObjectNode node = json.createObjectNode();
        node.put("id_ticket", t.id);
        node.putArray("ids_order_units").add(t.orderUnitId);
        node.put("id_buyer", t.buyerId);
        node.put("ts_created_iso", t.createdAt.toString());
        node.put("ts_updated_iso", t.updatedAt.toString());
        node.put("status", t.status);
        node.put("open_reason", t.openReason);
        node.putNull("topic");
        node.put("is_seller_responsible", t.sellerResponsible);
        node.put("fulfillment_type", "fulfilled_by_merchant");
        node.put("storefront", t.storefront);
        if (embedded.contains("buyer")) {
            node.putObject("buyer").put("id_buyer", t.buyerId).put("email", t.buyerEmail);
        }
        if (embedded.contains("order_units")) {
            node.putArray("order_units").addObject().put("id_order_unit", t.orderUnitId).put("id_order", t.orderId)
                    .put("status", "sent");
        }
        if (embedded.contains("messages")) {
            ArrayNode messages = node.putArray("messages");
            for (KauflandMessage m : t.messages) {
                ObjectNode message = messages.addObject();
                message.put("id_ticket_message", m.id());
                message.put("id_ticket", t.id);
                message.putObject("author").put("role", m.role()).put("name", m.authorName());
                message.put("text", m.text());
                message.put("ts_created_iso", m.createdAt().toString());
            }
        }
        return node;
    }

    private int integer(Request request, String name, int absent, int min, int max, String rule) {
        Optional<String> value = query(request, name);
        if (value.isEmpty()) {
            return absent;
        }
        try {
            long n = Long.parseLong(value.get().trim());
            if (n < min || n > max) {
                throw Problem.invalid(name, rule);
            }
            return (int) n;
        } catch (NumberFormatException e) {
            throw Problem.invalid(name, rule);
        }
    }

    private ResponseDefinition error(Problem problem) {
        ObjectNode body = json.createObjectNode().put("type", problem.type()).put("message", problem.getMessage());
        ArrayNode errors = body.putArray("errors");
        for (Map.Entry<String, String> e : problem.fieldErrors().entrySet()) {
            errors.addObject().put("field", e.getKey()).put("message", e.getValue());
        }
        return json(problem.status(), body);
    }

    private ResponseDefinition json(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private static String genericType(int status) {
        return status == 429 ? "/problems/too-many-requests" : status >= 500 ? "/problems/internal-error" : "/problems/error";
    }

    private static String genericMessage(int status) {
        return switch (status) {
            case 429 -> "429 Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }

    private static String header(Request request, String name) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? null : value;
    }

    private static Optional<String> query(Request request, String name) {
        QueryParameter parameter = request.queryParameter(name);
        if (parameter == null || !parameter.isPresent()) {
            return Optional.empty();
        }
        return parameter.values().stream().filter(v -> v != null && !v.isBlank()).findFirst();
    }

    static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }
}
