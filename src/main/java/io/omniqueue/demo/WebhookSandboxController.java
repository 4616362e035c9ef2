package io.omniqueue.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Demo mode's stand-in for a shop's web form back end: receives the replies Omniqueue delivers
 * to the demo channel, so the whole round trip runs on one machine. GET lists what arrived.
 */
@RestController
@RequestMapping("/demo/webhook-sandbox")
@ConditionalOnProperty(name = "omniqueue.demo.enabled", havingValue = "true")
class WebhookSandboxController {

    private static final int KEPT = 200;
    private final List<JsonNode> received = new ArrayList<>();

    @PostMapping
    synchronized Map<String, String> receive(@RequestBody JsonNode reply) {
        if (received.size() == KEPT) {
            received.remove(0);
        }
        received.add(reply);
        return Map.of("messageId", "sandbox-" + UUID.randomUUID());
    }

    @GetMapping
    synchronized List<JsonNode> list() {
        return List.copyOf(received);
    }
}
