package io.omniqueue.customer;

import io.omniqueue.conversation.ConversationQueries;
import io.omniqueue.conversation.ConversationView;
import io.omniqueue.customer.CustomerStore.CustomerRow;
import io.omniqueue.customer.CustomerStore.IdentityRow;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads customers: one person's identities, conversations on every channel and orders, newest first; the export. */
@Service
public class Customers {

    private final CustomerStore store;
    private final ConversationQueries conversations;

    Customers(CustomerStore store, ConversationQueries conversations) {
        this.store = store;
        this.conversations = conversations;
    }

    @Transactional(readOnly = true)
    public Optional<CustomerView> find(long id) {
        return store.find(id).map(this::view);
    }

    /** The customer of a conversation, if it has one yet. */
    @Transactional(readOnly = true)
    public Optional<CustomerView> ofConversation(long conversationId) {
        return store.customerOf(conversationId).flatMap(this::find);
    }

    /**
     * Everything held about the person: the customer, and each conversation with all its messages,
     * files listed, and audit trail, as the API shows them; the merges and erasures concerning them.
     */
    @Transactional(readOnly = true)
    public Optional<CustomerExport> export(long id, Instant now) {
        return find(id).map(customer -> new CustomerExport(now, customer,
                store.conversationsOf(id).stream().map(conversations::find).flatMap(Optional::stream).toList(),
                store.erasuresOf(id)));
    }

    private CustomerView view(CustomerRow row) {
        if (row.mergedInto() != null) {
            return new CustomerView(row.id(), row.name(), row.createdAt(), row.mergedInto(), row.erasedAt(), List.of(), List.of(),
                    List.of(), List.of(), store.mergesOf(row.id()));
        }
        List<IdentityRow> identities = store.identitiesOf(row.id());
        List<CustomerView.Identity> named = identities.stream().filter(i -> i.key().kind() != IdentityKind.ORDER)
                .map(i -> new CustomerView.Identity(i.key().kind(), i.key().scope().isEmpty() ? null : i.key().scope(),
                        i.key().value(), i.firstSeenAt()))
                .toList();
        List<CustomerView.Order> orders = identities.stream().filter(i -> i.key().kind() == IdentityKind.ORDER)
                .map(i -> new CustomerView.Order(i.key().value(), i.seenOn(), i.firstSeenAt())).toList();
        List<CustomerView.Conversation> threads = conversations.summaries(store.conversationsOf(row.id())).stream()
                .sorted(Comparator.comparing(ConversationView::lastMessageAt, Comparator.nullsLast(Comparator.reverseOrder()))
                        .thenComparing(ConversationView::id, Comparator.reverseOrder()))
                .map(c -> new CustomerView.Conversation(c.id(), c.channelId(), c.marketplace(), c.status(), c.subject(),
                        c.orderId(), c.lastMessageAt()))
                .toList();
        Map<Long, CustomerView.Suggestion> suggestions = new LinkedHashMap<>();
        for (CustomerStore.SuggestionRow s : store.pendingFor(row.id())) {
            long other = s.lowId() == row.id() ? s.highId() : s.lowId();
            suggestions.put(s.id(), new CustomerView.Suggestion(s.id(), other,
                    store.find(other).map(CustomerRow::name).orElse(null), s.reason()));
        }
        return new CustomerView(row.id(), row.name(), row.createdAt(), null, row.erasedAt(), named, threads, orders,
                List.copyOf(suggestions.values()), store.mergesOf(row.id()));
    }
}
