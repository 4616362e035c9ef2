package io.omniqueue.sandbox.ebay;

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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;

/**
 * The simulated eBay Commerce Message API v1 and its OAuth token endpoint, answering every request
 * WireMock receives, with eBay's rules and error bodies: conversation_type required, limit at most
 * 50 (355009), offset a multiple of limit (355008), messageText at most 2,000 characters (355013),
 * HTML refused (2004), an expired or unknown token 401 (1001), a refused refresh token 400
 * invalid_grant, a wrong client 401 invalid_client. State changes when a request arrives; injected
 * delays only hold back the answer.
 */
final class EbayApi implements ResponseDefinitionTransformerV2 {

    static final String TOKEN_PATH = "/identity/v1/oauth2/token";
    static final String API = "/commerce/message/v1";
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 50;
    private static final int MAX_TEXT = 2000;
    private static final Pattern ONE = Pattern.compile(API + "/conversation/([^/]+)");
    private static final Pattern EBAY_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z");

    private final EbayInbox inbox;
    private final EbayAuth auth;
    private final EbayFaults faults;
    private final String seller;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Integer> offsetsRequested = new CopyOnWriteArrayList<>();
    private final List<String> startTimesRequested = Collections.synchronizedList(new ArrayList<>());
    private volatile String baseUrl = "";

    EbayApi(EbayInbox inbox, EbayAuth auth, EbayFaults faults, String seller) {
        this.inbox = inbox;
        this.auth = auth;
        this.faults = faults;
        this.seller = seller;
    }

    void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    List<String> startTimesRequested() {
        synchronized (startTimesRequested) {
            return new ArrayList<>(startTimesRequested);
        }
    }

    List<Integer> offsetsRequested() {
        return List.copyOf(offsetsRequested);
    }

    @Override
    public String getName() {
        return "ebay-commerce-message-simulator";
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String method = request.getMethod().getName();
        String path = pathOf(request.getUrl());
        Optional<Duration> delay = faults.takeDelay(method, path);
        ResponseDefinition response = answer(request, method, path);
        return delay.map(d -> ResponseDefinitionBuilder.like(response).withFixedDelay(Math.toIntExact(d.toMillis())).build())
                .orElse(response);
    }

    private ResponseDefinition answer(Request request, String method, String path) {
        Optional<Integer> failure = faults.takeFailure(method, path);
        if (failure.isPresent()) {
            return injected(failure.get());
        }
        try {
            if ("POST".equals(method) && TOKEN_PATH.equals(path)) {
                return token(request);
            }
            authorize(request);
            if ("GET".equals(method) && (API + "/conversation").equals(path)) {
                return conversations(request);
            }
            Matcher one = ONE.matcher(path);
            if ("GET".equals(method) && one.matches()) {
                return conversation(request, one.group(1));
            }
            if ("POST".equals(method) && (API + "/send_message").equals(path)) {
                return sendMessage(request);
            }
            if ("POST".equals(method) && (API + "/update_conversation").equals(path)) {
                return updateConversation(request);
            }
            throw new Problem(404, 2002, "ACCESS", "Resource not found", "The simulated eBay API has no " + method + " " + path);
        } catch (Problem p) {
            return p.response(json);
        }
    }

    // ------------------------------------------------------------------ OAuth

    private ResponseDefinition token(Request request) {
        if (!auth.clientMatches(request.getHeader("Authorization"))) {
            return oauthError(401, "invalid_client", "client authentication failed");
        }
        Map<String, String> form = form(request.getBodyAsString());
        if (!"refresh_token".equals(form.get("grant_type"))) {
            return oauthError(400, "unsupported_grant_type", "grant type in request is not supported by the authorization server");
        }
        if (!auth.refreshTokenMatches(form.get("refresh_token"))) {
            return oauthError(400, "invalid_grant",
                    "the provided authorization refresh token is invalid or was issued to another client");
        }
        Map.Entry<String, Long> token = auth.issue();
        ObjectNode body = json.createObjectNode().put("access_token", token.getKey()).put("expires_in", token.getValue())
                .put("token_type", "User Access Token");
        return respond(200, body);
    }

    private void authorize(Request request) {
        String header = request.getHeader("Authorization");
        if (header == null || header.isBlank()) {
            throw new Problem(400, 1002, "OAuth", "Missing access token", "Access token is required");
        }
        if (!header.startsWith("Bearer ") || !auth.valid(header.substring("Bearer ".length()))) {
            throw new Problem(401, 1001, "OAuth", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.");
        }
    }

    // ------------------------------------------------------------------ calls

    private ResponseDefinition conversations(Request request) {
        conversationType(request);
        int limit = limit(request);
        int offset = offset(request, limit);
        offsetsRequested.add(offset);
        startTimesRequested.add(query(request, "start_time"));
        Optional<Integer> failure = faults.takeOffsetFailure(offset);
        if (failure.isPresent()) {
            return injected(failure.get());
        }
        Instant start = time(request, "start_time");
        Instant end = time(request, "end_time");
        if (start != null && end != null && !start.isBefore(end)) {
            throw request(355004, "The start_time must be before the end_time.");
        }
        List<EbayConversation> all = inbox.newestFirst().stream()
                .filter(c -> start == null || !c.latestAt().isBefore(start))
                .filter(c -> end == null || c.latestAt().isBefore(end))
                .toList();
        ObjectNode body = page("/conversation", request, limit, offset, all.size());
        ArrayNode items = body.putArray("conversations");
        for (EbayConversation c : all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size()))) {
            ObjectNode item = items.addObject().put("conversationId", c.conversationId()).put("conversationStatus", "ACTIVE")
                    .put("conversationType", "FROM_MEMBERS").put("conversationTitle", c.title())
                    .put("createdDate", c.messages().get(0).createdDate().toString())
                    .put("referenceId", c.listingId()).put("referenceType", "LISTING").put("unreadCount", c.unreadCount(seller));
            item.set("latestMessage", message(c.latest()));
        }
        return respond(200, body);
    }

    private ResponseDefinition conversation(Request request, String conversationId) {
        conversationType(request);
        int limit = limit(request);
        int offset = offset(request, limit);
        EbayConversation c = inbox.find(conversationId)
                .orElseThrow(() -> request(355007, "The conversationId " + conversationId + " is invalid."));
        List<EbayMessage> newestFirst = new ArrayList<>(c.messages());
        Collections.reverse(newestFirst);
        ObjectNode body = page("/conversation/" + conversationId, request, limit, offset, newestFirst.size());
        body.put("conversationTitle", c.title()).put("conversationStatus", "ACTIVE").put("conversationType", "FROM_MEMBERS");
        ArrayNode messages = body.putArray("messages");
        newestFirst.subList(Math.min(offset, newestFirst.size()), Math.min(offset + limit, newestFirst.size()))
                .forEach(m -> messages.add(message(m)));
        return respond(200, body);
    }

    private ResponseDefinition sendMessage(Request request) {
        JsonNode input = body(request);
        String conversationId = input.path("conversationId").asText("");
        if (conversationId.isBlank()) {
            throw request(355018, "The conversationId or otherPartyUsername field is required.");
        }
        EbayConversation c = inbox.find(conversationId)
                .orElseThrow(() -> request(355007, "The conversationId " + conversationId + " is invalid."));
        String text = input.path("messageText").asText("");
        if (text.isBlank() && input.path("messageMedia").isEmpty()) {
            throw request(355015, "The messageText or messageMedia field is required.");
        }
        if (text.codePointCount(0, text.length()) > MAX_TEXT) {
            throw request(355013, "The messageText string exceeds the maximum character threshold of 2000. "
                    + "Please modify the message text to meet this requirement.");
        }
        if (!Jsoup.parseBodyFragment(text).body().getAllElements().stream().skip(1).filter(e -> e.tag().isKnownTag())
                .toList().isEmpty()) {
            throw new Problem(400, 2004, "API_MESSAGE", "Invalid request",
                    "The request has errors. HTML is not allowed in messageText.");
        }
        EbayMessage sent = new EbayMessage(inbox.nextMessageId(), seller, c.buyer(), text, auth.clock().instant(), false);
        inbox.update(conversationId, conv -> conv.with(sent));
        ObjectNode body = json.createObjectNode().put("messageId", sent.messageId()).put("messageBody", text)
                .put("createdDate", sent.createdDate().toString()).put("readStatus", false)
                .put("senderUserName", seller).put("recipientUserName", c.buyer()).put("subject", c.title());
        return respond(201, body);
    }

    private ResponseDefinition updateConversation(Request request) {
        JsonNode input = body(request);
        String conversationId = input.path("conversationId").asText("");
        if (conversationId.isBlank()) {
            throw request(355018, "The conversationId field is required.");
        }
        String type = input.path("conversationType").asText("");
        if (type.isBlank()) {
            throw request(355017, "The conversationType field is required.");
        }
        if (!type.equals("FROM_MEMBERS") && !type.equals("FROM_EBAY")) {
            throw request(355002, "The conversationType " + type + " is invalid.");
        }
        if (inbox.find(conversationId).isEmpty()) {
            throw request(355007, "The conversationId " + conversationId + " is invalid.");
        }
        if (input.path("read").asBoolean(false)) {
            inbox.update(conversationId, EbayConversation::read);
        }
        return ResponseDefinitionBuilder.responseDefinition().withStatus(204).build();
    }

    // ------------------------------------------------------------------ rules

    private static void conversationType(Request request) {
        String type = query(request, "conversation_type");
        if (type == null) {
            throw request(355017, "The conversation_type query parameter is required.");
        }
        if (!type.equals("FROM_MEMBERS") && !type.equals("FROM_EBAY")) {
            throw request(355002, "The conversation_type " + type + " is invalid.");
        }
    }

    private static int limit(Request request) {
        String value = query(request, "limit");
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        int limit = integer(value, "limit");
        if (limit > MAX_LIMIT) {
            throw request(355009, "The limit value must be less than or equal to 50.");
        }
        if (limit < 1) {
            throw new Problem(400, 2004, "API_MESSAGE", "Invalid request", "The limit value must be positive.");
        }
        return limit;
    }

    private static int offset(Request request, int limit) {
        String value = query(request, "offset");
        int offset = value == null ? 0 : integer(value, "offset");
        if (offset < 0 || offset % limit != 0) {
            throw request(355008, "The offset value must be a multiple of the limit value.");
        }
        return offset;
    }

    private static Instant time(Request request, String name) {
        String value = query(request, name);
        if (value == null) {
            return null;
        }
        if (!EBAY_TIME.matcher(value).matches()) {
            throw request(355005, "The " + name + " date format is invalid. Use yyyy-MM-ddThh:mm:ss.sssZ.");
        }
        return Instant.parse(value);
    }

    private static int integer(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new Problem(400, 2004, "API_MESSAGE", "Invalid request", "The " + name + " value is not an integer.");
        }
    }

    // ------------------------------------------------------------------ shapes

    private ObjectNode page(String path, Request request, int limit, int offset, int total) {
        ObjectNode body = json.createObjectNode();
        body.put("href", href(path, request, limit, offset)).put("limit", limit).put("offset", offset).put("total", total);
        if (offset + limit < total) {
            body.put("next", href(path, request, limit, offset + limit));
        }
        if (offset > 0) {
            body.put("prev", href(path, request, limit, Math.max(0, offset - limit)));
        }
        return body;
    }

    private String href(String path, Request request, int limit, int offset) {
        StringBuilder href = new StringBuilder(baseUrl + API + path + "?conversation_type=" + query(request, "conversation_type"));
        for (String name : new String[] {"start_time", "end_time"}) {
            String value = query(request, name);
            if (value != null) {
                href.append('&').append(name).append('=').append(value);
            }
        }
        return href.append("&offset=").append(offset).append("&limit=").append(limit).toString();
    }

    private ObjectNode message(EbayMessage m) {
        return json.createObjectNode().put("messageId", m.messageId()).put("messageBody", m.text())
                .put("senderUsername", m.senderUsername()).put("recipientUsername", m.recipientUsername())
                .put("readStatus", m.read()).put("createdDate", m.createdDate().toString());
    }

    private JsonNode body(Request request) {
        try {
            return json.readTree(request.getBodyAsString());
        } catch (JsonProcessingException e) {
            throw new Problem(400, 2004, "API_MESSAGE", "Invalid request", "The request body is not valid JSON.");
        }
    }

    private ResponseDefinition respond(int status, JsonNode body) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
    }

    private ResponseDefinition oauthError(int status, String error, String description) {
        return respond(status, json.createObjectNode().put("error", error).put("error_description", description));
    }

    /** Injected failures answer as eBay's gateway does: 429 errorId 2001 without Retry-After, 500 errorId 2003. */
    private ResponseDefinition injected(int status) {
        Problem problem = switch (status) {
            case 429 -> new Problem(429, 2001, "ACCESS", "Too many requests", "The request limit has been reached for the resource.");
            case 401 -> new Problem(401, 1001, "OAuth", "Invalid access token",
                    "Invalid access token. Check the value of the Authorization HTTP request header.");
            default -> status >= 500
                    ? new Problem(status, 2003, "ACCESS", "Internal error", "There was a problem with an eBay internal system or process.")
                    : new Problem(status, 2004, "ACCESS", "Invalid request", "The request has errors.");
        };
        return problem.response(json);
    }

    private static Problem request(int errorId, String message) {
        return new Problem(400, errorId, "API_MESSAGE", message, message);
    }

    private static String query(Request request, String name) {
        QueryParameter parameter = request.queryParameter(name);
        if (parameter == null || !parameter.isPresent() || parameter.firstValue().isBlank()) {
            return null;
        }
        return parameter.firstValue();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body == null ? new String[0] : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    /** An eBay error answer: {"errors":[{"errorId","domain","category","message","longMessage"}]}. */
    static final class Problem extends RuntimeException {
        private final int status;
        private final int errorId;
        private final String domain;
        private final String longMessage;

        Problem(int status, int errorId, String domain, String message, String longMessage) {
            super(message);
            this.status = status;
            this.errorId = errorId;
            this.domain = domain;
            this.longMessage = longMessage;
        }

        ResponseDefinition response(ObjectMapper json) {
            ObjectNode body = json.createObjectNode();
            body.putArray("errors").addObject().put("errorId", errorId).put("domain", domain)
                    .put("category", status >= 500 ? "APPLICATION" : "REQUEST").put("message", getMessage())
                    .put("longMessage", longMessage);
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body.toString()).build();
        }
    }
}
