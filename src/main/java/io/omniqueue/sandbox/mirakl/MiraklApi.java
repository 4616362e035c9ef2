package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated Mirakl seller messaging API (M10-M13), answering every request WireMock receives. State changes
 * happen when the request arrives; injected delays only hold back the response, which is what a client that times
 * out experiences on a slow but working server.
 */
final class MiraklApi implements ResponseDefinitionTransformerV2 {

    static final String NAME = "mirakl-seller-messaging-simulator";
    static final String LIST_THREADS_PATH = "/api/inbox/threads";
    static final int MAX_MESSAGES_PER_THREAD = 1000;
    static final int MESSAGES_IN_LISTING = 100;

    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 100;
    private static final Pattern LIST_THREADS = Pattern.compile("/api/inbox/threads/?");
    private static final Pattern ONE_THREAD = Pattern.compile("/api/inbox/threads/([^/]+)");
    private static final Pattern REPLY = Pattern.compile("/api/inbox/threads/([^/]+)/message");
    private static final Pattern DOWNLOAD = Pattern.compile("/api/inbox/threads/([^/]+)/download");

    private final InboxState inbox;
    private final FaultPlan faults;
    private final SimulatorSettings settings;
    private final ObjectMapper mapper;
    private final ThreadJson threadJson;
    private final ApiResponses responses;
    private final List<String> pageTokensRequested = new CopyOnWriteArrayList<>();

    MiraklApi(InboxState inbox, FaultPlan faults, SimulatorSettings settings, ObjectMapper mapper) {
        this.inbox = inbox;
        this.faults = faults;
        this.settings = settings;
        this.mapper = mapper;
        this.threadJson = new ThreadJson(mapper);
        this.responses = new ApiResponses(mapper);
    }

    @Override
    public String getName() {
        return NAME;
    }

    List<String> pageTokensRequested() {
        return List.copyOf(pageTokensRequested);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String method = request.getMethod().getName();
        String path = pathOf(request.getUrl());
        recordPageToken(request, method, path);
        Optional<Duration> delay = faults.takeDelay(method, path);
        ResponseDefinition response = answer(request, method, path);
        return delay.map(d -> ApiResponses.delayed(response, d)).orElse(response);
    }

    private void recordPageToken(Request request, String method, String path) {
        if ("GET".equals(method) && LIST_THREADS.matcher(path).matches()) {
            queryValue(request, "page_token").ifPresent(pageTokensRequested::add);
        }
    }

    private ResponseDefinition answer(Request request, String method, String path) {
        int rejectAll = faults.rejectAllStatus();
        if (rejectAll != 0) {
            return responses.error(rejectAll, ApiResponses.genericMessage(rejectAll));
        }
        Optional<InjectedFailure> failure = faults.takeFailure(method, path);
        if (failure.isPresent()) {
            return responses.failure(failure.get());
        }
        try {
            authorize(request);
            return route(request, method, path);
        } catch (ApiException problem) {
            return responses.error(problem);
        }
    }

    /** Mirakl takes the raw API key in Authorization; a "Bearer " prefix makes it a different, unknown key. */
    private void authorize(Request request) {
        if (!settings.apiKey().equals(request.getHeader("Authorization"))) {
            throw new ApiException(401, "Unauthorized");
        }
        Optional<String> requestedShop = queryValue(request, "shop_id");
        if (requestedShop.isEmpty()) {
            return;
        }
        long shopId = parseLong(requestedShop.get(), "shop_id");
        Long configured = settings.shopId();
        if (configured != null && configured != shopId) {
            throw new ApiException(403, "Shop " + shopId + " is not accessible with this API key");
        }
    }

    private ResponseDefinition route(Request request, String method, String path) {
        if ("GET".equals(method) && LIST_THREADS.matcher(path).matches()) {
            return listThreads(request);
        }
        Matcher download = DOWNLOAD.matcher(path);
        if ("GET".equals(method) && download.matches()) {
            return download(download.group(1));
        }
        Matcher reply = REPLY.matcher(path);
        if ("POST".equals(method) && reply.matches()) {
            return reply(request, reply.group(1));
        }
        Matcher oneThread = ONE_THREAD.matcher(path);
        if ("GET".equals(method) && oneThread.matches()) {
            return oneThread(oneThread.group(1));
        }
        throw new ApiException(404, "The simulated Mirakl API has no " + method + " " + path);
    }

    /** M11. */
    private ResponseDefinition listThreads(Request request) {
        int limit = parseLimit(request);
        Optional<String> token = queryValue(request, "page_token");
        PageToken cursor = token.map(MiraklApi::decodeToken).orElse(null);
        ThreadQuery query = cursor != null ? cursor.query() : parseQuery(request);
        int pageNumber = cursor != null ? cursor.page() : 1;
        Optional<InjectedFailure> pageFailure = faults.takePageFailure(pageNumber);
        if (pageFailure.isPresent()) {
            return responses.failure(pageFailure.get());
        }
        ThreadPage page = ThreadPage.of(inbox.snapshot(), query, cursor, limit, pageNumber);
        ObjectNode body = mapper.createObjectNode();
        ArrayNode data = body.putArray("data");
        for (InboxThread thread : page.threads()) {
            List<StoredMessage> messages = query.withMessages() ? thread.lastMessages(MESSAGES_IN_LISTING) : null;
            data.add(threadJson.thread(thread, messages, settings.shop()));
        }
        if (page.next() != null) {
            body.put("next_page_token", page.next().encode());
        }
        if (page.previous() != null) {
            body.put("previous_page_token", page.previous().encode());
        }
        return responses.json(200, body);
    }

    /** M10: unlike M11, every message of the thread. */
    private ResponseDefinition oneThread(String threadId) {
        InboxThread thread = inbox.find(threadId).orElseThrow(() -> unknownThread(threadId));
        return responses.json(200, threadJson.thread(thread, thread.messages(), settings.shop()));
    }

    /** M12. */
    private ResponseDefinition reply(Request request, String threadId) {
        if (inbox.find(threadId).isEmpty()) {
            throw unknownThread(threadId);
        }
        if (!request.isMultipart()) {
            throw new ApiException(400, "Expected multipart/form-data with a message_input part");
        }
        Collection<Request.Part> parts = request.getParts();
        ReplyInput input = ReplyInput.from(messageInput(parts));
        List<StoredAttachment> files = files(parts);
        StoredMessage message = StoredMessage.create(SenderType.SHOP_USER, input.body(), settings.clock().instant(),
                input.to(), files);
        try {
            inbox.append(threadId, message, MAX_MESSAGES_PER_THREAD);
        } catch (InboxState.ThreadFullException full) {
            throw new ApiException(400, full.getMessage());
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("message_id", message.id());
        body.put("thread_id", threadId);
        return responses.json(201, body);
    }

    private JsonNode messageInput(Collection<Request.Part> parts) {
        Request.Part part = parts.stream()
                .filter(p -> "message_input".equals(p.getName()))
                .findFirst()
                .orElseThrow(() -> new ApiException(400, "The message_input part is required"));
        try {
            return mapper.readTree(new String(part.getBody().asBytes(), StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ApiException(400, "The message_input part is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<StoredAttachment> files(Collection<Request.Part> parts) {
        List<StoredAttachment> files = new ArrayList<>();
        for (Request.Part part : parts) {
            if (!"files".equals(part.getName())) {
                continue;
            }
            String fileName = part.getFileName();
            if (fileName == null || fileName.isBlank()) {
                throw new ApiException(400, "Each files part must be a file with a filename");
            }
            files.add(new StoredAttachment(UUID.randomUUID().toString(), fileName, part.getBody().asBytes()));
        }
        return files;
    }

    /** M13. */
    private ResponseDefinition download(String attachmentId) {
        return inbox.attachment(attachmentId)
                .map(responses::download)
                .orElseThrow(() -> new ApiException(404, "No attachment with id " + attachmentId));
    }

    private ThreadQuery parseQuery(Request request) {
        Instant updatedSince = queryValue(request, "updated_since").map(MiraklApi::parseDate).orElse(null);
        boolean withMessages = queryValue(request, "with_messages").map(MiraklApi::parseBoolean).orElse(false);
        String entityType = queryValue(request, "entity_type").orElse(null);
        if (entityType != null && !ThreadQuery.ENTITY_TYPES.contains(entityType)) {
            throw new ApiException(400, "entity_type must be one of " + ThreadQuery.ENTITY_TYPES
                    + ", got " + entityType);
        }
        List<String> entityIds = queryValues(request, "entity_id").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(id -> !id.isEmpty())
                .toList();
        if (!entityIds.isEmpty() && entityType == null) {
            throw new ApiException(400, "entity_type is required when entity_id is given");
        }
        return new ThreadQuery(updatedSince == null ? null : updatedSince.toEpochMilli(), withMessages,
                entityType, entityIds);
    }

    private static int parseLimit(Request request) {
        Optional<String> value = queryValue(request, "limit");
        if (value.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long limit = parseLong(value.get(), "limit");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return (int) limit;
    }

    private static PageToken decodeToken(String token) {
        try {
            return PageToken.decode(token);
        } catch (PageToken.InvalidPageTokenException e) {
            throw new ApiException(400, "Invalid page_token");
        }
    }

    private static Instant parseDate(String value) {
        try {
            return MiraklDates.parse(value);
        } catch (DateTimeParseException e) {
            throw new ApiException(400, "updated_since must be an ISO-8601 date-time, got " + value);
        }
    }

    private static boolean parseBoolean(String value) {
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ApiException(400, "with_messages must be true or false, got " + value);
        };
    }

    private static long parseLong(String value, String name) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(400, name + " must be an integer, got " + value);
        }
    }

    /** Blank values count as absent, as a client building URLs from optional fields often sends them. */
    private static Optional<String> queryValue(Request request, String name) {
        return queryValues(request, name).stream().findFirst();
    }

    private static List<String> queryValues(Request request, String name) {
        QueryParameter parameter = request.queryParameter(name);
        if (parameter == null || !parameter.isPresent()) {
            return List.of();
        }
        return parameter.values().stream().filter(value -> value != null && !value.isBlank()).toList();
    }

    static String pathOf(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static ApiException unknownThread(String threadId) {
        return new ApiException(404, "No thread with id " + threadId);
    }
}
