package io.omniqueue.customer;

import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The customer feature's tables (V12__customers.sql); every method runs in its caller's transaction. */
@Repository
class CustomerStore {

    private final JdbcClient jdbc;

    CustomerStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record CustomerRow(long id, String name, String nameKey, Instant createdAt, Long mergedInto, Instant erasedAt) {
    }

    record IdentityRow(long id, long customerId, IdentityKey key, String seenOn, Instant firstSeenAt) {
    }

    long create(Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("insert into customer (created_at) values (:now)").param("now", SqlTime.param(now)).update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
    }

    Optional<CustomerRow> find(long id) {
        return jdbc.sql("select id, display_name, name_key, created_at, merged_into, erased_at from customer where id = :id")
                .param("id", id).query(CustomerStore::customer).optional();
    }

    /** Locks the customer rows in id order (two merges of the same pair wait for each other instead of deadlocking). */
    List<CustomerRow> lock(long a, long b) {
        return jdbc.sql("""
                select id, display_name, name_key, created_at, merged_into, erased_at from customer
                where id in (:a, :b) order by id for update""")
                .param("a", a).param("b", b).query(CustomerStore::customer).list();
    }

    void delete(long id) {
        jdbc.sql("delete from customer where id = :id").param("id", id).update();
    }

    /** @return whether the customer took the name now */
    boolean nameIfUnnamed(long id, String name, String nameKey) {
        return jdbc.sql("update customer set display_name = :name, name_key = :key where id = :id and display_name is null and erased_at is null")
                .param("name", name).param("key", nameKey).param("id", id).update() > 0;
    }

    void setMergedInto(long id, Long into) {
        jdbc.sql("update customer set merged_into = :into where id = :id").param("into", into).param("id", id).update();
    }

    List<Long> mergedInto(long id) {
        return jdbc.sql("select id from customer where merged_into = :id").param("id", id).query(Long.class).list();
    }

    void erase(long id, Instant now) {
        jdbc.sql("update customer set display_name = null, name_key = null, erased_at = coalesce(erased_at, :now) where id = :id")
                .param("now", SqlTime.param(now)).param("id", id).update();
    }

    // ---- identities

    void insertIdentity(long customerId, IdentityKey key, String seenOn, Instant now) {
        jdbc.sql("""
                insert into customer_identity (customer_id, kind, scope, identity_value, seen_on, first_seen_at)
                values (:customer, :kind, :scope, :value, :seenOn, :now)
                on conflict do nothing""")
                .param("customer", customerId).param("kind", key.kind().name()).param("scope", key.scope())
                .param("value", key.value()).param("seenOn", seenOn).param("now", SqlTime.param(now)).update();
    }

    Optional<IdentityRow> identity(IdentityKey key) {
        return jdbc.sql("""
                select id, customer_id, kind, scope, identity_value, seen_on, first_seen_at from customer_identity
                where kind = :kind and scope = :scope and identity_value = :value""")
                .param("kind", key.kind().name()).param("scope", key.scope()).param("value", key.value())
                .query(CustomerStore::identity).optional();
    }

    List<IdentityRow> identitiesOf(long customerId) {
        return jdbc.sql("""
                select id, customer_id, kind, scope, identity_value, seen_on, first_seen_at from customer_identity
                where customer_id = :c order by first_seen_at desc, id desc""")
                .param("c", customerId).query(CustomerStore::identity).list();
    }

    void moveIdentities(Collection<Long> ids, long to) {
        if (!ids.isEmpty()) {
            jdbc.sql("update customer_identity set customer_id = :to where id in (:ids)").param("to", to).param("ids", ids).update();
        }
    }

    int deleteIdentitiesOf(long customerId) {
        jdbc.sql("""
                delete from customer_merge_item where kind = 'IDENTITY'
                  and item_id in (select id from customer_identity where customer_id = :c)""")
                .param("c", customerId).update();
        return jdbc.sql("delete from customer_identity where customer_id = :c").param("c", customerId).update();
    }

    // ---- conversations

    Optional<Long> customerOf(long conversationId) {
        return jdbc.sql("select customer_id from customer_conversation where conversation_id = :c")
                .param("c", conversationId).query(Long.class).optional();
    }

    /** The conversation's customer, whether it has a name yet and that name's key, in one look-up. */
    Optional<LinkedCustomer> linkedCustomer(long conversationId) {
        return jdbc.sql("""
                select cc.customer_id, c.display_name, c.name_key from customer_conversation cc
                join customer c on c.id = cc.customer_id
                where cc.conversation_id = :c""")
                .param("c", conversationId)
                .query((rs, n) -> new LinkedCustomer(rs.getLong("customer_id"), rs.getString("display_name") != null,
                        rs.getString("name_key")))
                .optional();
    }

    /** @param nameKey null for a customer without a name, or with a one-word name (never compared) */
    record LinkedCustomer(long id, boolean named, String nameKey) {
    }

    /**
     * Suggests the customer to an agent beside every other living customer of the same name (none for
     * a customer without one). A pair already suggested, decided or rejected stays as it is.
     */
    void suggestSameName(long customerId, String reason, Instant now) {
        find(customerId).map(CustomerRow::nameKey).ifPresent(key -> suggestSameName(customerId, key, reason, now));
    }

    /** {@link #suggestSameName(long, String, Instant)} for a customer whose name's key is known. */
    void suggestSameName(long customerId, String nameKey, String reason, Instant now) {
        sameName(customerId, nameKey).forEach(other -> suggest(customerId, other, reason, now));
    }

    void link(long conversationId, long customerId, Long viaIdentityId, Instant now) {
        jdbc.sql("""
                insert into customer_conversation (conversation_id, customer_id, via_identity_id, linked_at)
                values (:c, :customer, :via, :now) on conflict do nothing""")
                .param("c", conversationId).param("customer", customerId).param("via", viaIdentityId)
                .param("now", SqlTime.param(now)).update();
    }

    List<Long> conversationsOf(long customerId) {
        return jdbc.sql("select conversation_id from customer_conversation where customer_id = :c order by conversation_id")
                .param("c", customerId).query(Long.class).list();
    }

    /** Of this customer's conversations, those that came in through one of these identities. */
    List<Long> conversationsVia(long customerId, Collection<Long> identityIds) {
        if (identityIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select conversation_id from customer_conversation where customer_id = :c and via_identity_id in (:ids)")
                .param("c", customerId).param("ids", identityIds).query(Long.class).list();
    }

    void moveConversations(Collection<Long> conversationIds, long to) {
        if (!conversationIds.isEmpty()) {
            jdbc.sql("update customer_conversation set customer_id = :to where conversation_id in (:ids)")
                    .param("to", to).param("ids", conversationIds).update();
        }
    }

    // ---- merges

    long insertMerge(long survivor, long absorbed, String actor, Instant now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                insert into customer_merge (survivor_id, absorbed_id, merged_by, merged_at)
                values (:s, :a, :actor, :now)""")
                .param("s", survivor).param("a", absorbed).param("actor", actor).param("now", SqlTime.param(now))
                .update(keys, "id");
        return ((Number) keys.getKeyList().get(0).get("id")).longValue();
    }

    void insertMergeItems(long mergeId, String kind, Collection<Long> ids) {
        for (Long id : ids) {
            jdbc.sql("insert into customer_merge_item (merge_id, kind, item_id) values (:m, :kind, :id)")
                    .param("m", mergeId).param("kind", kind).param("id", id).update();
        }
    }

    List<Long> mergeItems(long mergeId, String kind) {
        return jdbc.sql("select item_id from customer_merge_item where merge_id = :m and kind = :kind order by item_id")
                .param("m", mergeId).param("kind", kind).query(Long.class).list();
    }

    Optional<MergeView> merge(long mergeId) {
        return jdbc.sql("""
                select id, survivor_id, absorbed_id, merged_by, merged_at, undone_by, undone_at from customer_merge where id = :id for update""")
                .param("id", mergeId).query(CustomerStore::merge).optional();
    }

    List<MergeView> mergesOf(long customerId) {
        return jdbc.sql("""
                select id, survivor_id, absorbed_id, merged_by, merged_at, undone_by, undone_at from customer_merge
                where survivor_id = :c or absorbed_id = :c order by merged_at desc, id desc""")
                .param("c", customerId).query(CustomerStore::merge).list();
    }

    void markUndone(long mergeId, String actor, Instant now) {
        jdbc.sql("update customer_merge set undone_by = :actor, undone_at = :now where id = :id")
                .param("actor", actor).param("now", SqlTime.param(now)).param("id", mergeId).update();
    }

    // ---- suggestions

    /**
     * The other living customers of that name, in id order. Only the name's index can serve the
     * statement: H2 keeps the plan it made when a connection first prepared a statement, and for one
     * that also said {@code merged_into is null} and {@code order by id}, made on the empty table of a
     * new shop, that plan walked every unmerged customer (5 ms a call at 50,000 customers, against
     * 2 microseconds through the name). The few rows of a name are filtered and ordered here.
     */
    List<Long> sameName(long customerId, String nameKey) {
        return jdbc.sql("select id, merged_into, erased_at from customer where name_key = :key")
                .param("key", nameKey)
                .query((rs, n) -> rs.getObject("merged_into") == null && rs.getObject("erased_at") == null
                        ? rs.getLong("id") : null)
                .list().stream().filter(java.util.Objects::nonNull).filter(id -> id != customerId).sorted().toList();
    }

    void suggest(long a, long b, String reason, Instant now) {
        jdbc.sql("""
                insert into customer_suggestion (low_id, high_id, reason, status, created_at)
                values (:low, :high, :reason, 'PENDING', :now) on conflict do nothing""")
                .param("low", Math.min(a, b)).param("high", Math.max(a, b)).param("reason", reason)
                .param("now", SqlTime.param(now)).update();
    }

    Optional<SuggestionRow> suggestion(long id) {
        return jdbc.sql("select id, low_id, high_id, reason, status from customer_suggestion where id = :id for update")
                .param("id", id)
                .query((rs, n) -> new SuggestionRow(rs.getLong("id"), rs.getLong("low_id"), rs.getLong("high_id"),
                        rs.getString("reason"), rs.getString("status")))
                .optional();
    }

    record SuggestionRow(long id, long lowId, long highId, String reason, String status) {
    }

    /**
     * Pending suggestions of this customer whose other side is still a customer of its own. One
     * branch a side, so that each is an index look-up: with {@code low_id = :c or high_id = :c} H2
     * read every suggestion (0.4-2 ms a call at 5,000 of them in a test program, against 0.04-0.16 ms).
     */
    List<SuggestionRow> pendingFor(long customerId) {
        return jdbc.sql("""
                select s.id, s.low_id, s.high_id, s.reason, s.status from customer_suggestion s
                join customer other on other.id = s.high_id
                where s.low_id = :c and s.status = 'PENDING' and other.merged_into is null and other.erased_at is null
                union all
                select s.id, s.low_id, s.high_id, s.reason, s.status from customer_suggestion s
                join customer other on other.id = s.low_id
                where s.high_id = :c and s.status = 'PENDING' and other.merged_into is null and other.erased_at is null
                order by 1""")
                .param("c", customerId)
                .query((rs, n) -> new SuggestionRow(rs.getLong("id"), rs.getLong("low_id"), rs.getLong("high_id"),
                        rs.getString("reason"), rs.getString("status")))
                .list();
    }

    void decide(long a, long b, String status, String actor, Instant now) {
        jdbc.sql("""
                update customer_suggestion set status = :status, decided_by = :actor, decided_at = :now
                where low_id = :low and high_id = :high""")
                .param("status", status).param("actor", actor).param("now", SqlTime.param(now))
                .param("low", Math.min(a, b)).param("high", Math.max(a, b)).update();
    }

    void deleteSuggestionsOf(long customerId) {
        // Two statements, each an index look-up (an OR of the two columns reads the whole table on H2).
        jdbc.sql("delete from customer_suggestion where low_id = :c").param("c", customerId).update();
        jdbc.sql("delete from customer_suggestion where high_id = :c").param("c", customerId).update();
    }

    // ---- erasures

    void logErasure(ErasureRecord r) {
        jdbc.sql("""
                insert into customer_erasure (customer_id, conversation_id, trigger_kind, actor, at, conversations, messages,
                                              attachments, replies_cancelled)
                values (:customer, :conversation, :trigger, :actor, :at, :conversations, :messages, :attachments, :cancelled)""")
                .param("customer", r.customerId()).param("conversation", r.conversationId())
                .param("trigger", r.trigger().name()).param("actor", r.actor()).param("at", SqlTime.param(r.at()))
                .param("conversations", r.conversations()).param("messages", r.messages())
                .param("attachments", r.attachments()).param("cancelled", r.repliesCancelled()).update();
    }

    List<ErasureRecord> erasuresOf(long customerId) {
        return jdbc.sql("""
                select customer_id, conversation_id, trigger_kind, actor, at, conversations, messages, attachments, replies_cancelled
                from customer_erasure where customer_id = :c order by at desc, id desc""")
                .param("c", customerId)
                .query((rs, n) -> new ErasureRecord(rs.getObject("customer_id", Long.class),
                        rs.getObject("conversation_id", Long.class), ErasureRecord.Trigger.valueOf(rs.getString("trigger_kind")),
                        rs.getString("actor"), SqlTime.read(rs, "at"), rs.getInt("conversations"), rs.getInt("messages"),
                        rs.getInt("attachments"), rs.getInt("replies_cancelled")))
                .list();
    }

    private static CustomerRow customer(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new CustomerRow(rs.getLong("id"), rs.getString("display_name"), rs.getString("name_key"),
                SqlTime.read(rs, "created_at"), rs.getObject("merged_into", Long.class), SqlTime.read(rs, "erased_at"));
    }

    private static IdentityRow identity(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new IdentityRow(rs.getLong("id"), rs.getLong("customer_id"),
                new IdentityKey(IdentityKind.valueOf(rs.getString("kind")), rs.getString("scope"), rs.getString("identity_value")),
                rs.getString("seen_on"), SqlTime.read(rs, "first_seen_at"));
    }

    private static MergeView merge(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new MergeView(rs.getLong("id"), rs.getLong("survivor_id"), rs.getLong("absorbed_id"), rs.getString("merged_by"),
                SqlTime.read(rs, "merged_at"), rs.getString("undone_by"), SqlTime.read(rs, "undone_at"));
    }
}
