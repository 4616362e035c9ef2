package io.omniqueue.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The database's own pace for what an ingest stores: the same rows (a conversation per
 * {@value #MESSAGES_PER_CONVERSATION} messages, with its clock columns filled, and the messages)
 * inserted with JDBC batches, {@value #BATCH} messages a transaction, into the schema the
 * service migrated. Its channel id is the bench's own, so nothing the service stored is touched.
 */
final class BatchedInsertLimit {

    static final int BATCH = 1_000;
    static final int MESSAGES_PER_CONVERSATION = 4;

    private BatchedInsertLimit() {
    }

    /** @return messages per second, conversations included */
    static double measure(String url, String user, int messages) throws Exception {
        return measure(url, user, messages, BATCH).rate();
    }

    /**
     * The same rows, {@code perCommit} messages a transaction.
     *
     * @return messages per second and the whole machine's CPU a message (this JVM, and the database server if any)
     */
    static Pace measure(String url, String user, int messages, int perCommit) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, "")) {
            c.setAutoCommit(false);
            String channel = "bench-batched-" + System.nanoTime();
            insert(c, channel + "-warm", Math.min(messages, 2 * BATCH), perCommit);
            double machine = ScaleCpu.machineSeconds();
            long started = System.nanoTime();
            insert(c, channel, messages, perCommit);
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Pace(messages / seconds, 1000 * (ScaleCpu.machineSeconds() - machine) / messages);
        }
    }

    /** Messages a second, and the machine's CPU milliseconds a message. */
    record Pace(double rate, double machineMsPerMessage) {
    }

    private static void insert(Connection c, String channel, int messages, int batch) throws Exception {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement conversations = c.prepareStatement("""
                insert into conversation (channel_id, external_thread_id, status, subject, customer_name, customer_email,
                    order_id, created_at, last_message_at, sla_policy, marketplace, clock_started_at, contract_due_at,
                    internal_due_at, due_at)
                values (?, ?, 'NEEDS_REPLY', 'Where is my order?', ?, ?, ?, ?, ?, null, 'shop', ?, ?, ?, ?)""");
             PreparedStatement ids = c.prepareStatement(
                     "select id, external_thread_id from conversation where channel_id = ? and external_thread_id >= ? "
                             + "and external_thread_id < ?");
             PreparedStatement rows = c.prepareStatement("""
                     insert into message (conversation_id, channel_id, external_message_id, direction, author_role, author,
                         body, html_body, sent_at, received_at, starts_clock, clock_start_at)
                     values (?, ?, ?, 'INBOUND', 'CUSTOMER', ?, ?, null, ?, ?, true, null)""")) {
            for (int from = 0; from < messages; from += batch) {
                int to = Math.min(messages, from + batch);
                for (int m = from; m < to; m += MESSAGES_PER_CONVERSATION) {
                    int thread = m / MESSAGES_PER_CONVERSATION;
                    conversations.setString(1, channel);
                    conversations.setString(2, thread(thread));
                    conversations.setString(3, "Customer " + thread);
                    conversations.setString(4, "c" + thread + "@example.com");
                    conversations.setString(5, "ORD-" + thread);
                    conversations.setTimestamp(6, now);
                    conversations.setTimestamp(7, now);
                    conversations.setTimestamp(8, now);
                    conversations.setTimestamp(9, now);
                    conversations.setTimestamp(10, now);
                    conversations.setTimestamp(11, now);
                    conversations.addBatch();
                }
                conversations.executeBatch();
                Map<String, Long> idOf = new HashMap<>();
                ids.setString(1, channel);
                ids.setString(2, thread(from / MESSAGES_PER_CONVERSATION));
                ids.setString(3, thread((to + MESSAGES_PER_CONVERSATION - 1) / MESSAGES_PER_CONVERSATION));
                try (ResultSet rs = ids.executeQuery()) {
                    while (rs.next()) {
                        idOf.put(rs.getString(2), rs.getLong(1));
                    }
                }
                for (int m = from; m < to; m++) {
                    rows.setLong(1, idOf.get(thread(m / MESSAGES_PER_CONVERSATION)));
                    rows.setString(2, channel);
                    rows.setString(3, "batched-" + m);
                    rows.setString(4, "Customer " + m / MESSAGES_PER_CONVERSATION);
                    rows.setString(5, "Hello, my order has not arrived yet. Could you check it please? (" + m + ")");
                    rows.setTimestamp(6, now);
                    rows.setTimestamp(7, now);
                    rows.addBatch();
                }
                rows.executeBatch();
                c.commit();
            }
        }
    }

    /** Zero-padded so that a range of threads is a range of strings. */
    private static String thread(int n) {
        return String.format("t%09d", n);
    }
}
