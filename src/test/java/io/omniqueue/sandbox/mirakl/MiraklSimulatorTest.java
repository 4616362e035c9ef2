package io.omniqueue.sandbox.mirakl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MiraklSimulatorTest {

    private static final String API_KEY = "mirakl-test-key";
    private static final String THREADS = "/api/inbox/threads";
    private static final Instant T0 = Instant.parse("2024-03-01T09:00:00Z");
    private static final Instant NOW = Instant.parse("2024-03-05T10:15:30.250Z");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private MiraklSimulator simulator;

    @BeforeEach
    void startSimulator() {
        simulator = MiraklSimulator.start(0, API_KEY, "Acme Shop");
        simulator.setClock(Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    // --- M11 ---

    @Test
    void pagingOver250ThreadsWithLimit100GivesThreePagesWithoutRepeatsAndNoNextTokenOnTheLast() throws Exception {
        simulator.seedThreads(250, T0, Duration.ofMinutes(1));

        List<JsonNode> pages = new ArrayList<>();
        JsonNode page = getJson(THREADS + "?limit=100");
        pages.add(page);
        while (page.has("next_page_token")) {
            page = getJson(THREADS + "?limit=100&page_token=" + page.get("next_page_token").asText());
            pages.add(page);
        }

        assertThat(pages).extracting(p -> p.get("data").size()).containsExactly(100, 100, 50);
        assertThat(pages.get(2).has("next_page_token")).isFalse();
        assertThat(pages.get(0).has("previous_page_token")).isFalse();
        assertThat(pages.get(1).has("previous_page_token")).isTrue();
        List<String> ids = new ArrayList<>();
        List<Instant> updated = new ArrayList<>();
        for (JsonNode p : pages) {
            p.get("data").forEach(thread -> {
                ids.add(thread.get("id").asText());
                updated.add(Instant.parse(thread.get("date_updated").asText()));
            });
        }
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(updated).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(simulator.pageTokensRequested()).hasSize(2);
    }

    @Test
    void previousPageTokenLeadsBackToThePreviousPage() throws Exception {
        simulator.seedThreads(30, T0, Duration.ofMinutes(1));
        JsonNode first = getJson(THREADS + "?limit=10");
        JsonNode second = getJson(THREADS + "?limit=10&page_token=" + first.get("next_page_token").asText());

        JsonNode back = getJson(THREADS + "?limit=10&page_token=" + second.get("previous_page_token").asText());

        assertThat(ids(back)).isEqualTo(ids(first));
    }

    @Test
    void pageTokenStaysValidWhenThreadsChangeBetweenPages() throws Exception {
        simulator.seedThreads(250, T0, Duration.ofMinutes(1));
        JsonNode first = getJson(THREADS + "?limit=100");
        Set<String> original = new HashSet<>(ids(first));
        // A thread of the last page gets a new message: it moves to the top, before the cursor.
        String movedThread = ids(getJson(THREADS + "?limit=100&page_token="
                + getJson(THREADS + "?limit=100&page_token=" + first.get("next_page_token").asText())
                .get("next_page_token").asText())).get(0);
        simulator.customerWrites(movedThread, "Any news?", NOW);
        simulator.openThread("MIR-9999-A", "Late Customer", "Hello", NOW);

        List<String> rest = new ArrayList<>();
        JsonNode page = first;
        while (page.has("next_page_token")) {
            page = getJson(THREADS + "?limit=100&page_token=" + page.get("next_page_token").asText());
            rest.addAll(ids(page));
        }

        assertThat(rest).doesNotHaveDuplicates().doesNotContainAnyElementsOf(original).hasSize(149)
                .doesNotContain(movedThread);
    }

    @Test
    void updatedSinceKeepsThreadsUpdatedAtOrAfterTheDate() throws Exception {
        simulator.seedThreads(10, T0, Duration.ofHours(1));

        JsonNode page = getJson(THREADS + "?updated_since=2024-03-01T13:00:00.000Z");

        assertThat(page.get("data")).hasSize(6);
        assertThat(page.get("data").get(5).get("date_updated").asText()).isEqualTo("2024-03-01T13:00:00.000Z");
        assertThat(page.get("data").get(0).get("entities").get(0).get("id").asText()).isEqualTo("MIR-10-A");
    }

    @Test
    void withMessagesIncludesOnlyTheLast100MessagesOldestFirstWhileTotalCountIsTheFullCount() throws Exception {
        String threadId = bigThread(150);

        JsonNode thread = getJson(THREADS + "?with_messages=true").get("data").get(0);

        JsonNode messages = thread.get("messages");
        assertThat(messages).hasSize(100);
        assertThat(messages.get(0).get("body").asText()).isEqualTo("Message 51");
        assertThat(messages.get(99).get("body").asText()).isEqualTo("Message 150");
        assertThat(thread.get("metadata").get("total_count").asInt()).isEqualTo(150);
        assertThat(thread.get("id").asText()).isEqualTo(threadId);
        assertThat(getJson(THREADS).get("data").get(0).has("messages")).isFalse();
    }

    @Test
    void entityIdWithoutEntityTypeIsRejected() throws Exception {
        simulator.seedThreads(3, T0, Duration.ofMinutes(1));

        HttpResponse<String> response = get(THREADS + "?entity_id=MIR-1-A");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("message").asText()).contains("entity_type");
    }

    @Test
    void entityIdWithEntityTypeSelectsThoseOrders() throws Exception {
        simulator.seedThreads(5, T0, Duration.ofMinutes(1));

        JsonNode page = getJson(THREADS + "?entity_type=MMP_ORDER&entity_id=MIR-2-A,MIR-4-A");

        assertThat(page.get("data")).extracting(t -> t.get("entities").get(0).get("id").asText())
                .containsExactly("MIR-4-A", "MIR-2-A");
        assertThat(getJson(THREADS + "?entity_type=MMP_OFFER").get("data")).isEmpty();
    }

    @Test
    void limitOutsideOneToHundredIsRejected() throws Exception {
        assertThat(get(THREADS + "?limit=0").statusCode()).isEqualTo(400);
        assertThat(get(THREADS + "?limit=101").statusCode()).isEqualTo(400);
        assertThat(get(THREADS + "?limit=100").statusCode()).isEqualTo(200);
    }

    @Test
    void undecodablePageTokenIsRejected() throws Exception {
        assertThat(get(THREADS + "?page_token=not-a-token").statusCode()).isEqualTo(400);
        assertThat(get(THREADS + "?page_token=" + java.util.Base64.getUrlEncoder()
                .encodeToString("{\"x\":1}".getBytes(StandardCharsets.UTF_8))).statusCode()).isEqualTo(400);
    }

    @Test
    void threadHasMiraklShapeWithMillisecondDatesAndNoIdForTheOperator() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        simulator.operatorWrites(threadId, "The shop will answer soon");

        JsonNode thread = getJson(THREADS + "?with_messages=true").get("data").get(0);

        assertThat(thread.get("date_created").asText()).isEqualTo("2024-03-01T09:00:00.000Z");
        assertThat(thread.get("date_updated").asText()).isEqualTo("2024-03-05T10:15:30.250Z");
        assertThat(thread.get("topic").get("type").asText()).isEqualTo("FREE_TEXT");
        assertThat(thread.get("entities").get(0).get("type").asText()).isEqualTo("MMP_ORDER");
        assertThat(thread.get("current_participants")).extracting(p -> p.get("type").asText())
                .containsExactlyInAnyOrder("SHOP", "CUSTOMER", "OPERATOR");
        thread.get("authorized_participants").forEach(p ->
                assertThat(p.has("id")).isEqualTo(!"OPERATOR".equals(p.get("type").asText())));
        JsonNode metadata = thread.get("metadata");
        assertThat(metadata.get("last_sender").get("type").asText()).isEqualTo("OPERATOR_USER");
        assertThat(metadata.get("shop_reply_needed_since").asText()).isEqualTo("2024-03-01T09:00:00.000Z");
        assertThat(thread.get("no_store_reply_needed").isArray()).isTrue();
        JsonNode customerMessage = thread.get("messages").get(0);
        assertThat(customerMessage.get("from").get("type").asText()).isEqualTo("CUSTOMER_USER");
        assertThat(customerMessage.get("from").get("organization_details").get("display_name").asText())
                .isEqualTo("Jane Doe");
        assertThat(customerMessage.get("to").get(0).get("type").asText()).isEqualTo("SHOP");
    }

    // --- M10 ---

    @Test
    void threadByIdReturnsAllMessagesOfABigThread() throws Exception {
        String threadId = bigThread(150);

        JsonNode thread = getJson(THREADS + "/" + threadId);

        assertThat(thread.get("messages")).hasSize(150);
        assertThat(thread.get("messages").get(0).get("body").asText()).isEqualTo("Message 1");
    }

    @Test
    void unknownThreadOrAttachmentIsNotFound() throws Exception {
        HttpResponse<String> thread = get(THREADS + "/" + UUID.randomUUID());
        HttpResponse<String> attachment = get(THREADS + "/" + UUID.randomUUID() + "/download");

        assertThat(thread.statusCode()).isEqualTo(404);
        assertThat(json.readTree(thread.body()).get("status").asInt()).isEqualTo(404);
        assertThat(attachment.statusCode()).isEqualTo(404);
        assertThat(get("/api/something/else").statusCode()).isEqualTo(404);
    }

    // --- authentication ---

    @Test
    void wrongKeyIsUnauthorized() throws Exception {
        HttpResponse<String> response = get(THREADS, "another-key");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()))
                .isEqualTo(json.readTree("{\"status\":401,\"message\":\"Unauthorized\"}"));
        assertThat(get(THREADS, null).statusCode()).isEqualTo(401);
    }

    @Test
    void rawKeyWithoutBearerIsAccepted() throws Exception {
        assertThat(get(THREADS, API_KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void bearerPrefixedKeyIsUnauthorized() throws Exception {
        assertThat(get(THREADS, "Bearer " + API_KEY).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherShopIdIsForbiddenOnceAShopIdIsConfigured() throws Exception {
        simulator.setShopId(2010L);

        HttpResponse<String> response = get(THREADS + "?shop_id=2011");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(json.readTree(response.body()).get("status").asInt()).isEqualTo(403);
        assertThat(get(THREADS + "?shop_id=2010").statusCode()).isEqualTo(200);
        assertThat(get(THREADS).statusCode()).isEqualTo(200);
    }

    // --- M12 and M13 ---

    @Test
    void replyWithAFileIsAppendedAsShopMessageAndTheFileDownloadsWithTheSameBytes() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        String customerId = customerId(getJson(THREADS + "/" + threadId));
        byte[] pdf = "%PDF-1.4 fake invoice".getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postReply(threadId,
                "{\"body\":\"Your parcel left today.\",\"to\":[{\"type\":\"CUSTOMER\",\"id\":\"" + customerId
                        + "\"},{\"type\":\"OPERATOR\"}]}",
                "invoice.pdf", pdf);

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode created = json.readTree(response.body());
        assertThat(created.get("thread_id").asText()).isEqualTo(threadId);
        SimulatedMessage last = simulator.messages(threadId).get(1);
        assertThat(last.id()).isEqualTo(created.get("message_id").asText());
        assertThat(last.fromType()).isEqualTo("SHOP_USER");
        assertThat(last.body()).isEqualTo("Your parcel left today.");
        assertThat(last.attachmentNames()).containsExactly("invoice.pdf");
        assertThat(simulator.shopReplyNeededSince(threadId)).isNull();

        JsonNode thread = getJson(THREADS + "/" + threadId);
        assertThat(thread.get("date_updated").asText()).isEqualTo("2024-03-05T10:15:30.250Z");
        assertThat(thread.get("metadata").get("shop_reply_needed_since").isNull()).isTrue();
        assertThat(thread.get("metadata").get("last_sender").get("type").asText()).isEqualTo("SHOP_USER");
        assertThat(thread.get("metadata").get("last_message_date").asText()).isEqualTo("2024-03-05T10:15:30.250Z");
        JsonNode attachment = thread.get("messages").get(1).get("attachments").get(0);
        assertThat(attachment.get("name").asText()).isEqualTo("invoice.pdf");
        assertThat(attachment.get("size").asInt()).isEqualTo(pdf.length);

        HttpResponse<byte[]> download = http.send(
                authorized(THREADS + "/" + attachment.get("id").asText() + "/download", API_KEY).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(pdf);
        assertThat(download.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(download.headers().firstValue("Content-Disposition"))
                .hasValue("attachment; filename=\"invoice.pdf\"");
    }

    @Test
    void seededAttachmentDownloadsThroughM13() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Photo of the damage", T0);
        byte[] photo = {(byte) 0xFF, (byte) 0xD8, 0x00, 0x01};
        String attachmentId = simulator.addAttachmentToLastMessage(threadId, "damage.jpg", photo);

        HttpResponse<byte[]> download = http.send(authorized(THREADS + "/" + attachmentId + "/download", API_KEY)
                .build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(download.body()).isEqualTo(photo);
        assertThat(simulator.messages(threadId).get(0).attachmentNames()).containsExactly("damage.jpg");
    }

    @Test
    void replyWithoutMessageInputIsRejectedAndNotApplied() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);

        HttpResponse<String> response = postReply(threadId, null, "invoice.pdf", new byte[]{1, 2, 3});

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("message").asText()).contains("message_input");
        assertThat(simulator.messages(threadId)).hasSize(1);
    }

    @Test
    void replyWithTooShortBodyOrNoRecipientIsRejected() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);

        HttpResponse<String> shortBody = postReply(threadId, "{\"body\":\"ok\",\"to\":[{\"type\":\"CUSTOMER\"}]}",
                null, null);
        HttpResponse<String> noRecipient = postReply(threadId, "{\"body\":\"Hello there\",\"to\":[]}", null, null);

        assertThat(shortBody.statusCode()).isEqualTo(400);
        assertThat(json.readTree(shortBody.body()).get("message").asText()).contains("body");
        assertThat(noRecipient.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noRecipient.body()).get("message").asText()).contains("to");
        assertThat(simulator.messages(threadId)).hasSize(1);
    }

    @Test
    void replyToAThreadWithAThousandMessagesIsRejected() throws Exception {
        String threadId = bigThread(1000);

        HttpResponse<String> response = postReply(threadId,
                "{\"body\":\"One more\",\"to\":[{\"type\":\"CUSTOMER\"}]}", null, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(simulator.messages(threadId)).hasSize(1000);
    }

    // --- shop_reply_needed_since ---

    @Test
    void customerMessageAfterShopReplySetsShopReplyNeededSinceToThatMessagesDate() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        simulator.setClock(Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC));
        simulator.shopWritesInBackOffice(threadId, "It left today.");
        Instant followUp = T0.plusSeconds(7200);

        simulator.customerWrites(threadId, "Still nothing here.", followUp);
        simulator.customerWrites(threadId, "Hello?", followUp.plusSeconds(600));

        assertThat(simulator.shopReplyNeededSince(threadId)).isEqualTo(followUp);
        assertThat(getJson(THREADS + "/" + threadId).get("metadata").get("shop_reply_needed_since").asText())
                .isEqualTo("2024-03-01T11:00:00.000Z");
    }

    @Test
    void shopWritingInBackOfficeClearsShopReplyNeededSince() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        assertThat(simulator.shopReplyNeededSince(threadId)).isEqualTo(T0);

        simulator.shopWritesInBackOffice(threadId, "It left today.");

        assertThat(simulator.shopReplyNeededSince(threadId)).isNull();
        assertThat(simulator.messages(threadId).get(1).fromType()).isEqualTo("SHOP_USER");
        assertThat(getJson(THREADS + "/" + threadId).get("metadata").get("shop_reply_needed_since").isNull())
                .isTrue();
        assertThat(simulator.requestCount("POST", "/api/inbox/threads/.*/message")).isZero();
    }

    // --- faults ---

    @Test
    void failNextAnswers429WithRetryAfterThenRecovers() throws Exception {
        simulator.failNext("GET", THREADS, 1, 429, 120);

        HttpResponse<String> limited = get(THREADS);
        HttpResponse<String> after = get(THREADS);

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(json.readTree(limited.body()))
                .isEqualTo(json.readTree("{\"status\":429,\"message\":\"Too Many Requests\"}"));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(simulator.requestCount("GET", THREADS)).isEqualTo(2);
    }

    @Test
    void failNextWithServerErrorAnswersInternalErrorWithoutRetryAfter() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        simulator.failNext("POST", "/api/inbox/threads/.*/message", 2, 500, -1);

        HttpResponse<String> first = postReply(threadId, "{\"body\":\"Hello there\",\"to\":[{\"type\":\"CUSTOMER\"}]}",
                null, null);
        HttpResponse<String> second = postReply(threadId, "{\"body\":\"Hello there\",\"to\":[{\"type\":\"CUSTOMER\"}]}",
                null, null);
        HttpResponse<String> third = postReply(threadId, "{\"body\":\"Hello there\",\"to\":[{\"type\":\"CUSTOMER\"}]}",
                null, null);

        assertThat(first.statusCode()).isEqualTo(500);
        assertThat(first.headers().firstValue("Retry-After")).isEmpty();
        assertThat(json.readTree(first.body()))
                .isEqualTo(json.readTree("{\"status\":500,\"message\":\"Internal error\"}"));
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(third.statusCode()).isEqualTo(201);
        assertThat(simulator.messages(threadId)).hasSize(2);
        assertThat(simulator.requestCount("POST", "/api/inbox/threads/.*/message")).isEqualTo(3);
        assertThat(simulator.requestCount("GET", THREADS)).isZero();
    }

    @Test
    void failOnPageThreeHitsTheThirdPageOnlyAndOnce() throws Exception {
        simulator.seedThreads(250, T0, Duration.ofMinutes(1));
        simulator.failOnPage(3, 429, 120);

        JsonNode first = getJson(THREADS + "?limit=100");
        String secondToken = first.get("next_page_token").asText();
        JsonNode second = getJson(THREADS + "?limit=100&page_token=" + secondToken);
        String thirdToken = second.get("next_page_token").asText();
        HttpResponse<String> third = get(THREADS + "?limit=100&page_token=" + thirdToken);
        JsonNode thirdRetried = getJson(THREADS + "?limit=100&page_token=" + thirdToken);
        JsonNode firstAgain = getJson(THREADS + "?limit=100");

        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(thirdRetried.get("data")).hasSize(50);
        assertThat(firstAgain.get("data")).hasSize(100);
        assertThat(simulator.pageTokensRequested()).containsExactly(secondToken, thirdToken, thirdToken);
    }

    @Test
    void acceptButDelayNextReplyAppliesTheMessageAlthoughTheResponseIsLate() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        simulator.acceptButDelayNextReply(Duration.ofSeconds(3));

        HttpRequest request = multipartReply(threadId, "{\"body\":\"On its way\",\"to\":[{\"type\":\"CUSTOMER\"}]}",
                null, null).timeout(Duration.ofMillis(500)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(simulator.messages(threadId)).extracting(SimulatedMessage::body)
                        .containsExactly("Where is my parcel?", "On its way"));
        assertThat(simulator.shopReplyNeededSince(threadId)).isNull();
    }

    @Test
    void delayNextMakesTheResponseLateForTheNextMatchingRequestOnly() throws Exception {
        simulator.delayNext("GET", THREADS, 1, Duration.ofSeconds(3));
        HttpRequest request = authorized(THREADS, API_KEY).timeout(Duration.ofMillis(500)).build();

        assertThatThrownBy(() -> http.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void rejectAllWithAnswersEveryRequestUntilReset() throws Exception {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Where is my parcel?", T0);
        simulator.rejectAllWith(401);

        assertThat(get(THREADS).statusCode()).isEqualTo(401);
        assertThat(get(THREADS + "/" + threadId).statusCode()).isEqualTo(401);

        simulator.rejectAllWith(0);
        assertThat(get(THREADS + "/" + threadId).statusCode()).isEqualTo(200);
    }

    // --- helpers ---

    private String bigThread(int messageCount) {
        String threadId = simulator.openThread("MIR-1001-A", "Jane Doe", "Message 1", T0);
        for (int i = 2; i <= messageCount; i++) {
            simulator.customerWrites(threadId, "Message " + i, T0.plusSeconds(i));
        }
        return threadId;
    }

    private static String customerId(JsonNode thread) {
        for (JsonNode participant : thread.get("current_participants")) {
            if ("CUSTOMER".equals(participant.get("type").asText())) {
                return participant.get("id").asText();
            }
        }
        throw new AssertionError("No customer among " + thread.get("current_participants"));
    }

    private List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(thread -> ids.add(thread.get("id").asText()));
        return ids;
    }

    private JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> response = get(pathAndQuery);
        assertThat(response.statusCode()).as("GET %s: %s", pathAndQuery, response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return get(pathAndQuery, API_KEY);
    }

    private HttpResponse<String> get(String pathAndQuery, String authorization)
            throws IOException, InterruptedException {
        return http.send(authorized(pathAndQuery, authorization).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder authorized(String pathAndQuery, String authorization) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        return authorization == null ? builder : builder.header("Authorization", authorization);
    }

    private HttpResponse<String> postReply(String threadId, String messageInput, String fileName, byte[] file)
            throws IOException, InterruptedException {
        return http.send(multipartReply(threadId, messageInput, fileName, file).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Parts are left out when null: message_input when {@code messageInput} is null, files when {@code file} is. */
    private HttpRequest.Builder multipartReply(String threadId, String messageInput, String fileName, byte[] file)
            throws IOException {
        String boundary = "omniqueue-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (messageInput != null) {
            body.write(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"message_input\"\r\n"
                    + "Content-Type: application/json\r\n\r\n"
                    + messageInput + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            body.write(("--" + boundary + "\r\n"
                    + "Content-Disposition: form-data; name=\"files\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(file);
            body.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return authorized(THREADS + "/" + threadId + "/message", API_KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
    }
}
