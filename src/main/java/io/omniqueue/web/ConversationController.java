package io.omniqueue.web;

import io.omniqueue.channel.Marketplace;
import io.omniqueue.conversation.AssigneeFilter;
import io.omniqueue.conversation.ConversationAssignment;
import io.omniqueue.conversation.ConversationNotFoundException;
import io.omniqueue.conversation.ConversationPresence;
import io.omniqueue.conversation.Presence;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationStatus;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.conversation.InsightFilter;
import io.omniqueue.insight.LanguageMismatch;
import io.omniqueue.insight.MessageReader;
import io.omniqueue.insight.Topic;
import io.omniqueue.conversation.NoReplyNeededMarker;
import io.omniqueue.conversation.QueuePage;
import io.omniqueue.platform.Caller;
import io.omniqueue.platform.PlainText;
import io.omniqueue.platform.SingleLine;
import io.omniqueue.reply.ReplyOptions;
import io.omniqueue.reply.ConversationCloseService;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.reply.ReplyStatus;
import io.omniqueue.reply.ReplyView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.servlet.http.Part;
import io.omniqueue.channel.OutgoingReply;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.multipart.MultipartFile;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/conversations")
class ConversationController {

    static final int MAX_LIMIT = 200;

    private final ConversationQueries queries;
    private final ReplyService replies;
    private final NoReplyNeededMarker noReplyNeeded;
    private final ConversationAssignment assignment;
    private final ConversationPresence presence;
    private final ConversationCloseService closes;
    private final MessageReader reader;
    private final io.omniqueue.conversation.TopicCorrections topicCorrections;

    ConversationController(ConversationQueries queries, ReplyService replies, NoReplyNeededMarker noReplyNeeded,
                           ConversationAssignment assignment, ConversationPresence presence, ConversationCloseService closes,
                           MessageReader reader, io.omniqueue.conversation.TopicCorrections topicCorrections) {
        this.closes = closes;
        this.reader = reader;
        this.topicCorrections = topicCorrections;
        this.presence = presence;
        this.assignment = assignment;
        this.queries = queries;
        this.replies = replies;
        this.noReplyNeeded = noReplyNeeded;
    }

    /**
     * The queue: earliest due time first, then id; keyset pages through {@code after}.
     * {@code assignee}: {@code me} (the caller), {@code none} (nobody's), or an agent's name.
     * {@code customer}: only this customer's conversations.
     * {@code language}: one of the shop's languages ({@code es}); {@code topic}: a reason for writing ({@code damaged}).
     */
    @GetMapping
    QueuePage list(@RequestParam(required = false) String status, @RequestParam(required = false) String channel,
                   @RequestParam(required = false) String marketplace, @RequestParam(required = false) String assignee,
                   @RequestParam(required = false) Long customer,
                   @RequestParam(required = false) String language, @RequestParam(required = false) String topic,
                   @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String after,
                   HttpServletRequest http) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadRequestException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return queries.page(status(status), blankToNull(channel), marketplace(marketplace), assignee(assignee, http), customer,
                new InsightFilter(language(language), topicFilter(topic)), limit, blankToNull(after));
    }

    /** Assigns the conversation to {@code agent}, or to nobody when it is null; the caller's own name is "taking" it. */
    @PutMapping("/{id}/assignee")
    ConversationView assign(@PathVariable long id, @Valid @RequestBody AssignRequest request, HttpServletRequest http) {
        String agent = request.agent() == null || request.agent().isBlank() ? null : request.agent().strip();
        assignment.assign(id, agent, Caller.of(http));
        return get(id);
    }

    /**
     * An agent's correction of the conversation's reason for writing: kept with who and when, and
     * from then on the conversation's topic whatever later messages say.
     */
    @PutMapping("/{id}/topic")
    ConversationView correctTopic(@PathVariable long id, @RequestBody TopicRequest request, HttpServletRequest http) {
        Topic topic = topic(request == null ? null : request.topic());
        if (topic == null) {
            throw new BadRequestException("topic is required: one of " + Topic.keys());
        }
        topicCorrections.correct(id, topic, Caller.of(http));
        return get(id);
    }

    record TopicRequest(String topic) {
    }

    @GetMapping("/{id}")
    ConversationView get(@PathVariable long id) {
        return queries.find(id).orElseThrow(() -> new ConversationNotFoundException(id));
    }

    /** The caller is on the conversation (viewing, or typing a reply) for the next 15 s; everyone on it now. */
    @PutMapping("/{id}/presence")
    Here beat(@PathVariable long id, @RequestBody(required = false) PresenceRequest request, HttpServletRequest http) {
        return new Here(presence.beat(id, Caller.of(http), request != null && Boolean.TRUE.equals(request.typing())));
    }

    @GetMapping("/{id}/presence")
    Here here(@PathVariable long id) {
        get(id);
        return new Here(presence.here(id));
    }

    record PresenceRequest(Boolean typing) {
    }

    record Here(List<Presence> here) {
    }

    @PostMapping(path = "/{id}/replies", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplyAccepted reply(@PathVariable long id, @Valid @RequestBody ReplyRequest request,
                        @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                        HttpServletRequest http) {
        ReplyView reply = replies.accept(id, request.body(), List.of(), Caller.of(http), checked(idempotencyKey),
                new ReplyOptions(request.basedOnMessageId(), Boolean.TRUE.equals(request.force()), blankToNull(request.template())));
        return accepted(id, reply, request.body());
    }

    /** The same with files: multipart/form-data, a {@code body} field and one {@code files} part per file. */
    @PostMapping(path = "/{id}/replies", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    ReplyAccepted replyWithFiles(@PathVariable long id, @RequestPart("body") Part bodyPart,
                                 @RequestParam(name = "files", required = false) List<MultipartFile> files,
                                 @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
                                 @RequestParam(required = false) Long basedOnMessageId,
                                 @RequestParam(required = false) Boolean force,
                                 @RequestParam(required = false) String template,
                                 HttpServletRequest http) throws IOException {
        String templateName = blankToNull(InputRules.line("template", template, ReplyRequest.MAX_TEMPLATE));
        String body = InputRules.text("body", text(bodyPart), Integer.MAX_VALUE);
        if (body.isBlank()) {
            throw new BadRequestException("body must not be blank");
        }
        List<OutgoingReply.File> attached = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            String part = "files[" + attached.size() + "]";
            // reply_attachment.name is varchar(500), content_type varchar(200)
            String name = InputRules.line(part + " file name", file.getOriginalFilename(), 500);
            String type = InputRules.line(part + " Content-Type", file.getContentType(), 200);
            attached.add(new OutgoingReply.File(name, type == null ? "application/octet-stream" : type, file.getBytes()));
        }
        ReplyView reply = replies.accept(id, body, attached, Caller.of(http), checked(idempotencyKey),
                new ReplyOptions(basedOnMessageId, Boolean.TRUE.equals(force), templateName));
        return accepted(id, reply, body);
    }

    @PostMapping("/{id}/no-reply-needed")
    ConversationView noReplyNeeded(@PathVariable long id, @Valid @RequestBody NoReplyRequest request,
                                   HttpServletRequest http) {
        noReplyNeeded.mark(id, Caller.of(http), request.reason().strip());
        return get(id);
    }

    /**
     * Closes the conversation: it leaves the queue until the customer writes again, and the source's
     * thread is closed too when the channel's kind can (the trail tells when that is done or refused).
     * 409 when it is closed already.
     */
    @PostMapping("/{id}/close")
    ConversationView close(@PathVariable long id, HttpServletRequest http) {
        closes.close(id, Caller.of(http));
        return get(id);
    }

    /** reply.idempotency_key is varchar(200). */
    private static String checked(String idempotencyKey) {
        if (idempotencyKey != null && idempotencyKey.isBlank()) {
            throw new BadRequestException("Idempotency-Key must not be blank");
        }
        return InputRules.header("Idempotency-Key", idempotencyKey, 200);
    }

    /**
     * A form field as its sender wrote it: in the part's charset (UTF-8 unless it says otherwise),
     * malformed bytes refused rather than replaced by U+FFFD as the container would.
     */
    private static String text(Part part) throws IOException {
        Charset charset = StandardCharsets.UTF_8;
        if (part.getContentType() != null) {
            try {
                Charset declared = MediaType.parseMediaType(part.getContentType()).getCharset();
                charset = declared == null ? charset : declared;
            } catch (InvalidMediaTypeException e) {
                throw new BadRequestException("body part has a Content-Type that can't be read");
            }
        }
        try (var in = part.getInputStream()) {
            return InputRules.decode("body", in.readAllBytes(), charset);
        }
    }

    /**
     * @param basedOnMessageId the newest message its author saw (the send guard); optional
     * @param force send even if newer messages arrived after it
     * @param template the name of the template used, for the audit trail; optional
     */
    record ReplyRequest(@NotBlank @PlainText String body, Long basedOnMessageId, Boolean force,
                        @SingleLine(max = MAX_TEMPLATE) String template) {

        static final int MAX_TEMPLATE = 200;
    }

    /** conversation.assignee is varchar(100); null assigns to nobody. */
    record AssignRequest(@SingleLine(max = ConversationAssignment.MAX_AGENT_LENGTH) String agent) {
    }

    /**
     * @param languageWarning set when the reply seems to be in another language than the customer's:
     *     the API accepts it (a client may have its reasons) but says so, as the inbox does before sending
     */
    record ReplyAccepted(long replyId, ReplyStatus status,
                         @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                         LanguageWarning languageWarning) {
    }

    record LanguageWarning(String replyLanguage, String customerLanguage, String message) {

        static LanguageWarning of(LanguageMismatch mismatch) {
            return new LanguageWarning(mismatch.replyLanguage(), mismatch.customerLanguage(), mismatch.message());
        }
    }

    private ReplyAccepted accepted(long conversationId, ReplyView reply, String body) {
        ConversationView conversation = get(conversationId);
        LanguageWarning warning = reader.replyMismatch(body, conversation.language(), conversation.marketplace())
                .map(LanguageWarning::of).orElse(null);
        return new ReplyAccepted(reply.id(), reply.status(), warning);
    }

    /** conversation.no_reply_reason is varchar(1000). */
    record NoReplyRequest(@NotBlank @PlainText(max = 1000) String reason) {
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

    private static AssigneeFilter assignee(String assignee, HttpServletRequest http) {
        String value = blankToNull(assignee);
        if (value == null) {
            return AssigneeFilter.ANYONE;
        }
        if (value.equalsIgnoreCase("none")) {
            return AssigneeFilter.NOBODY;
        }
        if (value.equalsIgnoreCase("me")) {
            return AssigneeFilter.agent(Caller.of(http));
        }
        return AssigneeFilter.agent(InputRules.line("assignee", value, ConversationAssignment.MAX_AGENT_LENGTH));
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

    // Checked like the marketplace: a language the shop doesn't configure can have no conversations.
    private String language(String language) {
        String value = blankToNull(language);
        if (value != null && !reader.languages().contains(value)) {
            throw new BadRequestException("language must be one of the shop's languages " + reader.languages() + ", was '"
                    + language + "'");
        }
        return value;
    }

    private static Topic topicFilter(String topic) {
        return topic(topic);
    }

    private static Topic topic(String topic) {
        String value = blankToNull(topic);
        if (value == null) {
            return null;
        }
        return Topic.of(value).orElseThrow(() -> new BadRequestException("topic must be one of " + Topic.keys()
                + ", was '" + topic + "'"));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
