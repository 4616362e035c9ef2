package io.omniqueue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.conversation.InboundMessage;
import io.omniqueue.conversation.IngestResult;
import io.omniqueue.platform.SqlTime;
import io.omniqueue.support.MutableClock;
import io.omniqueue.support.RawHttp;
import io.omniqueue.support.TestChannels;
import io.omniqueue.support.TestClockConfiguration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Hostile requests against every write endpoint (and a few reads), each answered with its
 * status and a problem document whose detail names what is wrong, never internal text; then the
 * proof that nothing was lost or stored in their wake. The same on every database: subclasses
 * only say which. Every request is written by hand on a socket, so that it reaches the server
 * byte for byte as a hostile client would send it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestClockConfiguration.class)
abstract class HostileInputContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Words that give away the implementation; none may reach a caller. */
    private static final List<String> INTERNAL = List.of("sql", "org.", "java.", "exception", "constraint", "jdbc",
            "tomcat", "<html", "jackson", "hibernate");

    @LocalServerPort
    int port;
    @Autowired
    MutableClock clock;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProducerTemplate producer;

    static void commonProperties(DynamicPropertyRegistry registry) {
        TestChannels.register(registry, TestChannels.properties("http://localhost:9/unused"));
    }

    @TestFactory
    Stream<DynamicTest> everyHostileRequestIsAProblemNamingWhatIsWrong() {
        long conversation = validMessage(unique("setup"), unique("m")).get("conversationId").asLong();
        long quarantined = producer.requestBody("direct:ingest", InboundMessage.fromCustomer("gone-channel", unique("t"),
                unique("m"), "Ana", null, "Hi", "body", clock.instant(), null), IngestResult.class).quarantineId();
        long quarantineRows = count("select count(*) from quarantine");
        long messageRows = count("select count(*) from message");

        List<Hostile> rows = new ArrayList<>();
        rows.addAll(webhook());
        rows.addAll(jsonReplies(conversation));
        rows.addAll(multipartReplies(conversation));
        rows.addAll(noReplyNeeded(conversation));
        rows.addAll(quarantineRetry(quarantined));
        rows.addAll(channelResume());
        rows.addAll(queries());
        rows.addAll(container());
        assertThat(rows).hasSizeGreaterThanOrEqualTo(60);

        Stream<DynamicTest> hostile = rows.stream().map(row -> DynamicTest.dynamicTest(row.what(), () -> check(row)));
        Stream<DynamicTest> after = Stream.of(
                DynamicTest.dynamicTest("nothing hostile was stored or quarantined", () -> {
                    assertThat(count("select count(*) from quarantine")).isEqualTo(quarantineRows);
                    assertThat(count("select count(*) from message")).isEqualTo(messageRows);
                    assertThat(count("select count(*) from conversation where external_thread_id like 'hostile-%'"))
                            .isZero();
                }),
                DynamicTest.dynamicTest("a valid message is still accepted, and its NUL twin is refused, not a duplicate",
                        this::validMessageStillAcceptedAndItsTwinsRefused));
        return Stream.concat(hostile, after);
    }

    private void validMessageStillAcceptedAndItsTwinsRefused() {
        String thread = unique("after");
        String messageId = unique("m");
        JsonNode accepted = validMessage(thread, messageId);
        assertThat(accepted.get("duplicate").asBoolean()).isFalse();
        assertThat(accepted.has("quarantineId")).isFalse();

        for (String twin : List.of(messageId + "\u0000", "\u0000" + messageId, messageId + "\ud800")) {
            RawHttp.Response r = send(post("/api/inbound/web-shop", message(thread, twin, now())));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(detail(r)).startsWith("messageId contains");
        }
        RawHttp.Response again = send(post("/api/inbound/web-shop", message(thread, messageId, now())));
        assertThat(parsed(again).get("duplicate").asBoolean()).isTrue();
        assertThat(count("select count(*) from message where external_message_id like '" + messageId + "%'")).isEqualTo(1);
    }

    // ---------------------------------------------------------------- what pollers send

    @Test
    void aPollersAbsurdTimesAreClampedIntoTheAllowedRange() {
        String ahead = unique("m");
        String before = unique("m");
        producer.requestBody("direct:ingest", InboundMessage.fromCustomer("web-shop", unique("poll"), ahead, "Ana", null, "Hi",
                "body", Instant.parse("9999-12-31T23:59:59Z"), null), IngestResult.class);
        producer.requestBody("direct:ingest", InboundMessage.fromCustomer("web-shop", unique("poll"), before, "Ana", null, "Hi",
                "body", Instant.EPOCH, null), IngestResult.class);

        assertThat(sentAt(ahead)).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        assertThat(sentAt(before)).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    }

    @Test
    void aPollersIdWithNulOrALoneSurrogateIsQuarantinedNotTakenForItsTwin() {
        String thread = unique("poll");
        String messageId = unique("m");
        IngestResult first = producer.requestBody("direct:ingest", InboundMessage.fromCustomer("web-shop", thread, messageId,
                "Ana", null, "Hi", "body", clock.instant(), null), IngestResult.class);
        assertThat(first.duplicate()).isFalse();
        for (String twin : List.of(messageId + "\u0000", messageId + "\ud800")) {
            IngestResult result = producer.requestBody("direct:ingest", InboundMessage.fromCustomer("web-shop", thread, twin,
                    "Ana", null, "Hi", "body", clock.instant(), null), IngestResult.class);
            assertThat(result.isQuarantined()).as(twin).isTrue();
            assertThat(jdbc.sql("select reason from quarantine where id = :id").param("id", result.quarantineId())
                    .query(String.class).single()).startsWith("externalMessageId contains");
        }
    }

    @Test
    void legitimateTextIsAcceptedAsWritten() {
        String thread = unique("fine");
        String body = "Bonjour,\n\tZoë asks: où est 東京? 😀\r\nMerci";
        RawHttp.Response in = send(post("/api/inbound/web-shop", message(thread, unique("m"), now(), "body", body,
                "name", "Łukasz Żółć")));
        assertThat(in.status()).as(in.body()).isEqualTo(202);
        long conversation = parsed(in).get("conversationId").asLong();
        assertThat(jdbc.sql("select body from message where conversation_id = :c").param("c", conversation)
                .query(String.class).single()).isEqualTo(body);

        String reply = "Réponse 😀\nligne deux";
        RawHttp.Response multipart = send(multipart("/api/conversations/" + conversation + "/replies",
                field("body", reply.getBytes(StandardCharsets.UTF_8))));
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(202);
        assertThat(jdbc.sql("select body from reply where id = :id").param("id", parsed(multipart).get("replyId").asLong())
                .query(String.class).single()).isEqualTo(reply);

        // A name sent in UTF-8 looks like C1 controls to Tomcat (it reads headers as ISO-8859-1): it is not refused.
        String utf8Agent = new String("Łukasz".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        RawHttp.Response decided = send(post("/api/conversations/" + conversation + "/no-reply-needed", "{\"reason\":\"ok\"}")
                .with("X-Omniqueue-Agent", utf8Agent));
        assertThat(decided.status()).as(decided.body()).isEqualTo(200);
        // ... and it is recorded as written, not as the Latin-1 pairs Tomcat read.
        assertThat(parsed(decided).get("noReplyNeeded").get("by").asText()).endsWith("(on behalf of Łukasz)");
    }

    @Test
    void theErrorPageIsNoPartOfTheApiDocument() {
        RawHttp.Response r = RawHttp.send(port, "GET /v3/api-docs HTTP/1.1\r\nAuthorization: Bearer " + TestChannels.TOKEN, null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(parsed(r).get("paths").has("/error")).isFalse();
    }

    private Instant sentAt(String externalMessageId) {
        return jdbc.sql("select sent_at from message where external_message_id = :m").param("m", externalMessageId)
                .query((rs, n) -> SqlTime.read(rs, "sent_at")).single();
    }

    // ---------------------------------------------------------------- POST /api/inbound/{channelId}

    private List<Hostile> webhook() {
        String path = "/api/inbound/web-shop";
        String t = unique("hostile");
        Instant now = clock.instant();
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("webhook: threadId with NUL", post(path, message(t + "\u0000x", unique("m"), now())),
                400, "threadId contains the control character U+0000"));
        rows.add(row("webhook: messageId with NUL", post(path, message(t, "m\u0000", now())),
                400, "messageId contains the control character U+0000"));
        rows.add(row("webhook: messageId with a lone high surrogate", post(path, message(t, "m\ud800", now())),
                400, "messageId contains an unpaired surrogate"));
        rows.add(row("webhook: messageId with a lone low surrogate", post(path, message(t, "\udc00m", now())),
                400, "messageId contains an unpaired surrogate"));
        rows.add(row("webhook: threadId longer than its column", post(path, message("hostile-" + "t".repeat(493), "m", now())),
                400, "threadId is longer than 500 characters"));
        rows.add(row("webhook: messageId longer than its column", post(path, message(t, "m".repeat(501), now())),
                400, "messageId is longer than 500 characters"));
        rows.add(row("webhook: threadId with a line feed", post(path, message(t + "\nx", "m", now())),
                400, "threadId contains the control character U+000A"));
        rows.add(row("webhook: threadId with a C1 control", post(path, message(t + "\u0085", "m", now())),
                400, "threadId contains the control character U+0085"));
        rows.add(row("webhook: messageId with DEL", post(path, message(t, "m\u007f", now())),
                400, "messageId contains the control character U+007F"));
        rows.add(row("webhook: customer name longer than its column", post(path, message(t, "m", now(), "name", "n".repeat(301))),
                400, "customer.name is longer than 300 characters"));
        rows.add(row("webhook: customer name with ESC", post(path, message(t, "m", now(), "name", "Ana\u001b[31m")),
                400, "customer.name contains the control character U+001B"));
        rows.add(row("webhook: customer email longer than its column",
                post(path, message(t, "m", now(), "email", "a".repeat(310) + "@example.com")),
                400, "customer.email is longer than 320 characters"));
        rows.add(row("webhook: customer email with NUL", post(path, message(t, "m", now(), "email", "ana\u0000@example.com")),
                400, "customer.email"));
        rows.add(row("webhook: subject longer than its column", post(path, message(t, "m", now(), "subject", "s".repeat(1001))),
                400, "subject is longer than 1000 characters"));
        rows.add(row("webhook: subject with a tab", post(path, message(t, "m", now(), "subject", "a\tb")),
                400, "subject contains the control character U+0009"));
        rows.add(row("webhook: body with NUL", post(path, message(t, "m", now(), "body", "Hello\u0000")),
                400, "body contains the control character U+0000"));
        rows.add(row("webhook: body with BEL", post(path, message(t, "m", now(), "body", "ring\u0007")),
                400, "body contains the control character U+0007"));
        rows.add(row("webhook: body with a lone surrogate", post(path, message(t, "m", now(), "body", "x\udbff y")),
                400, "body contains an unpaired surrogate"));
        rows.add(row("webhook: body over 100000 characters", post(path, message(t, "m", now(), "body", "b".repeat(100_001))),
                400, "body is longer than 100000 characters"));
        rows.add(row("webhook: orderId longer than its column", post(path, message(t, "m", now(), "orderId", "o".repeat(101))),
                400, "orderId is longer than 100 characters"));
        rows.add(row("webhook: orderId with NUL", post(path, message(t, "m", now(), "orderId", "ORD\u0000")),
                400, "orderId contains the control character U+0000"));
        rows.add(row("webhook: sentAt in year 9999", post(path, message(t, "m", "9999-12-31T23:59:59Z")),
                400, "sentAt 9999-12-31T23:59:59Z is more than 15m ahead"));
        rows.add(row("webhook: sentAt 16 minutes ahead",
                post(path, message(t, "m", now.plus(Duration.ofMinutes(16)).toString())), 400, "ahead of this server's clock"));
        rows.add(row("webhook: sentAt at the largest year", post(path, message(t, "m", "+999999999-12-31T23:59:59Z")),
                400, "sentAt"));
        rows.add(row("webhook: sentAt in year 1", post(path, message(t, "m", "0001-01-01T00:00:00Z")),
                400, "sentAt 0001-01-01T00:00:00Z is before 2000-01-01T00:00:00Z"));
        rows.add(row("webhook: sentAt at epoch 0", post(path, message(t, "m", "1970-01-01T00:00:00Z")),
                400, "sentAt 1970-01-01T00:00:00Z is before 2000-01-01T00:00:00Z"));
        rows.add(row("webhook: sentAt at the smallest year", post(path, message(t, "m", "-999999999-01-01T00:00:00Z")),
                400, "sentAt"));
        rows.add(row("webhook: sentAt not a time", post(path, message(t, "m", "yesterday")),
                400, "sentAt has an invalid value 'yesterday': expected an ISO-8601 timestamp"));
        rows.add(row("webhook: overlong UTF-8 for '/' (C0 AF)", post(path, utf8Body(t, 0xC0, 0xAF)),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: three-byte overlong UTF-8 (E0 80 AF)", post(path, utf8Body(t, 0xE0, 0x80, 0xAF)),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: lone continuation byte", post(path, utf8Body(t, 0x80)), 400, "request body is not valid UTF-8"));
        rows.add(row("webhook: byte FF", post(path, utf8Body(t, 0xFF)), 400, "request body is not valid UTF-8"));
        rows.add(row("webhook: surrogate encoded in UTF-8 (CESU)", post(path, utf8Body(t, 0xED, 0xA0, 0x80)),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: code point above U+10FFFF", post(path, utf8Body(t, 0xF4, 0x90, 0x80, 0x80)),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: body cut in the middle of a sequence",
                post(path, concat(message(t, "m", now()).substring(0, 40).getBytes(StandardCharsets.UTF_8), bytes(0xE2, 0x82))),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: raw NUL byte in the JSON", post(path, utf8Body(t, 0x00)), 400, "request body contains a NUL byte"));
        rows.add(row("webhook: body in UTF-16", post(path, message(t, "m", now()).getBytes(StandardCharsets.UTF_16)),
                400, "request body is not valid UTF-8"));
        rows.add(row("webhook: malformed JSON", post(path, "{\"threadId\": \"t\","), 400, "malformed JSON at line 1"));
        rows.add(row("webhook: an array instead of an object", post(path, "[1,2]"), 400, "request body must be an object"));
        rows.add(row("webhook: threadId of the wrong type", post(path, message(t, "m", now()).replaceFirst(
                "\"threadId\":\"[^\"]*\"", "\"threadId\":{\"a\":1}")), 400, "threadId has the wrong type: expected a string"));
        rows.add(row("webhook: no body at all", post(path, new byte[0]), 400, "request body is missing"));
        rows.add(row("webhook: unknown channel", post("/api/inbound/nowhere", message(t, "m", now())),
                404, "no webhook channel 'nowhere'"));
        rows.add(row("webhook: text/plain body", post(path, message(t, "m", now())).with("Content-Type", "text/plain"),
                415, "Content-Type 'text/plain"));
        rows.add(row("webhook: unknown charset", post(path, message(t, "m", now()))
                .with("Content-Type", "application/json; charset=no-such-charset"), 415, "Content-Type"));
        rows.add(row("webhook: agent header longer than its column",
                post(path, message(t, "m", now())).with("X-Omniqueue-Agent", "a".repeat(101)),
                400, "X-Omniqueue-Agent is longer than 100 characters"));
        return rows;
    }

    // ---------------------------------------------------------------- POST /api/conversations/{id}/replies

    private List<Hostile> jsonReplies(long conversation) {
        String path = "/api/conversations/" + conversation + "/replies";
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("reply: body with NUL", post(path, "{\"body\":\"Hi\\u0000\"}"), 400, "body contains the control character U+0000"));
        rows.add(row("reply: body with a lone surrogate", post(path, "{\"body\":\"Hi \\udc00\"}"),
                400, "body contains an unpaired surrogate"));
        rows.add(row("reply: body with a vertical tab", post(path, "{\"body\":\"a\\u000bb\"}"),
                400, "body contains the control character U+000B"));
        rows.add(row("reply: blank body", post(path, "{\"body\":\"  \"}"), 400, "body must not be blank"));
        rows.add(row("reply: body of the wrong type", post(path, "{\"body\":{\"text\":\"hi\"}}"),
                400, "body has the wrong type: expected a string"));
        rows.add(row("reply: overlong UTF-8 in the body", post(path, concat("{\"body\":\"a".getBytes(StandardCharsets.UTF_8),
                bytes(0xC0, 0xAF), "\"}".getBytes(StandardCharsets.UTF_8))), 400, "request body is not valid UTF-8"));
        rows.add(row("reply: over the channel's length", post(path, "{\"body\":\"" + "x".repeat(201) + "\"}"),
                422, "at most 200"));
        rows.add(row("reply: Idempotency-Key longer than its column",
                post(path, "{\"body\":\"Hi\"}").with("Idempotency-Key", "k".repeat(201)),
                400, "Idempotency-Key is longer than 200 characters"));
        rows.add(row("reply: empty Idempotency-Key", post(path, "{\"body\":\"Hi\"}").with("Idempotency-Key", ""),
                400, "Idempotency-Key must not be blank"));
        rows.add(row("reply: Idempotency-Key with a C1 control", post(path, "{\"body\":\"Hi\"}").with("Idempotency-Key", "k\u0085"),
                400, "Idempotency-Key contains the control character U+0085"));
        rows.add(row("reply: agent header longer than its column",
                post(path, "{\"body\":\"Hi\"}").with("X-Omniqueue-Agent", "a".repeat(101)),
                400, "X-Omniqueue-Agent is longer than 100 characters"));
        rows.add(row("reply: agent header with a C1 control", post(path, "{\"body\":\"Hi\"}").with("X-Omniqueue-Agent", "ag\u009bent"),
                400, "X-Omniqueue-Agent contains the control character U+009B"));
        rows.add(row("reply: agent header with NUL (refused by the container)",
                post(path, "{\"body\":\"Hi\"}").with("X-Omniqueue-Agent", "ag\u0000ent"), 400, "a header is not valid HTTP"));
        rows.add(row("reply: conversation id not a number", post("/api/conversations/abc/replies", "{\"body\":\"Hi\"}"),
                400, "id has an invalid value 'abc'"));
        rows.add(row("reply: conversation id beyond a long", post("/api/conversations/99999999999999999999/replies",
                "{\"body\":\"Hi\"}"), 400, "id has an invalid value"));
        rows.add(row("reply: unknown conversation", post("/api/conversations/987654321/replies", "{\"body\":\"Hi\"}"),
                404, "conversation 987654321 does not exist"));
        rows.add(row("reply: PUT is not a write this API takes", new Request("PUT", path, json(), "{\"body\":\"Hi\"}"
                .getBytes(StandardCharsets.UTF_8)), 405, "Method 'PUT' is not supported"));
        return rows;
    }

    private List<Hostile> multipartReplies(long conversation) {
        String path = "/api/conversations/" + conversation + "/replies";
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("multipart reply: body with NUL", multipart(path, field("body", "Hi\u0000".getBytes(StandardCharsets.UTF_8))),
                400, "body contains the control character U+0000"));
        rows.add(row("multipart reply: body with overlong UTF-8",
                multipart(path, field("body", bytes('H', 0xC0, 0xAF))), 400, "body is not valid UTF-8"));
        rows.add(row("multipart reply: body with a lone continuation byte",
                multipart(path, field("body", bytes('H', 0x80))), 400, "body is not valid UTF-8"));
        rows.add(row("multipart reply: body in an unknown charset",
                multipart(path, part("form-data; name=\"body\"", "text/plain; charset=no-such", bytes('H', 'i'))),
                400, "body part has a Content-Type that can't be read"));
        rows.add(row("multipart reply: no body field", multipart(path, field("other", bytes('x'))),
                400, "Required part 'body' is not present"));
        rows.add(row("multipart reply: Idempotency-Key longer than its column",
                multipart(path, field("body", bytes('H', 'i'))).with("Idempotency-Key", "k".repeat(201)),
                400, "Idempotency-Key is longer than 200 characters"));
        // Tomcat takes 512 bytes of headers a part: a name as long as the column (500) never gets that far.
        rows.add(row("multipart reply: file name over the part header limit", multipart(path, field("body", bytes('H', 'i')),
                part("form-data; name=\"files\"; filename=\"" + "f".repeat(501) + "\"", "text/plain", bytes('x'))),
                413, "the headers of a part (its name, file name and type) are longer than the 512 bytes"));
        rows.add(row("multipart reply: file Content-Type longer than its column", multipart(path, field("body", bytes('H', 'i')),
                part("form-data; name=\"files\"; filename=\"a.txt\"", "text/" + "p".repeat(200), bytes('x'))),
                400, "files[0] Content-Type is longer than 200 characters"));
        rows.add(row("multipart reply: file name with a control character", multipart(path, field("body", bytes('H', 'i')),
                part("form-data; name=\"files\"; filename*=UTF-8''a%01b.txt", "text/plain", bytes('x'))),
                400, "files[0] file name contains the control character U+0001"));
        rows.add(row("multipart reply: no boundary", new Request("POST", path, headers("Content-Type", "multipart/form-data"),
                bytes('x')), 400, "multipart/form-data body can't be read"));
        return rows;
    }

    // ---------------------------------------------------------------- POST /api/conversations/{id}/no-reply-needed

    private List<Hostile> noReplyNeeded(long conversation) {
        String path = "/api/conversations/" + conversation + "/no-reply-needed";
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("no reply needed: reason with NUL", post(path, "{\"reason\":\"thanks\\u0000\"}"),
                400, "reason contains the control character U+0000"));
        rows.add(row("no reply needed: reason longer than its column", post(path, "{\"reason\":\"" + "r".repeat(1001) + "\"}"),
                400, "reason is longer than 1000 characters"));
        rows.add(row("no reply needed: reason with a lone surrogate", post(path, "{\"reason\":\"\\ud83d\"}"),
                400, "reason contains an unpaired surrogate"));
        rows.add(row("no reply needed: blank reason", post(path, "{\"reason\":\"\"}"), 400, "reason must not be blank"));
        rows.add(row("no reply needed: agent header longer than its column",
                post(path, "{\"reason\":\"ok\"}").with("X-Omniqueue-Agent", "a".repeat(101)),
                400, "X-Omniqueue-Agent is longer than 100 characters"));
        rows.add(row("no reply needed: agent header with a C1 control",
                post(path, "{\"reason\":\"ok\"}").with("X-Omniqueue-Agent", "\u0080marie"),
                400, "X-Omniqueue-Agent contains the control character U+0080"));
        rows.add(row("no reply needed: invalid UTF-8", post(path, concat("{\"reason\":\"".getBytes(StandardCharsets.UTF_8),
                bytes(0xFF, 0xFE), "\"}".getBytes(StandardCharsets.UTF_8))), 400, "request body is not valid UTF-8"));
        rows.add(row("no reply needed: unknown conversation", post("/api/conversations/987654321/no-reply-needed",
                "{\"reason\":\"ok\"}"), 404, "conversation 987654321 does not exist"));
        return rows;
    }

    // ---------------------------------------------------------------- quarantine retry, channel resume

    private List<Hostile> quarantineRetry(long id) {
        String path = "/api/quarantine/" + id + "/retry";
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("quarantine retry: textual payload with NUL", post(path, "{\"payload\":\"{}\\u0000\"}"),
                400, "payload contains the control character U+0000"));
        rows.add(row("quarantine retry: invalid UTF-8", post(path, concat("{\"payload\":\"".getBytes(StandardCharsets.UTF_8),
                bytes(0xC1, 0xBF), "\"}".getBytes(StandardCharsets.UTF_8))), 400, "request body is not valid UTF-8"));
        rows.add(row("quarantine retry: malformed JSON", post(path, "{\"payload\":"), 400, "malformed JSON"));
        rows.add(row("quarantine retry: id not a number", post("/api/quarantine/x/retry", "{}"), 400, "id has an invalid value 'x'"));
        rows.add(row("quarantine retry: unknown entry", post("/api/quarantine/987654321/retry", "{}"),
                404, "quarantine entry 987654321 does not exist"));
        return rows;
    }

    private List<Hostile> channelResume() {
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("channel resume: unknown channel", post("/api/channels/nope/resume", new byte[0]),
                404, "channel 'nope' is not configured"));
        rows.add(row("channel resume: control character in the channel id", post("/api/channels/we%01b/resume", new byte[0]),
                400, "the path contains the control character U+0001"));
        rows.add(row("channel resume: agent header longer than its column",
                post("/api/channels/web-shop/resume", new byte[0]).with("X-Omniqueue-Agent", "a".repeat(101)),
                400, "X-Omniqueue-Agent is longer than 100 characters"));
        return rows;
    }

    // ---------------------------------------------------------------- reads with hostile queries

    private List<Hostile> queries() {
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("queue: broken percent-encoding in a query value", get("/api/conversations?status=%zz"),
                400, "query parameter 'status' is not validly percent-encoded"));
        rows.add(row("queue: NUL in a query value", get("/api/conversations?channel=%00"),
                400, "query parameter 'channel' contains the control character U+0000"));
        rows.add(row("queue: overlong UTF-8 in a query value", get("/api/conversations?channel=%C0%AF"),
                400, "query parameter 'channel' is not valid UTF-8"));
        rows.add(row("queue: broken percent-encoding in a query name", get("/api/conversations?%zzlimit=1"),
                400, "a query parameter name is not validly percent-encoded"));
        rows.add(row("queue: limit not a number", get("/api/conversations?limit=abc"), 400, "limit has an invalid value 'abc'"));
        rows.add(row("queue: limit beyond an int", get("/api/conversations?limit=99999999999"), 400, "limit has an invalid value"));
        rows.add(row("queue: a cursor of invalid UTF-8", get("/api/conversations?after=%FF"),
                400, "query parameter 'after' is not valid UTF-8"));
        rows.add(row("report: NUL in days", get("/api/reports/sla?days=%00"),
                400, "query parameter 'days' contains the control character U+0000"));
        rows.add(row("quarantine list: limit out of range", get("/api/quarantine?limit=0"), 400, "limit must be between 1 and 500"));
        return rows;
    }

    // ---------------------------------------------------------------- refused by the container itself

    private List<Hostile> container() {
        List<Hostile> rows = new ArrayList<>();
        rows.add(row("container: broken percent-encoding in the path", get("/api/conversations/%zz"),
                400, "the path is not validly percent-encoded"));
        rows.add(row("container: encoded NUL in the path", get("/api/conversations/%00"),
                400, "the path contains the control character U+0000"));
        rows.add(row("container: overlong UTF-8 in the path", get("/api/channels/%C0%AF"), 400, "the path is not valid UTF-8"));
        rows.add(row("container: encoded slash in the path", post("/api/channels/web%2Fshop/resume", new byte[0]),
                400, "encoded '/'"));
        rows.add(row("container: dot segments above the root", get("/api/../../etc/passwd"),
                400, "the path climbs above the root"));
        rows.add(row("container: headers over the size limit", get("/api/conversations").with("X-Padding", "p".repeat(20_000)),
                400, "headers are larger than this server accepts"));
        rows.add(row("container: a raw '|' in the request target", post("/api/inbound/web|shop", new byte[0]),
                400, "not valid HTTP"));
        rows.add(row("container: a header name with a space", get("/api/conversations").with("X Bad", "1"),
                400, "a header is not valid HTTP"));
        rows.add(row("container: an invalid method", new Request("P@ST", "/api/inbound/web-shop", json(), new byte[0]),
                400, "not valid HTTP"));
        rows.add(row("container: the error page asked for directly", get("/error"), 404, "nothing exists at this path"));
        rows.add(row("container: an unknown HTTP version", new Request("GET", "/api/conversations", json(), null)
                .version("HTTP/9.9"), 505, "HTTP version is not supported"));
        return rows;
    }

    // ---------------------------------------------------------------- the check of one row

    private void check(Hostile row) {
        RawHttp.Response r = send(row.request());
        assertThat(r.status()).as(row.what() + ": " + r.body()).isEqualTo(row.status());
        assertThat(r.contentType()).as(row.what()).startsWith("application/problem+json");
        JsonNode problem = parsed(r);
        assertThat(problem.get("status").asInt()).as(row.what()).isEqualTo(row.status());
        assertThat(problem.get("detail").asText()).as(row.what()).contains(row.detail());
        String lower = r.body().toLowerCase(Locale.ROOT);
        assertThat(INTERNAL).as(row.what() + " leaks nothing internal: " + r.body()).noneMatch(lower::contains);
    }

    private RawHttp.Response send(Request request) {
        StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " " + request.version());
        request.headers().forEach((name, value) -> head.append("\r\n").append(name).append(": ").append(value));
        return RawHttp.send(port, head.toString(), request.body());
    }

    private static JsonNode parsed(RawHttp.Response r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    private static String detail(RawHttp.Response r) {
        return parsed(r).get("detail").asText();
    }

    private JsonNode validMessage(String thread, String messageId) {
        RawHttp.Response r = send(post("/api/inbound/web-shop", message(thread, messageId, now())));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return parsed(r);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private String now() {
        return clock.instant().toString();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    // ---------------------------------------------------------------- building requests

    /** One hostile request, the status it must get and a part of the detail that must name the problem. */
    record Hostile(String what, Request request, int status, String detail) {
    }

    /** @param headers as written on the wire: each char one byte (ISO-8859-1) */
    record Request(String method, String target, Map<String, String> headers, byte[] body, String version) {

        Request(String method, String target, Map<String, String> headers, byte[] body) {
            this(method, target, headers, body, "HTTP/1.1");
        }

        Request with(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Request(method, target, more, body, version);
        }

        Request version(String other) {
            return new Request(method, target, headers, body, other);
        }
    }

    private static Hostile row(String what, Request request, int status, String detail) {
        return new Hostile(what, request, status, detail);
    }

    private static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + TestChannels.TOKEN);
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    private static Map<String, String> json() {
        return headers("Content-Type", "application/json");
    }

    private static Request get(String target) {
        return new Request("GET", target, headers(), null);
    }

    private static Request post(String target, String json) {
        return post(target, json.getBytes(StandardCharsets.UTF_8));
    }

    private static Request post(String target, byte[] body) {
        return new Request("POST", target, json(), body);
    }

    /** A web form message; {@code overrides} are pairs (field, value) for subject, body, orderId, name and email. */
    private static String message(String thread, String messageId, String sentAt, String... overrides) {
        Map<String, String> v = new LinkedHashMap<>(Map.of("name", "Ana Souza", "email", "ana@example.com",
                "subject", "Question", "body", "Is it in stock?", "orderId", "ORD-1"));
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            v.put(overrides[i], overrides[i + 1]);
        }
        return "{\"threadId\":" + str(thread) + ",\"messageId\":" + str(messageId) + ",\"customer\":{\"name\":"
                + str(v.get("name")) + ",\"email\":" + str(v.get("email")) + "},\"subject\":" + str(v.get("subject"))
                + ",\"body\":" + str(v.get("body")) + ",\"sentAt\":" + str(sentAt) + ",\"orderId\":" + str(v.get("orderId")) + "}";
    }

    /** A JSON string literal, everything outside printable ASCII escaped: lone surrogates travel as written. */
    private static String str(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A valid message whose messageId carries these raw bytes. */
    private byte[] utf8Body(String thread, int... raw) {
        String[] halves = message(thread, "m-MARKER", now()).split("MARKER");
        return concat(halves[0].getBytes(StandardCharsets.UTF_8), bytes(raw), halves[1].getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] field(String name, byte[] content) {
        return part("form-data; name=\"" + name + "\"", null, content);
    }

    private static byte[] part(String disposition, String contentType, byte[] content) {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: " + disposition + "\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n") + "\r\n";
        return concat(head.getBytes(StandardCharsets.UTF_8), content, "\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static final String BOUNDARY = "hostile-boundary-7e3";

    private static Request multipart(String target, byte[]... parts) {
        byte[] body = concat(concat(parts), ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return new Request("POST", target, headers("Content-Type", "multipart/form-data; boundary=" + BOUNDARY), body);
    }
}
