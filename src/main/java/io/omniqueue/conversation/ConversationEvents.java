package io.omniqueue.conversation;

import io.omniqueue.platform.SqlTime;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit trail of conversations: who did what and when. An event is written in the
 * transaction of the change it records, so the trail never tells of a change that was rolled
 * back, nor misses one that was committed.
 */
@Component
public class ConversationEvents {

    /** The actor of what the service does on its own: deliveries, clocks. */
    public static final String SYSTEM = "omniqueue";

    static final int MAX_ACTOR = 200;
    static final int MAX_DETAIL = 2000;
    /** Five parameters a row: far below any driver's limit on a statement's parameters. */
    static final int ROWS_PER_INSERT = 100;

    private final JdbcClient jdbc;
    private final Clock clock;

    ConversationEvents(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** An event to record with others ({@link #recordAll}). */
    public record Entry(long conversationId, ConversationEventKind kind, String actor, String detail) {
    }

    /** Records an event in the caller's transaction (which should hold the {@link ConversationLock}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void record(long conversationId, ConversationEventKind kind, String actor, String detail) {
        recordAll(List.of(new Entry(conversationId, kind, actor, detail)));
    }

    /**
     * Records several events in the caller's transaction (which should hold the {@link ConversationLock}
     * of each conversation) with one multi-row insert per {@value #ROWS_PER_INSERT}: a JDBC batch still
     * has the database run one statement a row, which cost PostgreSQL more than the rows' writes. The
     * events keep their order (their ids rise in the list's order).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void recordAll(List<Entry> entries) {
        Instant at = clock.instant();
        for (int from = 0; from < entries.size(); from += ROWS_PER_INSERT) {
            List<Entry> rows = entries.subList(from, Math.min(entries.size(), from + ROWS_PER_INSERT));
            StringBuilder sql = new StringBuilder("insert into conversation_event (conversation_id, at, actor, kind, detail) values ");
            MapSqlParameterSource parameters = new MapSqlParameterSource().addValue("at", SqlTime.param(at));
            for (int i = 0; i < rows.size(); i++) {
                Entry e = rows.get(i);
                sql.append(i == 0 ? "" : ", ").append("(:conversation%1$d, :at, :actor%1$d, :kind%1$d, :detail%1$d)".formatted(i));
                parameters.addValue("conversation" + i, e.conversationId())
                        .addValue("actor" + i, cut(e.actor(), MAX_ACTOR))
                        .addValue("kind" + i, e.kind().name())
                        .addValue("detail" + i, cut(e.detail(), MAX_DETAIL));
            }
            jdbc.sql(sql.toString()).paramSource(parameters).update();
        }
    }

    /** The conversation's trail, oldest first (in the order the events were written). */
    public List<ConversationEvent> of(long conversationId) {
        return jdbc.sql("select id, at, actor, kind, detail from conversation_event where conversation_id = :id order by id")
                .param("id", conversationId)
                .query((rs, n) -> new ConversationEvent(rs.getLong("id"), SqlTime.read(rs, "at"), rs.getString("actor"),
                        ConversationEventKind.valueOf(rs.getString("kind")), rs.getString("detail")))
                .list();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
