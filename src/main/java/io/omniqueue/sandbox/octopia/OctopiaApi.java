package io.omniqueue.sandbox.octopia;

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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Octopia Seller API v2 discussions and its Keycloak token endpoint, answering every
 * request WireMock receives. The rules enforced are those of the reference (marketplace-apis-2.md §2):
 * bearer token and {@code SellerId} on every call, pageIndex 1-based and pageSize at most 100, the
 * six-month search window, the reply body 13-5000 characters, at most 3 files of 4 MB together in
 * the listed formats, no close before the seller has answered. State changes happen when a
 * request arrives; an injected delay only holds back the answer.
 */
final class OctopiaApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "octopia-seller-api-simulator";
    static final String TOKEN_PATH = "/auth/realms/maas/protocol/openid-connect/token";
    static final String API_ROOT = "/seller/v2";
    static final String WINDOW_DETAIL = "The maximum period of research of discussions may not exceed 6 months.";
    static final int MIN_BODY = 13;
    static final int MAX_BODY = 5000;
    static final Set<String> FORMATS = Set.of("png", "gif", "bmp", "jpg", "tif", "pdf", "jpeg", "doc", "docx", "xls");

    private static final Pattern ONE = Pattern.compile(API_ROOT + "/discussions/([^/]+)");

    private final OctopiaSimulator.State state;
    private final Faults faults;
    private final ObjectMapper json = new ObjectMapper();
    final List<Map<String, String>> listQueries = new CopyOnWriteArrayList<>();

    OctopiaApi(OctopiaSimulator.State state, Faults faults) {
        this.state = state;
        this.faults = faults;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String method = request.getMethod().getName();
        String path = pathOf(request.getUrl());
        Optional<Duration> delay = faults.takeDelay(method, path);
        ResponseDefinition response = answer(request, method, path);
        return delay.map(d -> ResponseDefinitionBuilder.like(response).withFixedDelay((int) d.toMillis()).build())
                .orElse(response);
    }

    private ResponseDefinition answer(Request request, String method, String path) {
        if (faults.rejectAll() != 0) {
            return problem(faults.rejectAll(), title(faults.rejectAll()), null);
        }
        Optional<Faults.Failure> failure = faults.takeFailure(method, path);
        if (failure.isPresent()) {
            return failure(failure.get());
        }
        try {
            if ("POST".equals(method) && TOKEN_PATH.equals(path)) {
                return token(request);
            }
            authorize(request);
            return route(request, method, path);
        } catch (Problem p) {
            return p.response != null ? p.response : problem(p.status, title(p.status), p.getMessage());
        }
    }

    // ---------------------------------------------------------------- Keycloak

    private ResponseDefinition token(Request request) {
        Map<String, String> form = form(request.getBodyAsString());
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return keycloakError(400, "unsupported_grant_type", "Unsupported grant_type");
        }
        if (!state.clientId.equals(form.get("client_id")) || !state.clientSecret.equals(form.get("client_secret"))) {
            return keycloakError(401, "invalid_client", "Invalid client or Invalid client credentials");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        long lifetime;
        synchronized (state) {
            lifetime = state.tokenLifetime.toSeconds();
            state.tokens.put(token, state.now().plus(state.tokenLifetime));
            state.tokensIssued++;
        }
        ObjectNode body = json.createObjectNode().put("access_token", token).put("expires_in", lifetime)
                .put("refresh_expires_in", 0).put("token_type", "Bearer").put("not-before-policy", 0).put("scope", "profile email");
        return json(200, body);
    }

    private ResponseDefinition keycloakError(int status, String error, String description) {
        return json(status, json.createObjectNode().put("error", error).put("error_description", description));
    }

    private void authorize(Request request) {
        String header = request.getHeader("Authorization");
        String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
        synchronized (state) {
            Instant expires = token == null ? null : state.tokens.get(token);
            if (expires == null || !state.now().isBefore(expires)) {
                throw new Problem(401, "The access token is missing, invalid or expired.");
            }
        }
        String seller = request.getHeader("SellerId");
        if (seller == null || seller.isBlank()) {
            throw new Problem(400, "The SellerId header is required.");
        }
        if (!state.sellerId.equals(seller.trim())) {
            throw new Problem(403, "The seller " + seller + " is not accessible with this token.");
        }
    }

    // ---------------------------------------------------------------- discussions

    private ResponseDefinition route(Request request, String method, String path) {
        if ("GET".equals(method) && (API_ROOT + "/discussions").equals(path)) {
            return list(request);
        }
        if ("POST".equals(method) && (API_ROOT + "/messages").equals(path)) {
            return postMessage(request);
        }
        Matcher one = ONE.matcher(path);
        if (one.matches() && "GET".equals(method)) {
            return json(200, discussion(find(one.group(1)), true, null));
        }
        if (one.matches() && "PATCH".equals(method)) {
            return patch(request, one.group(1));
        }
        throw new Problem(404, "No resource " + method + " " + path);
    }

    private ResponseDefinition list(Request request) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : new String[] {"pageIndex", "pageSize", "isOpen", "salesChannel", "updatedAtMin", "updatedAtMax",
            "includeMessages"}) {
            value(request, name).ifPresent(v -> query.put(name, v));
        }
        listQueries.add(Map.copyOf(query));
        int pageIndex = integer(query.getOrDefault("pageIndex", "1"), "pageIndex");
        int pageSize = integer(query.getOrDefault("pageSize", "50"), "pageSize");
        if (pageIndex < 1) {
            throw new Problem(400, "pageIndex starts at 1.");
        }
        if (pageSize < 1 || pageSize > 100) {
            throw new Problem(400, "pageSize must be between 1 and 100.");
        }
        Optional<Faults.Failure> pageFailure = faults.takePageFailure(pageIndex);
        if (pageFailure.isPresent()) {
            return failure(pageFailure.get());
        }
        Instant now = state.now();
        Instant oldest = now.atOffset(ZoneOffset.UTC).minusMonths(6).toInstant();
        Instant min = query.containsKey("updatedAtMin") ? date(query.get("updatedAtMin"), "updatedAtMin") : oldest;
        Instant max = query.containsKey("updatedAtMax") ? date(query.get("updatedAtMax"), "updatedAtMax") : now;
        if (min.isBefore(oldest) || min.atOffset(ZoneOffset.UTC).plusMonths(6).toInstant().isBefore(max)) {
            throw new Problem(400, WINDOW_DETAIL);
        }
        Boolean open = query.containsKey("isOpen") ? Boolean.valueOf(query.get("isOpen")) : null;
        String channel = query.get("salesChannel");
        List<ObjectNode> page;
        boolean more;
        synchronized (state) {
            List<Discussion> matching = state.discussions.values().stream()
                    .filter(d -> open == null || d.open == open)
                    .filter(d -> channel == null || channel.equals(d.salesChannel))
                    .filter(d -> !d.updatedAt.isBefore(min) && !d.updatedAt.isAfter(max))
                    .sorted(Comparator.comparing((Discussion d) -> d.updatedAt).thenComparing(d -> d.id))
                    .toList();
            int from = (pageIndex - 1) * pageSize;
            page = matching.stream().skip(from).limit(pageSize)
                    .map(d -> discussion(d, false, query.get("includeMessages"))).toList();
            more = matching.size() > from + pageSize;
        }
        ObjectNode body = json.createObjectNode().put("itemsPerPage", pageSize);
        body.putArray("items").addAll(page);
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.like(json(200, body));
        if (more && state.linkHeader) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("pageIndex", String.valueOf(pageIndex + 1));
            response = response.withHeader("Link", "<" + state.baseUrl + API_ROOT + "/discussions?" + queryString(next)
                    + ">; rel=\"next\"");
        }
        return response.build();
    }

    private ResponseDefinition postMessage(Request request) {
        JsonNode input = body(request);
        String discussionId = input.path("discussionId").asText(null);
        if (discussionId == null || discussionId.isBlank()) {
            throw new Problem(400, "discussionId is required.");
        }
        String shape = state.replyShape;
        boolean receivers = input.path("receivers").isArray() && !input.path("receivers").isEmpty();
        boolean receiver = input.path("receiver").isTextual();
        if ("RECEIVERS".equals(shape) && !receivers) {
            throw new Problem(400, "receivers is required.");
        }
        if ("RECEIVER".equals(shape) && !receiver) {
            throw new Problem(400, "receiver is required.");
        }
        String text = input.path("body").asText("");
        if (text.length() < MIN_BODY || text.length() > MAX_BODY) {
            throw new Problem(400, "The message body must contain between " + MIN_BODY + " and " + MAX_BODY + " characters.");
        }
        JsonNode files = input.path("attachments");
        if (files.size() > 3) {
            throw new Problem(400, "At most 3 attachments are allowed.");
        }
        long bytes = 0;
        for (JsonNode file : files) {
            String format = file.path("fileFormat").asText("").toLowerCase(Locale.ROOT);
            if (!FORMATS.contains(format)) {
                throw new Problem(400, "The attachment format " + format + " is not allowed.");
            }
            bytes += Base64.getDecoder().decode(file.path("content").asText("")).length;
        }
        if (bytes > 4L * 1024 * 1024) {
            throw new Problem(400, "The attachments may not exceed 4 MB together.");
        }
        String id;
        synchronized (state) {
            Discussion d = find(discussionId);
            if (!d.open) {
                throw new Problem(400, "The discussion " + discussionId + " is closed.");
            }
            id = state.append(d, "Seller", text, state.now(), files.size());
        }
        return json(201, json.createObjectNode().put("messageId", id));
    }

    private ResponseDefinition patch(Request request, String discussionId) {
        JsonNode ops = body(request);
        if (!ops.isArray() || ops.isEmpty()) {
            throw new Problem(400, "A JSON Patch array is expected.");
        }
        synchronized (state) {
            Discussion d = find(discussionId);
            for (JsonNode op : ops) {
                String verb = op.path(state.patchOpField).asText(null);
                if (!"replace".equals(verb) || !"/isOpen".equals(op.path("path").asText())) {
                    throw new Problem(400, "Only {\"" + state.patchOpField + "\":\"replace\",\"path\":\"/isOpen\"} is supported.");
                }
                boolean open = Boolean.parseBoolean(op.path("value").asText());
                if (!open && d.open && !d.sellerAnswered()) {
                    throw new Problem(400, "A discussion cannot be closed before the seller has answered.");
                }
                if (d.open != open) {
                    d.open = open;
                    d.updatedAt = state.now();
                }
            }
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
    }

    private ObjectNode discussion(Discussion d, boolean detail, String includeMessages) {
        synchronized (state) {
            ObjectNode node = json.createObjectNode().put("discussionId", d.id).put("subject", d.subject)
                    .put("typologyCode", "Order").put("subTypologyCode", "productIsDamaged").put("graduation", "Discussion")
                    .put("isOpen", d.open).put("processStatus", d.waitsForSeller() ? "ToTreat" : "Treated")
                    .put("salesChannel", d.salesChannel).put("salesChannelExternalReference", d.salesChannel + "-" + d.orderReference)
                    .put("orderReference", d.orderReference).put("customerId", d.customerId)
                    .put("createdAt", d.createdAt.toString()).put("updatedAt", d.updatedAt.toString());
            ArrayNode messages = node.putArray("messages");
            List<SimulatedMessage> shown = detail ? d.messages
                    : "FirstMessage".equals(includeMessages) ? d.messages.subList(0, Math.min(1, d.messages.size()))
                    : "LastMessage".equals(includeMessages) ? d.messages.subList(Math.max(0, d.messages.size() - 1), d.messages.size())
                    : List.of();
            for (SimulatedMessage m : shown) {
                ObjectNode message = messages.addObject().put("messageId", m.messageId()).put("body", m.body())
                        .put("createdAt", m.createdAt().toString());
                ObjectNode sender = message.putObject("sender");
                if ("Customer".equals(m.userType())) {
                    sender.put("userId", d.customerId);
                } else if ("Seller".equals(m.userType())) {
                    sender.put("userId", state.sellerId);
                }
                sender.put("userType", m.userType());
                message.putArray("receivers");
                message.put("hasRead", false);
                message.putArray("attachments");
            }
            if (detail) {
                ArrayNode eligible = node.putArray("eligibleReceivers");
                eligible.addObject().put("userId", d.customerId).put("userType", "Customer");
                eligible.addObject().put("userType", "GrcOperator");
            }
            return node;
        }
    }

    private Discussion find(String id) {
        synchronized (state) {
            Discussion d = state.discussions.get(id);
            if (d == null) {
                throw new Problem(404, "The discussion " + id + " does not exist.");
            }
            return d;
        }
    }

    // ---------------------------------------------------------------- answers

    private ResponseDefinition problem(int status, String title, String detail) {
        ObjectNode body = json.createObjectNode().put("type", "https://httpstatuses.io/" + status).put("title", title)
                .put("status", status);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.put("traceId", "00-" + UUID.randomUUID().toString().replace("-", "") + "-00f067aa0ba902b7-01");
        return ResponseDefinitionBuilder.like(json(status, body)).withHeader("Content-Type", "application/problem+json").build();
    }

    private ResponseDefinition failure(Faults.Failure failure) {
        ResponseDefinition response = problem(failure.status(), title(failure.status()), null);
        return failure.retryAfterSeconds() < 0 ? response
                : ResponseDefinitionBuilder.like(response).withHeader("Retry-After", String.valueOf(failure.retryAfterSeconds())).build();
    }

    private ResponseDefinition json(int status, JsonNode body) {
        try {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json; charset=utf-8").withBody(json.writeValueAsString(body)).build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    // ---------------------------------------------------------------- parsing

    private JsonNode body(Request request) {
        try {
            return json.readTree(request.getBodyAsString());
        } catch (JsonProcessingException e) {
            throw new Problem(400, "The body is not valid JSON.");
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : (body == null ? "" : body).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static Optional<String> value(Request request, String name) {
        QueryParameter p = request.queryParameter(name);
        return p == null || !p.isPresent() ? Optional.empty() : p.values().stream().filter(v -> !v.isBlank()).findFirst();
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Problem(400, name + " must be an integer.");
        }
    }

    private static Instant date(String value, String name) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Problem(400, name + " must be an ISO 8601 date.");
        }
    }

    private static String queryString(Map<String, String> query) {
        StringBuilder s = new StringBuilder();
        query.forEach((k, v) -> s.append(s.length() == 0 ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    static String pathOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    /** An error answer; Octopia's are problem documents with a detail and a trace id. */
    static final class Problem extends RuntimeException {
        final int status;
        final ResponseDefinition response;

        Problem(int status, String detail) {
            super(detail);
            this.status = status;
            this.response = null;
        }
    }
}
