package io.omniqueue.web.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.omniqueue.platform.Caller;
import io.omniqueue.quarantine.CorrectionTooLargeException;
import io.omniqueue.quarantine.InvalidCorrectionException;
import io.omniqueue.quarantine.QuarantineDiscard;
import io.omniqueue.quarantine.QuarantineEntry;
import io.omniqueue.quarantine.QuarantineEntryClosedException;
import io.omniqueue.quarantine.QuarantineEntryNotFoundException;
import io.omniqueue.quarantine.QuarantineQueries;
import io.omniqueue.quarantine.QuarantineRetry;
import io.omniqueue.quarantine.QuarantineSettings;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /quarantine}: payloads that could not be ingested, with their reason and raw text (always
 * escaped: they are whatever a hostile source sent). Retry and discard are for admins; the security
 * configuration refuses those POSTs to anyone else.
 *
 * <p>A done action redirects back to the list (a reload repeats nothing) with its outcome; a refused
 * one (closed: 409, too large: 413, malformed: 400, gone: 404) answers the page itself with that status
 * and says why, keeping what the admin typed out of the flash so the text is never bounced around.
 */
@Controller
class QuarantinePage {

    static final int LIMIT = 200;
    static final int MAX_DISCARD_REASON = 500;

    private final QuarantineQueries queries;
    private final QuarantineRetry retry;
    private final QuarantineDiscard discard;
    private final QuarantineSettings settings;
    private final ObjectMapper json;

    QuarantinePage(QuarantineQueries queries, QuarantineRetry retry, QuarantineDiscard discard,
                   QuarantineSettings settings, ObjectMapper json) {
        this.queries = queries;
        this.retry = retry;
        this.discard = discard;
        this.settings = settings;
        this.json = json;
    }

    @GetMapping("/quarantine")
    String list(@RequestParam(defaultValue = "false") boolean closed, Model model) {
        model.addAttribute("closed", closed);
        model.addAttribute("entries", queries.list(closed, closed, LIMIT));
        return "quarantine";
    }

    /**
     * @param correction a corrected payload: JSON (an object for the marketplaces), or, for a source
     *     that reads raw text (a mail), text that is not JSON is sent as that text; blank for none
     */
    @PostMapping("/quarantine/{id}/retry")
    String retry(@PathVariable long id, @RequestParam(required = false) String correction, HttpServletRequest request,
                 HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            QuarantineEntry entry = retry.retry(id, corrected(correction), Caller.of(request));
            redirect.addFlashAttribute("outcome", entry.status() == QuarantineEntry.Status.RESOLVED
                    ? Outcome.of(id, "ingested", entry.resolution()) : Outcome.of(id, "refused", lastDetail(entry)));
            return "redirect:/quarantine";
        } catch (TooLarge | CorrectionTooLargeException e) {
            return refused(HttpStatus.PAYLOAD_TOO_LARGE, Outcome.of(id, "tooLarge", e.getMessage()), response, model);
        } catch (Malformed | InvalidCorrectionException e) {
            return refused(HttpStatus.BAD_REQUEST, Outcome.of(id, "invalid", e.getMessage()), response, model);
        } catch (QuarantineEntryClosedException e) {
            return refused(HttpStatus.CONFLICT, Outcome.of(id, "closed", e.getMessage()), response, model);
        } catch (QuarantineEntryNotFoundException e) {
            return refused(HttpStatus.NOT_FOUND, Outcome.of(id, "notFound", null), response, model);
        }
    }

    @PostMapping("/quarantine/{id}/discard")
    String discard(@PathVariable long id, @RequestParam(required = false) String reason, HttpServletRequest request,
                   HttpServletResponse response, Model model, RedirectAttributes redirect) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_DISCARD_REASON || why.indexOf('\0') >= 0) {
            return refused(HttpStatus.BAD_REQUEST, Outcome.of(id, "reasonNeeded", null), response, model);
        }
        try {
            discard.discard(id, Caller.of(request), why);
            redirect.addFlashAttribute("outcome", Outcome.of(id, "discarded", why));
            return "redirect:/quarantine";
        } catch (QuarantineEntryClosedException e) {
            return refused(HttpStatus.CONFLICT, Outcome.of(id, "closed", e.getMessage()), response, model);
        } catch (QuarantineEntryNotFoundException e) {
            return refused(HttpStatus.NOT_FOUND, Outcome.of(id, "notFound", null), response, model);
        }
    }

    private JsonNode corrected(String correction) {
        if (correction == null || correction.isBlank()) {
            return null;
        }
        // Checked before parsing, as the API's body limit does: a huge text is never read into a tree.
        long bytes = correction.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > settings.maxCorrectionRequestBytes()) {
            throw new TooLarge("the corrected payload is " + bytes + " bytes; a correction may be at most "
                    + settings.maxCorrectionBytes() + " bytes");
        }
        if (correction.indexOf('\0') >= 0) {
            throw new Malformed("the corrected payload contains a NUL character");
        }
        try {
            return json.readTree(correction);
        } catch (JsonProcessingException notJson) {
            // Raw text for a source that reads text; the retry refuses it for a source that needs an object.
            return TextNode.valueOf(correction);
        }
    }

    private String refused(HttpStatus status, Outcome outcome, HttpServletResponse response, Model model) {
        response.setStatus(status.value());
        model.addAttribute("outcome", outcome);
        return list(false, model);
    }

    private static String lastDetail(QuarantineEntry entry) {
        return entry.retries().isEmpty() ? entry.reason() : entry.retries().get(entry.retries().size() - 1).detail();
    }

    /**
     * What an action did, for the banner above the list.
     *
     * @param kind the message key's last part: ingested, refused, discarded, tooLarge, invalid, closed,
     *     notFound, reasonNeeded
     * @param detail the back end's words (a refusal's reason, where it was ingested); shown as text
     */
    record Outcome(long id, String kind, String detail, boolean ok) {

        static Outcome of(long id, String kind, String detail) {
            return new Outcome(id, kind, detail, "ingested".equals(kind) || "discarded".equals(kind));
        }
    }

    private static final class TooLarge extends RuntimeException {
        TooLarge(String message) {
            super(message);
        }
    }

    private static final class Malformed extends RuntimeException {
        Malformed(String message) {
            super(message);
        }
    }
}
