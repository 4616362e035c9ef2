package io.omniqueue.web.inbox;

import io.omniqueue.channel.Channel;
import io.omniqueue.channel.ChannelRegistry;
import io.omniqueue.channel.Marketplace;
import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationStatus;
import io.omniqueue.conversation.InvalidCursorException;
import io.omniqueue.conversation.QueuePage;
import io.omniqueue.metrics.AtRiskSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The queue: what is waiting, earliest deadline first, with the counts per marketplace on top. */
@Controller
class QueuePageController {

    static final int PAGE_SIZE = 50;

    private final ConversationQueries queries;
    private final ChannelRegistry channels;
    private final AtRiskSettings atRisk;
    private final Clock clock;
    private final io.omniqueue.conversation.ConversationPresence presence;

    private final io.omniqueue.platform.WebUsers users;
    private final io.omniqueue.insight.MessageReader reader;

    QueuePageController(ConversationQueries queries, ChannelRegistry channels, AtRiskSettings atRisk,
                        io.omniqueue.conversation.ConversationPresence presence, io.omniqueue.platform.WebUsers users,
                        io.omniqueue.insight.MessageReader reader, Clock clock) {
        this.reader = reader;
        this.users = users;
        this.presence = presence;
        this.queries = queries;
        this.channels = channels;
        this.atRisk = atRisk;
        this.clock = clock;
    }

    @GetMapping("/")
    String queue(QueueFilter filter, Model model, jakarta.servlet.http.HttpServletRequest request) {
        fill(filter, model, io.omniqueue.platform.Caller.of(request));
        return "queue";
    }

    /** The part htmx fetches every few seconds: the counts and the rows, with the same filters. */
    @GetMapping("/queue/rows")
    String rows(QueueFilter filter, Model model, jakarta.servlet.http.HttpServletRequest request) {
        fill(filter, model, io.omniqueue.platform.Caller.of(request));
        return "queue :: live";
    }

    private void fill(QueueFilter filter, Model model, String me) {
        Instant now = clock.instant();
        model.addAttribute("agents", users.usernames());
        QueuePage page;
        io.omniqueue.conversation.AssigneeFilter assignee = filter.assigneeFor(me);
        try {
            page = queries.page(filter.statusOrDefault(), filter.channelOrNull(), filter.marketplaceOrNull(), assignee,
                    filter.insight(reader.languages()), PAGE_SIZE, filter.afterOrNull());
        } catch (InvalidCursorException e) {
            // A stale or hand-edited link: the first page rather than an error page.
            page = queries.page(filter.statusOrDefault(), filter.channelOrNull(), filter.marketplaceOrNull(), assignee,
                    filter.insight(reader.languages()), PAGE_SIZE, null);
        }
        Map<String, Long> warnSeconds = new LinkedHashMap<>();
        for (Channel channel : channels.all()) {
            warnSeconds.put(channel.id(), channel.settings().warnBeforeOrDefault().get(0).toSeconds());
        }
        TreeSet<String> marketplaces = new TreeSet<>();
        channels.all().forEach(c -> marketplaces.add(c.marketplace()));
        var counts = queries.marketplaceCounts(now, now.plus(atRisk.atRiskLead()));
        counts.forEach(c -> marketplaces.add(c.marketplace()));
        model.addAttribute("filter", filter);
        model.addAttribute("page", page);
        model.addAttribute("presence", presence.here(page.items().stream().map(c -> c.id()).toList()));
        model.addAttribute("counts", counts);
        model.addAttribute("warnSeconds", warnSeconds);
        model.addAttribute("channels", channels.all());
        model.addAttribute("marketplaces", marketplaces);
        model.addAttribute("statuses", Arrays.asList(ConversationStatus.values()));
        model.addAttribute("languages", reader.languages());
        model.addAttribute("topics", io.omniqueue.insight.Topic.keys());
        model.addAttribute("serverNow", now);
    }

    /**
     * The queue's filters as the GET form sends them; unknown values are ignored rather than
     * refused, since they come from a link or the form's own choices.
     */
    record QueueFilter(String marketplace, String channel, String status, String after, String assignee, String language,
                       String topic) {

        /** The language and topic filters; values not in the lists are ignored, like the other filters' unknown values. */
        io.omniqueue.conversation.InsightFilter insight(java.util.List<String> languages) {
            return new io.omniqueue.conversation.InsightFilter(languages.contains(languageValue()) ? languageValue() : null,
                    io.omniqueue.insight.Topic.of(topicValue()).orElse(null));
        }

        public String languageValue() {
            return language == null ? "" : language.strip();
        }

        public String topicValue() {
            return topic == null || io.omniqueue.insight.Topic.of(topic.strip()).isEmpty() ? "" : topic.strip();
        }

        /** {@code me}, {@code none}, an agent's name, or empty for everyone's. */
        public String assigneeValue() {
            // The rule the assignee API applies, so that a name the queue can filter is one it can assign.
            if (assignee == null || assignee.isBlank() || io.omniqueue.platform.InputText
                    .lineProblem(assignee, io.omniqueue.conversation.ConversationAssignment.MAX_AGENT_LENGTH).isPresent()) {
                return "";
            }
            return assignee.strip();
        }

        io.omniqueue.conversation.AssigneeFilter assigneeFor(String me) {
            return switch (assigneeValue()) {
                case "me" -> io.omniqueue.conversation.AssigneeFilter.agent(me);
                case "none" -> io.omniqueue.conversation.AssigneeFilter.NOBODY;
                case "" -> io.omniqueue.conversation.AssigneeFilter.ANYONE;
                default -> io.omniqueue.conversation.AssigneeFilter.agent(assigneeValue());
            };
        }

        public ConversationStatus statusOrDefault() {
            if (status == null) {
                return ConversationStatus.NEEDS_REPLY;
            }
            return Arrays.stream(ConversationStatus.values()).filter(s -> s.name().equals(status)).findFirst().orElse(null);
        }

        public String statusValue() {
            ConversationStatus s = statusOrDefault();
            return s == null ? "" : s.name();
        }

        public String channelOrNull() {
            return channel == null || channel.isBlank() ? null : channel;
        }

        public String marketplaceOrNull() {
            return marketplace == null || marketplace.isBlank() || !Marketplace.isValid(marketplace) ? null : marketplace;
        }

        public String afterOrNull() {
            return after == null || after.isBlank() ? null : after;
        }
    }
}
