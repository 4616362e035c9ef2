package io.omniqueue.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.quarantine.QuarantineEntry;
import io.omniqueue.quarantine.QuarantineRetry;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/quarantine")
class QuarantineController {

    private final QuarantineRetry quarantine;

    QuarantineController(QuarantineRetry quarantine) {
        this.quarantine = quarantine;
    }

    /** Open entries, newest first; {@code resolved=true} includes the ones a retry ingested. */
    @GetMapping
    Items list(@RequestParam(defaultValue = "false") boolean resolved, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("limit must be between 1 and 500, was " + limit);
        }
        return new Items(quarantine.list(resolved, limit));
    }

    /**
     * Retries an entry; an optional body {@code {"payload": {...}}} replaces the stored payload
     * (an operator's correction). 200 when ingested, 422 with the reason when still not ingestible.
     */
    @PostMapping("/{id}/retry")
    ResponseEntity<QuarantineEntry> retry(@PathVariable long id, @RequestBody(required = false) RetryRequest request) {
        if (request != null && request.payload() != null && request.payload().isTextual()) {
            // Stored as given in a text column: PostgreSQL refuses a NUL there.
            InputRules.storable("payload", request.payload().asText());
        }
        QuarantineEntry entry = quarantine.retry(id, request == null ? null : request.payload());
        return ResponseEntity.status(entry.resolvedAt() != null ? HttpStatus.OK : HttpStatus.UNPROCESSABLE_ENTITY).body(entry);
    }

    record Items(List<QuarantineEntry> items) {
    }

    record RetryRequest(JsonNode payload) {
    }
}
