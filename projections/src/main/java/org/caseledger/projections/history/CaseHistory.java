package org.caseledger.projections.history;

import org.caseledger.api.EventCatalogue;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A case as the ledger knew it at a past moment, by recording time: a read model's own fold (its projection's
 * handlers) applied to the events of the case recorded by then, and read with the model's own query, so that the
 * answer then and the answer now cannot follow different rules.
 *
 * <p>The fold writes where the live model does, by the same table names, but into temporary tables of the same shape
 * that shadow the live ones for this transaction alone (PostgreSQL looks in a session's temporary schema first),
 * inside a savepoint that is always rolled back: nothing of it outlives the read, and should a table not be shadowed,
 * the read is refused before anything is folded. The caller's transaction goes on, e.g. to write its access log row.
 *
 * <p>What was known at a moment is the case's events up to the first one recorded after it: a case's events are
 * stored in sequence, so the known part of its history has no gaps, whatever the clocks of the instances that stored
 * them said.
 */
@Component
public class CaseHistory {

    private static final Pattern TABLE_NAME = Pattern.compile("[a-z_]+");
    private static final String VISIBILITY_CHANGED = EventCatalogue.nameOf(CaseVisibilityChanged.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    CaseHistory(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * A read model's fold: the tables its projection writes and its queries read, and the projection.
     *
     * @param tables names of the live model's tables, each shadowed for the fold
     */
    public record Fold(List<String> tables, EventProjection projection) {

        public Fold {
            tables = List.copyOf(tables);
            tables.forEach(table -> {
                if (!TABLE_NAME.matcher(table).matches()) {
                    throw new IllegalArgumentException("Not a table of a read model: " + table);
                }
            });
        }
    }

    /**
     * Reads a case as it was known at {@code asOf}; empty when nothing of it had been recorded by then.
     *
     * @param read the model's query over the folded tables, given the case's visibility as it stands now (as the
     *             whole history says; null when never stated), since a later decision to protect a case protects
     *             what was known of it before
     */
    public <T> Optional<T> asKnownAt(String caseId, Instant asOf, Fold fold,
                                     Function<Visibility, Optional<T>> read) {
        return savepoint.execute(transaction -> {
            transaction.setRollbackOnly();
            List<ConsumedEvent> known = knownAt(caseId, asOf);
            if (known.isEmpty()) {
                return Optional.<T>empty();
            }
            Visibility now = visibilityNow(caseId);
            fold.tables().forEach(this::shadow);
            known.forEach(fold.projection()::apply);
            return read.apply(now);
        });
    }

    private void shadow(String table) {
        jdbc.sql("CREATE TEMPORARY TABLE " + table + " (LIKE " + table + " INCLUDING ALL) ON COMMIT DROP").update();
        String persistence = jdbc.sql("SELECT relpersistence FROM pg_class WHERE oid = to_regclass(:table)")
                .param("table", table)
                .query(String.class)
                .single();
        if (!"t".equals(persistence)) {
            throw new IllegalStateException("Table " + table + " is not shadowed by a temporary one; a fold into it "
                    + "would reach the live model");
        }
    }

    private List<ConsumedEvent> knownAt(String caseId, Instant asOf) {
        return jdbc.sql("""
                        SELECT sequence, event_id, type, revision, recorded_at, recorded_by,
                               CAST(payload AS TEXT) AS payload
                          FROM case_history
                         WHERE case_id = :caseId
                           AND sequence < COALESCE((SELECT min(sequence) FROM case_history
                                                     WHERE case_id = :caseId AND recorded_at > :asOf),
                                                   9223372036854775807)
                         ORDER BY sequence
                        """)
                .param("caseId", caseId)
                .param("asOf", Timestamp.from(asOf))
                .query((rs, n) -> new ConsumedEvent(rs.getString("type"), rs.getString("revision"),
                        rs.getString("event_id"), caseId, rs.getLong("sequence"),
                        rs.getTimestamp("recorded_at").toInstant(), Optional.ofNullable(rs.getString("recorded_by")),
                        Optional.empty(), EventJson.readPayload(rs.getString("type"), rs.getString("payload")),
                        Topics.CASES, -1, -1, () -> {
                        }))
                .list();
    }

    private Visibility visibilityNow(String caseId) {
        List<String> latest = jdbc.sql("""
                        SELECT payload ->> 'visibility' FROM case_history
                         WHERE case_id = :caseId AND type = :type
                         ORDER BY sequence DESC
                         LIMIT 1
                        """)
                .param("caseId", caseId)
                .param("type", VISIBILITY_CHANGED)
                .query(String.class)
                .list();
        return latest.isEmpty() || latest.get(0) == null ? null : Visibility.valueOf(latest.get(0));
    }
}
