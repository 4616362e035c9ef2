package io.omniqueue.channel.ebay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omniqueue.channel.Channel;
import io.omniqueue.channel.HttpStatusClass;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * eBay's Commerce Message API v1 for one channel. Every call carries the channel's user access
 * token; a 401 (errorId 1001, the token expired or was revoked early) gets one new token and
 * one more try, and a second 401 is the credentials' problem ({@code SourceException.Unauthorized}).
 */
@Component
class EbayClient {

    static final String API_PATH = "/commerce/message/v1";
    /** Members' messages; FROM_EBAY (eBay's own notices) are not customer conversations. */
    static final String FROM_MEMBERS = "FROM_MEMBERS";
    /** The date format eBay's spec gives for start_time: yyyy-MM-ddThh:mm:ss.sssZ. */
    private static final DateTimeFormatter EBAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final EbayHttp http;
    private final EbayTokens tokens;
    private final ObjectMapper json;

    EbayClient(EbayHttp http, EbayTokens tokens, ObjectMapper json) {
        this.http = http;
        this.tokens = tokens;
        this.json = json;
    }

    /** getConversations: members' conversations with a message at or after {@code startTime} (null: all), one page. */
    JsonNode conversations(Channel channel, Instant startTime, int limit, int offset) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("conversation_type", FROM_MEMBERS);
        if (startTime != null) {
            query.put("start_time", EBAY_TIME.format(startTime));
        }
        query.put("limit", String.valueOf(limit));
        query.put("offset", String.valueOf(offset));
        return http.readJson(call(channel, "GET", "/conversation", query, null));
    }

    /** getConversation: one page of a conversation's messages (eBay lists the newest first). */
    JsonNode conversation(Channel channel, String conversationId, int limit, int offset) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("conversation_type", FROM_MEMBERS);
        query.put("limit", String.valueOf(limit));
        query.put("offset", String.valueOf(offset));
        return http.readJson(call(channel, "GET", "/conversation/" + EbayHttp.encode(conversationId), query, null));
    }

    /** sendMessage into an existing conversation; eBay answers 201 with the new message. */
    JsonNode sendMessage(Channel channel, String conversationId, String text) {
        String body = json.createObjectNode().put("conversationId", conversationId).put("messageText", text).toString();
        return http.readJson(call(channel, "POST", "/send_message", new LinkedHashMap<>(), body));
    }

    /** updateConversation: marks the conversation read, as a seller who answered it would see it. */
    void markRead(Channel channel, String conversationId) {
        String body = json.createObjectNode().put("conversationId", conversationId).put("conversationType", FROM_MEMBERS)
                .put("read", true).toString();
        call(channel, "POST", "/update_conversation", new LinkedHashMap<>(), body);
    }

    private EbayHttp.Answer call(Channel channel, String method, String path, Map<String, String> query, String body) {
        String url = channel.settings(EbaySettings.class).baseUrlOrDefault().toString().replaceAll("/+$", "") + API_PATH + path;
        String token = tokens.token(channel);
        EbayHttp.Answer answer = http.call(channel, method, url, query, headers(token, body), body);
        if (answer.status() == 401) {
            // An access token can die before its expires_in (revoked, eBay-side reset): one new token, one more try.
            tokens.invalidate(channel, token);
            token = tokens.token(channel);
            answer = http.call(channel, method, url, query, headers(token, body), body);
        }
        if (!answer.ok()) {
            String hint = HttpStatusClass.of(answer.status()) == HttpStatusClass.UNAUTHORIZED
                    ? " (eBay refused a fresh access token of channel '" + channel.id() + "': check the consent's scope commerce.message)"
                    : "";
            throw http.failure(answer, hint);
        }
        return answer;
    }

    private static Map<String, String> headers(String token, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + token);
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }
}
