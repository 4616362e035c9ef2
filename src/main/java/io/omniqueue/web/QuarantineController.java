package io.omniqueue.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.omniqueue.platform.Caller;
import io.omniqueue.quarantine.QuarantineDiscard;
import io.omniqueue.quarantine.QuarantineEntry;
import io.omniqueue.quarantine.QuarantineQueries;
import io.omniqueue.quarantine.QuarantineRetry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
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

    static final int MAX_DISCARD_REASON = 500;

    private final QuarantineQueries queries;
    private final QuarantineRetry retry;
    private final QuarantineDiscard discard;

    QuarantineController(QuarantineQueries queries, QuarantineRetry retry, QuarantineDiscard discard) {
        this.queries = queries;
        this.retry = retry;
        this.discard = discard;
    }

    /** Open entries, newest first; {@code resolved=true} and {@code discarded=true} include those too. */
    @GetMapping
    Items list(@RequestParam(defaultValue = "false") boolean resolved, @RequestParam(defaultValue = "false") boolean discarded,
               @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 500) {
            throw new BadRequestException("limit must be between 1 and 500, was " + limit);
        }
        return new Items(queries.list(resolved, discarded, limit));
    }

    @GetMapping("/{id}")
    QuarantineEntry get(@PathVariable long id) {
        return queries.find(id);
    }

    /**
     * Retries an open entry. A body {@code {"payload": {...}}} is an operator's correction: it is
     * tried and kept beside the original, never instead of it. Without one, the latest correction
     * tried is sent again, or the original when there is none. 200 when ingested, 422 with the
     * refusal as the last of {@code retries} when still not ingestible; 409 when the entry was
     * already ingested or discarded; 413 when the correction is over the limit.
     */
    @PostMapping("/{id}/retry")
    ResponseEntity<QuarantineEntry> retry(@PathVariable long id, @RequestBody(required = false) RetryRequest request,
                                          HttpServletRequest http) {
        if (request != null && request.payload() != null && request.payload().isTextual()) {
            // Stored as given in a text column: PostgreSQL refuses a NUL there.
            InputRules.storable("payload", request.payload().asText());
        }
        QuarantineEntry entry = retry.retry(id, request == null ? null : request.payload(), Caller.of(http));
        return ResponseEntity.status(entry.status() == QuarantineEntry.Status.RESOLVED ? HttpStatus.OK
                : HttpStatus.UNPROCESSABLE_ENTITY).body(entry);
    }

    /** Gives up on an open entry, with the reason: it leaves the default list and can't be retried. */
    @PostMapping("/{id}/discard")
    QuarantineEntry discard(@PathVariable long id, @Valid @RequestBody(required = false) DiscardRequest request,
                            HttpServletRequest http) {
        if (request == null) {
            throw new BadRequestException("reason must not be blank: send {\"reason\": \"why it is discarded\"}");
        }
        return discard.discard(id, Caller.of(http), request.reason().strip());
    }

    record Items(List<QuarantineEntry> items) {
    }

    record RetryRequest(JsonNode payload) {
    }

    record DiscardRequest(@NotBlank @Size(max = MAX_DISCARD_REASON) String reason) {
    }
}
