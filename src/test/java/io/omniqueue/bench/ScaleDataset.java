package io.omniqueue.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A shop's database at scale, written with set-based SQL (generate_series) into the schema Flyway
 * made: channels of very different sizes (one tiny), several marketplaces on the mailbox, every
 * status, open conversations due around now (some breached), five messages a conversation over two
 * years, sent replies, undelivered ones, and the alerts the watch already recorded.
 *
 * <p>Ids are written explicitly (conversation n, message 5(n-1)+k, reply n) so rows can refer to
 * each other without lookups; the identity sequences are moved past them at the end.
 */
final class ScaleDataset {

    static final int MESSAGES_PER_CONVERSATION = 5;
    static final String TINY_CHANNEL = "tiny-shop";
    static final String BIG_CHANNEL = "carrefour-fr";
    static final String MAILBOX_MARKETPLACE = "amazon.es";

    /** A channel: its share of conversations (per 10,000), marketplace expression and contract. */
    record ScaleChannel(String id, int from, int to, String marketplaceSql, int contractHours) {
    }

    static final List<ScaleChannel> CHANNELS = List.of(
            new ScaleChannel(BIG_CHANNEL, 0, 3000, "'carrefour-fr'", 48),
            new ScaleChannel("ebay-es", 3000, 4800, "'ebay.es'", 24),
            new ScaleChannel("shop-mailbox", 4800, 6800,
                    "case n % 3 when 0 then 'amazon.es' when 1 then 'amazon.fr' else 'shop' end", 24),
            new ScaleChannel("octopia-fr", 6800, 7800, "'cdiscount'", 48),
            new ScaleChannel("kaufland-de", 7800, 8600, "'kaufland.de'", 24),
            new ScaleChannel("leroymerlin-es", 8600, 9200, "'leroymerlin-es'", 72),
            new ScaleChannel("web-shop", 9200, 9600, "'shop'", 24),
            new ScaleChannel("worten-pt", 9600, 9900, "'worten-pt'", 48),
            new ScaleChannel("pccomponentes", 9900, 9995, "'pccomponentes'", 24),
            new ScaleChannel(TINY_CHANNEL, 9995, 10000, "'shop'", 24));

    private ScaleDataset() {
    }

    /** The service's properties declaring these channels (webhooks: nothing polls during the bench). */
    static Map<String, String> channelProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < CHANNELS.size(); i++) {
            ScaleChannel c = CHANNELS.get(i);
            p.put("omniqueue.channels[" + i + "].id", c.id());
            p.put("omniqueue.channels[" + i + "].kind", "webhook");
            p.put("omniqueue.channels[" + i + "].callback-url", "http://127.0.0.1:9/replies");
            p.put("omniqueue.channels[" + i + "].sla.contract", "PT" + c.contractHours() + "H");
        }
        return p;
    }

    /** Fills an empty migrated database with {@code conversations} conversations, five messages each. */
    static void build(String url, int conversations, Instant now) throws SQLException {
        try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement s = db.createStatement()) {
            for (String sql : statements(conversations, now)) {
                s.execute(sql);
            }
        }
    }

    private static List<String> statements(int conversations, Instant now) {
        StringBuilder channelCase = new StringBuilder("case");
        StringBuilder marketplaceCase = new StringBuilder("case");
        StringBuilder contractCase = new StringBuilder("case");
        for (ScaleChannel c : CHANNELS) {
            String when = " when bucket >= " + c.from() + " and bucket < " + c.to() + " then ";
            channelCase.append(when).append("'").append(c.id()).append("'");
            marketplaceCase.append(when).append(c.marketplaceSql());
            contractCase.append(when).append(c.contractHours());
        }
        channelCase.append(" end");
        marketplaceCase.append(" end");
        contractCase.append(" end");
        String nowSql = "timestamptz '" + now + "'";
        List<String> sql = new ArrayList<>();
        sql.add("select setseed(0.42)");
        // One row per conversation with its random draws; the open ones are recent (due around now).
        sql.add("""
                create temporary table scale_plan as
                select n, bucket, %s as channel_id, %s as marketplace, %s as contract_hours,
                       case when r_status < 0.05 then 'NEEDS_REPLY' when r_status < 0.35 then 'WAITING_CUSTOMER'
                            when r_status < 0.40 then 'NO_REPLY_NEEDED' else 'CLOSED' end as status,
                       %s - case when r_status < 0.05 then r_age * interval '4 days' else r_age * interval '730 days' end
                           as last_at,
                       (15 + r_step * 1800) * interval '1 minute' as step,
                       r_reply
                from (select n, (n * 7919) %% 10000 as bucket, random() as r_status, random() as r_age,
                             random() as r_step, random() as r_reply
                      from generate_series(cast(1 as bigint), %d) n) draws
                """.formatted(channelCase, marketplaceCase, contractCase, nowSql, conversations));
        sql.add("""
                insert into conversation (id, channel_id, external_thread_id, status, subject, customer_name, customer_email,
                    order_id, created_at, last_message_at, clock_started_at, contract_due_at, due_at, no_reply_by,
                    no_reply_reason, no_reply_at, marketplace, assignee)
                select n, channel_id, 't-' || n, status, 'Order ' || n || ': where is my parcel?', 'Customer ' || n,
                       'c' || n || '@example.com', 'ORD-' || n, last_at - 4 * step, last_at,
                       case when status = 'NEEDS_REPLY' then last_at end,
                       case when status = 'NEEDS_REPLY' then last_at + contract_hours * interval '1 hour' end,
                       case when status = 'NEEDS_REPLY' then last_at + contract_hours * interval '1 hour' end,
                       case when status = 'NO_REPLY_NEEDED' then 'agent-' || (n % 7) end,
                       case when status = 'NO_REPLY_NEEDED' then 'thanked us' end,
                       case when status = 'NO_REPLY_NEEDED' then last_at + interval '1 hour' end,
                       marketplace,
                       case when n % 4 = 0 then 'agent-' || (n % 7) end
                from scale_plan
                """);
        // Odd messages are the customer's, even ones the shop's; the fifth is the customer's while
        // the conversation waits for the shop. One shop message in a hundred never got through.
        sql.add("""
                insert into message (id, conversation_id, channel_id, external_message_id, direction, author_role, author,
                    body, sent_at, received_at, starts_clock, reply_id, undelivered)
                select (n - 1) * 5 + k, n, channel_id, 'm-' || n || '-' || k, dir,
                       case when dir = 'INBOUND' then 'CUSTOMER' else 'SHOP' end,
                       case when dir = 'INBOUND' then 'Customer ' || n else 'agent-' || (n % 7) end,
                       'Message ' || k || ' of conversation ' || n || ', a line or two as customers write them.',
                       last_at - (5 - k) * step, last_at - (5 - k) * step + interval '1 minute',
                       dir = 'INBOUND',
                       case when k = 4 and r_reply < 0.2 then n end,
                       dir = 'OUTBOUND' and (n * 31 + k) % 100 = 0
                from (select p.*, k,
                             case when k % 2 = 1 and (k < 5 or status in ('NEEDS_REPLY', 'NO_REPLY_NEEDED')) then 'INBOUND'
                                  else 'OUTBOUND' end as dir
                      from scale_plan p cross join generate_series(1, 5) k) m
                """);
        sql.add("""
                insert into reply (id, conversation_id, channel_id, body, author, status, attempts, next_attempt_at,
                    external_message_id, created_at, sent_at)
                select n, n, channel_id, 'Your parcel is on its way.', 'agent-' || (n % 7), 'SENT', 1, last_at - step,
                       'ext-' || n, last_at - step, last_at - step
                from scale_plan where r_reply < 0.2
                """);
        // What the watch recorded already: every lead crossed by an open conversation, and the
        // breach warnings of one closed conversation in ten.
        sql.add("""
                insert into sla_alert (conversation_id, channel_id, clock_started_at, lead_seconds, due_at, status,
                    created_at, sent_at)
                select n, channel_id, last_at, lead, due, 'SENT', due - lead * interval '1 second',
                       due - lead * interval '1 second'
                from (select p.*, last_at + contract_hours * interval '1 hour' as due from scale_plan p
                      where status = 'NEEDS_REPLY') open
                cross join (values (14400), (3600), (0)) leads (lead)
                where due - lead * interval '1 second' <= %s
                union all
                select n, channel_id, last_at - 4 * step, 0, last_at - 4 * step + interval '24 hours', 'SENT',
                       last_at - 4 * step + interval '24 hours', last_at - 4 * step + interval '24 hours'
                from scale_plan where status = 'CLOSED' and n %% 10 = 0
                """.formatted(nowSql));
        // One customer per conversation, linked as ingest links them: without the links the service's
        // start-up would link a million conversations one by one (customer.CustomerBackfill).
        sql.add("insert into customer (id, display_name, name_key, created_at) select n, 'Customer ' || n, 'customer ' || n,"
                + " last_at from scale_plan");
        sql.add("insert into customer_conversation (conversation_id, customer_id, linked_at) select n, n, last_at from scale_plan");
        for (String table : List.of("conversation", "message", "reply", "sla_alert", "customer")) {
            sql.add("select setval(pg_get_serial_sequence('" + table + "', 'id'), (select coalesce(max(id), 0) + 1 from "
                    + table + "), false)");
        }
        sql.add("drop table scale_plan");
        // As a database that has been running a while: statistics known, visibility map set.
        sql.add("vacuum analyze");
        return sql;
    }
}
