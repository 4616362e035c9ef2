package io.omniqueue.web.inbox;

import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.OutgoingReply;
import io.omniqueue.channel.ReplyDraft;
import io.omniqueue.conversation.ConversationAssignment;
import io.omniqueue.conversation.ConversationDetails;
import io.omniqueue.conversation.ConversationPresence;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.conversation.MessageView;
import io.omniqueue.conversation.NoReplyNeededMarker;
import io.omniqueue.platform.Caller;
import io.omniqueue.platform.WebUsers;
import io.omniqueue.reply.NewerMessagesException;
import io.omniqueue.reply.ReplyOptions;
import io.omniqueue.reply.ReplyRejectedException;
import io.omniqueue.reply.ReplyService;
import io.omniqueue.reply.ReplyView;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

/** One conversation: the thread, why its deadline is what it is, and the reply box. */
@Controller
class ConversationPageController {

    /** conversation.no_reply_reason is varchar(1000). */
    static final int MAX_REASON = 1000;

    private final ConversationQueries queries;
    private final ChannelRegistry channels;
    private final ReplyService replies;
    private final NoReplyNeededMarker noReplyNeeded;
    private final ReplyTemplates templates;
    private final WebUsers users;
    private final InboxAttachments attachments;
    private final Clock clock;
    private final ConversationAssignment assignment;
    private final ConversationPresence presence;
    private final io.omniqueue.insight.MessageReader reader;
    private final io.omniqueue.conversation.TopicCorrections topicCorrections;

    ConversationPageController(ConversationQueries queries, ChannelRegistry channels, ReplyService replies,
                               NoReplyNeededMarker noReplyNeeded, ReplyTemplates templates, WebUsers users,
                               InboxAttachments attachments, ConversationAssignment assignment,
                               ConversationPresence presence, io.omniqueue.insight.MessageReader reader,
                               io.omniqueue.conversation.TopicCorrections topicCorrections, Clock clock) {
        this.reader = reader;
        this.topicCorrections = topicCorrections;
        this.presence = presence;
        this.assignment = assignment;
        this.queries = queries;
        this.channels = channels;
        this.replies = replies;
        this.noReplyNeeded = noReplyNeeded;
        this.templates = templates;
        this.users = users;
        this.attachments = attachments;
        this.clock = clock;
    }

    @GetMapping("/conversations/{id}")
    String show(@PathVariable long id, Model model, HttpServletRequest request, Locale locale) {
        fill(id, model, request, locale, "");
        return "conversation";
    }

    /** The reply form: accepted into the outbox, or the page again with the channel's reasons and the text kept. */
    @PostMapping("/conversations/{id}/replies")
    String reply(@PathVariable long id, @RequestParam(defaultValue = "") String body,
                 @RequestParam(name = "files", required = false) List<MultipartFile> files,
                 @RequestParam(name = "key", required = false) String key,
                 @RequestParam(required = false) Long basedOnMessageId,
                 @RequestParam(defaultValue = "false") boolean force,
                 @RequestParam(required = false) String template,
                 @RequestParam(defaultValue = "false") boolean languageConfirmed,
                 Model model, HttpServletRequest request, Locale locale) throws IOException {
        if (!languageConfirmed) {
            // Held until the agent confirms: a reply in another language than the customer's is
            // more often a wrong template than a choice. The text is kept; nothing is sent yet.
            ConversationView c = queries.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
            var mismatch = reader.replyMismatch(body, c.language(), c.marketplace());
            if (mismatch.isPresent()) {
                model.addAttribute("languageWarning", mismatch.get());
                model.addAttribute("heldForce", force);
                fill(id, model, request, locale, body);
                return "conversation";
            }
        }
        List<OutgoingReply.File> attached = new ArrayList<>();
        for (MultipartFile file : files == null ? List.<MultipartFile>of() : files) {
            if (!file.isEmpty()) {
                attached.add(new OutgoingReply.File(file.getOriginalFilename(),
                        file.getContentType() == null ? "application/octet-stream" : file.getContentType(), file.getBytes()));
            }
        }
        try {
            // The form's own key: a double click or a resubmitted page sends one reply, not two.
            replies.accept(id, body, attached, Caller.of(request), key == null || key.isBlank() || key.length() > 100 ? null : key,
                    new ReplyOptions(basedOnMessageId, force, templateName(template)));
            return "redirect:/conversations/" + id + "#reply";
        } catch (NewerMessagesException e) {
            // Held by the send guard: the page again, the new messages marked, the text kept, "send anyway" offered;
            // the form now stands on the newest message, which the agent sees.
            model.addAttribute("newer", e.newer().stream().map(MessageView::id).toList());
            fill(id, model, request, locale, body);
            return "conversation";
        } catch (ReplyRejectedException e) {
            model.addAttribute("rejected", e.getMessage());
            fill(id, model, request, locale, body);
            return "conversation";
        }
    }

    /** What the channel would say about the reply so far; seller.js asks as the agent types. */
    @PostMapping("/conversations/{id}/check")
    String check(@PathVariable long id, @RequestParam(defaultValue = "") String body,
                 @RequestParam(name = "fileName", required = false) List<String> names,
                 @RequestParam(name = "fileSize", required = false) List<Long> sizes, Model model) {
        List<ReplyDraft.FileInfo> files = new ArrayList<>();
        for (int i = 0; names != null && sizes != null && i < Math.min(names.size(), sizes.size()); i++) {
            files.add(new ReplyDraft.FileInfo(names.get(i), null, sizes.get(i)));
        }
        model.addAttribute("problems", replies.problems(id, body, files));
        model.addAttribute("length", body.length());
        java.util.OptionalInt max = replies.maxBodyLength(id);
        model.addAttribute("left", max.isPresent() ? Integer.valueOf(max.getAsInt() - body.length()) : null);
        model.addAttribute("fileCount", files.size());
        model.addAttribute("fileBytes", files.stream().mapToLong(ReplyDraft.FileInfo::sizeBytes).sum());
        return "conversation :: limits";
    }

    /** A sent reply's delivery state; the fragment polls itself while the reply is pending. */
    @GetMapping("/conversations/{id}/replies/{replyId}")
    String delivery(@PathVariable long id, @PathVariable long replyId, Model model) {
        ReplyView reply = replies.find(replyId);
        if (reply.conversationId() != id) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        model.addAttribute("conversationId", id);
        model.addAttribute("reply", reply);
        return "conversation :: delivery";
    }

    /**
     * The outbox has no retry of a FAILED reply (its attempts are spent, and its failure is
     * recorded on its message): the same text goes out again as a new reply. Files are not
     * re-attached; the agent attaches them again if needed.
     */
    @PostMapping("/conversations/{id}/replies/{replyId}/retry")
    String retry(@PathVariable long id, @PathVariable long replyId, HttpServletRequest request) {
        ConversationView conversation = queries.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ConversationDetails details = queries.details(id).orElseThrow();
        MessageView sent = conversation.messages().stream()
                .filter(m -> Long.valueOf(replyId).equals(details.replyIds().get(m.id()))).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        // Only a reply that will never arrive is sent again: a pending or sent one would reach the customer twice.
        if (replies.find(replyId).status() != io.omniqueue.reply.ReplyStatus.FAILED) {
            throw new ResponseStatusException(HttpStatus.CONFLICT, "reply " + replyId + " has not failed; it is not sent again");
        }
        replies.accept(id, sent.body(), List.of(), Caller.of(request), "retry-of-" + replyId);
        return "redirect:/conversations/" + id + "#reply";
    }

    /**
     * Takes the conversation (assigns it to the signed-in agent), gives it to another agent of the
     * inbox ({@code agent}), or releases it ({@code release=true}). {@code back}, the queue's own
     * address with its filters ({@code /?marketplace=...}, the queue's {@code t}), returns there; any
     * other value stays on the conversation, so no redirect can lead off the queue.
     */
    /** The queue, with or without its filters: a path of our own, never another host or page. */
    private static final java.util.regex.Pattern QUEUE_ADDRESS = java.util.regex.Pattern.compile("/(\\?[\\w=&%.+-]*)?");

    @PostMapping("/conversations/{id}/assignee")
    String take(@PathVariable long id, @RequestParam(defaultValue = "false") boolean release,
                @RequestParam(required = false) String agent, @RequestParam(defaultValue = "") String back,
                HttpServletRequest request) {
        String me = Caller.of(request);
        String to = release ? null : me;
        if (!release && agent != null && !agent.isBlank()) {
            if (!users.usernames().contains(agent)) {
                throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "agent '" + agent + "' is not a user of the inbox");
            }
            to = agent;
        }
        assignment.assign(id, to, me);
        return QUEUE_ADDRESS.matcher(back).matches() ? "redirect:" + back : "redirect:/conversations/" + id;
    }

    /** The page's heartbeat (seller.js, every few seconds): renews the agent's lease, answers who else is here. */
    @PostMapping("/conversations/{id}/presence")
    String presence(@PathVariable long id, @RequestParam(defaultValue = "false") boolean typing, Model model,
                    HttpServletRequest request) {
        String me = Caller.of(request);
        model.addAttribute("others", presence.beat(id, me, typing).stream().filter(p -> !p.agent().equals(me)).toList());
        return "conversation :: presence";
    }

    /** The template select's value is {@code name|language}; the trail records the name. */
    private static String templateName(String choice) {
        if (choice == null || choice.isBlank()) {
            return null;
        }
        String name = choice.contains("|") ? choice.substring(0, choice.indexOf('|')) : choice;
        return name.length() > 200 ? name.substring(0, 200) : name;
    }

    /** An agent's correction of the reason for writing, from the select beside it. */
    @PostMapping("/conversations/{id}/topic")
    String correctTopic(@PathVariable long id, @RequestParam(defaultValue = "") String topic, HttpServletRequest request) {
        io.omniqueue.insight.Topic chosen = io.omniqueue.insight.Topic.of(topic.strip())
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST, "unknown topic '" + topic + "'"));
        topicCorrections.correct(id, chosen, Caller.of(request));
        return "redirect:/conversations/" + id;
    }

    @PostMapping("/conversations/{id}/no-reply-needed")
    String noReplyNeeded(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
                         HttpServletRequest request, Model model, Locale locale) {
        String why = reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            model.addAttribute("reasonProblem", true);
            fill(id, model, request, locale, "");
            return "conversation";
        }
        noReplyNeeded.mark(id, Caller.of(request), why);
        return "redirect:/conversations/" + id;
    }

    @GetMapping("/conversations/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable long id, @PathVariable long attachmentId) {
        ConversationView conversation = queries.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        // Only a file of this conversation: the id in the address is the agent's to change.
        boolean ours = conversation.messages().stream().flatMap(m -> m.attachments().stream())
                .anyMatch(a -> a.id() == attachmentId);
        if (!ours) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        return attachments.download(attachmentId);
    }

    private void fill(long id, Model model, HttpServletRequest request, Locale locale, String draft) {
        ConversationView conversation = queries.find(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        ConversationDetails details = queries.details(id).orElseThrow();
        var channel = channels.find(conversation.channelId()).orElse(null);
        Map<Long, String> html = new HashMap<>();
        details.htmlBodies().forEach((message, body) -> html.put(message, SafeHtml.clean(body)));
        Map<Long, ReplyView> delivery = new HashMap<>();
        details.replyIds().forEach((message, reply) -> delivery.put(message, replies.find(reply)));
        String agent = users.displayName(request.getUserPrincipal() == null ? "" : request.getUserPrincipal().getName());
        Map<String, String> values = new HashMap<>();
        values.put("customer", conversation.customerName());
        values.put("order", conversation.orderId());
        values.put("marketplace", conversation.marketplace());
        values.put("agent", agent);
        model.addAttribute("conversation", conversation);
        model.addAttribute("me", Caller.of(request));
        model.addAttribute("agents", users.usernames());
        model.addAttribute("others", presence.here(id).stream().filter(p -> !p.agent().equals(Caller.of(request))).toList());
        model.addAttribute("basedOnMessageId", conversation.messages().isEmpty() ? null
                : conversation.messages().stream().mapToLong(MessageView::id).max().getAsLong());
        model.addAttribute("html", html);
        model.addAttribute("delivery", delivery);
        model.addAttribute("why", DeadlineExplanation.of(conversation, details.clockMessageId(), details.slaPolicy(), channel,
                locale));
        model.addAttribute("warnSeconds", channel == null ? 0 : channel.settings().warnBeforeOrDefault().get(0).toSeconds());
        model.addAttribute("topics", io.omniqueue.insight.Topic.keys());
        model.addAttribute("templates", templates.offeredFor(conversation.language(), locale).stream()
                .map(t -> new FilledTemplate(t.name(), t.language(), t.fill(values))).toList());
        model.addAttribute("draft", draft);
        model.addAttribute("replyKey", "inbox-" + java.util.UUID.randomUUID());
        model.addAttribute("serverNow", clock.instant());
    }

    record FilledTemplate(String name, String language, String body) {
    }
}
