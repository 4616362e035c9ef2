package io.omniqueue.web;

import io.omniqueue.channel.Marketplace;
import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationStatus;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.conversation.NoReplyNeededMarker;
import io.omniqueue.conversation.QueuePage;
import io.omniqueue.platform.Caller;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.reply.ReplyStatus;
import io.omniqueue.reply.ReplyView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import io.omniqueue.channel.OutgoingReply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.multipart.MultipartFile;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    static final int MAX_LIMIT = 200;

    private final ConversationQueries queries;
    private final ReplyService replies;
    private final NoReplyNeededMarker noReplyNeeded;

    ConversationController(ConversationQueries queries, ReplyService replies, NoReplyNeededMarker noReplyNeeded) {
        this.queries = queries;
        this.replies = replies;
        this.noReplyNeeded = noReplyNeeded;
    }

    /** The queue: earliest due time first, then id; keyset pages through {@code after}. */
    @GetMapping
    QueuePage list(@RequestParam(required = false) String status, @RequestParam(required = false) String channel,
                   @RequestParam(required = false) String marketplace,
                   @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String after) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return queries.page(status(status), blankToNull(channel), marketplace(marketplace), limit, blankToNull(after));
    }

    @GetMapping("/{id}")
    ConversationView get(@PathVariable long id) {
        return queries.find(id).orElseThrow(() -> new ConversationNotFoundException(id));
    }

    @PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplyAccepted reply(@PathVariable long id, @Valid @RequestBody ReplyRequest request,
                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                        HttpServletRequest http) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new BadRequestException("Idempotency-Key must be 1 to 200 characters");
        }
        ReplyView reply = replies.accept(id, request.body(), Caller.of(http), idempotencyKey);
        return new ReplyAccepted(reply.id(), reply.status());
    }

    /** The same with files: multipart/form-data, a {@code body} field and one {@code files} part per file. */
    @PostMapping(path = "/{id}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplyAccepted replyWithFiles(@PathVariable long id, @RequestParam("body") String body,
                                 @RequestParam(name = "files", required = false) List<MultipartFile> files,
                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                 HttpServletRequest http) throws IOException {
        if (body == null || body.isBlank()) {
            throw new BadRequestException("body must not be blank");
        }
        List<OutgoingReply.File> attached = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            attached.add(new OutgoingReply.File(file.getOriginalFilename(),
                    file.getContentType() == null ? "application/octet-stream" : file.getContentType(), file.getBytes()));
        }
        ReplyView reply = replies.accept(id, body, attached, Caller.of(http), idempotencyKey);
        return new ReplyAccepted(reply.id(), reply.status());
    }

    @PostMapping("/{id}/no-reply-needed")
    ConversationView noReplyNeeded(@PathVariable long id, @Valid @RequestBody NoReplyRequest request,
                                   HttpServletRequest http) {
        noReplyNeeded.mark(id, Caller.of(http), request.reason().strip());
        return get(id);
    }

    record ReplyRequest(@NotBlank String body) {
    }

    record ReplyAccepted(long replyId, ReplyStatus status) {
    }

    record NoReplyRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    private static ConversationStatus status(String status) {
        if (status == null || status.isBlank()) {
            return null;
        }
        try {
            return ConversationStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("status must be one of " + Arrays.toString(ConversationStatus.values())
                    + ", was '" + status + "'");
        }
    }

    // Checked, so that a typo (amazon.ES, amazon es) is a 400 rather than an empty queue that looks like good news.
    private static String marketplace(String marketplace) {
        String value = blankToNull(marketplace);
        if (value != null && !Marketplace.isValid(value)) {
            throw new BadRequestException("marketplace must be " + Marketplace.RULE + " (amazon.es, carrefour-fr, shop), was '"
                    + marketplace + "'");
        }
        return value;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
