package io.omniqueue.quarantine;

import io.omniqueue.platform.SqlTime;
import java.time.Instant;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A customer's erasure reaches the quarantine too: an entry whose payload, reason or corrections
 * name one of the person's identifiers (an e-mail address, a marketplace's buyer id, an order
 * number) is emptied and discarded, so a payload that never became a conversation does not keep
 * what was erased. Only identifiers long enough to be the person's are looked for: a short one
 * would match other people's entries, and discarding those would lose their messages.
 */
@Service
public class QuarantineErasure {

    /** Identifiers shorter than this are not searched for (too likely to occur in unrelated payloads). */
    static final int SHORTEST = 6;
    static final String ERASED = "erased: it named a customer whose personal data was erased";

    private final JdbcClient jdbc;

    QuarantineErasure(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return how many entries were emptied */
    public int eraseMentioning(Collection<String> identifiers, Instant now) {
        Set<String> needles = identifiers.stream().filter(v -> v != null && v.strip().length() >= SHORTEST)
                .map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).collect(Collectors.toSet());
        Set<Long> ids = new TreeSet<>();
        for (String needle : needles) {
            String pattern = "%" + needle.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
            ids.addAll(jdbc.sql("""
                    select q.id from quarantine q
                    where lower(q.payload) like :p escape '!' or lower(q.reason) like :p escape '!'
                       or exists (select 1 from quarantine_retry r where r.quarantine_id = q.id
                                  and (lower(r.correction) like :p escape '!' or lower(r.detail) like :p escape '!'))""")
                    .param("p", pattern).query(Long.class).list());
        }
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("update quarantine_retry set correction = null, detail = :erased where quarantine_id in (:ids)")
                .param("erased", ERASED).param("ids", ids).update();
        jdbc.sql("""
                update quarantine set payload = '', reason = :erased,
                       discarded_at = coalesce(discarded_at, :now), discarded_by = coalesce(discarded_by, 'privacy'),
                       discard_reason = coalesce(discard_reason, 'personal data erased')
                where id in (:ids)""")
                .param("erased", ERASED).param("now", SqlTime.param(now)).param("ids", ids).update();
        return ids.size();
    }
}
