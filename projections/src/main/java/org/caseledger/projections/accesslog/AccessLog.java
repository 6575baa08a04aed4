package org.caseledger.projections.accesslog;

import org.caseledger.platform.security.Reader;
import org.caseledger.projections.redaction.DataClass;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the trace every answer with personal data leaves: one row per answer, in the transaction that read the
 * data, so that no such answer goes out without its row (a row that cannot be written fails the answer).
 *
 * <p>That transaction commits without waiting for its write-ahead log to reach the disk ({@code synchronous_commit}
 * off for it alone): the row is committed, visible and in the log before the answer leaves, and on disk within the
 * WAL writer's next rounds (a fraction of a second). Waiting for the flush cost a logged read several milliseconds on
 * a busy disk, more than the read itself (docs/access.md has the figures); what is given up is only this: should the
 * database server itself crash in that fraction of a second, rows of answers given in it are lost. A crash of this
 * service loses nothing. The setting is local to the transaction, so every other write keeps waiting for the disk.
 */
@Component
public class AccessLog {

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    AccessLog(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** What an answer holds of whom: the cases whose personal data it shows, and which classes of it. */
    public record Disclosure(Collection<String> caseIds, Set<DataClass> classes) {

        public boolean isEmpty() {
            return caseIds.isEmpty() || classes.isEmpty();
        }
    }

    /**
     * Reads an answer and logs what it discloses, in one transaction.
     *
     * @param endpoint  the operation as its path template reads, e.g. {@code GET /api/cases/{caseId}}
     * @param read      reads the answer, redacted for the reader
     * @param disclosed what the redacted answer still shows; nothing is logged when it shows no personal data
     */
    public <T> T read(Reader reader, String endpoint, Supplier<T> read, Function<T, Disclosure> disclosed) {
        return transactions.execute(status -> {
            T answer = read.get();
            Disclosure disclosure = disclosed.apply(answer);
            if (!disclosure.isEmpty()) {
                record(reader, endpoint, disclosure);
            }
            return answer;
        });
    }

    /**
     * Logs, before an answer too large to hold is streamed, the cases whose personal data it will show: those the
     * query {@code selectCaseIds} selects (one column, the case id). The row is committed at once, so nothing of the
     * answer leaves before it; the answer then shows a person only where that row names the case
     * ({@code access_log.case_ids} of the entry returned). Empty, and nothing logged, when the query selects none.
     */
    public Optional<Long> recordStreamed(Reader reader, String endpoint, String selectCaseIds,
                                         Map<String, Object> params, Set<DataClass> classes) {
        return jdbc.sql("""
                        INSERT INTO access_log (accessed_at, username, role, endpoint, case_ids, data_classes)
                        SELECT CAST(:at AS TIMESTAMPTZ), :user, :role, :endpoint, shown.case_ids,
                               CAST(:classes AS TEXT[])
                          FROM (SELECT array_agg(selected.case_id) AS case_ids
                                  FROM (%s) AS selected(case_id)) AS shown
                         WHERE shown.case_ids IS NOT NULL
                        RETURNING entry_id
                        """.formatted(selectCaseIds))
                .params(params)
                .param("at", Timestamp.from(clock.instant()))
                .param("user", reader.user())
                .param("role", reader.role().name())
                .param("endpoint", endpoint)
                .param("classes", classes.stream().sorted().map(Enum::name).toArray(String[]::new))
                .query(Long.class)
                .optional();
    }

    /** One statement, so a logged read costs the database one round trip more than one that logs nothing. */
    private void record(Reader reader, String endpoint, Disclosure disclosure) {
        jdbc.sql("""
                        INSERT INTO access_log (accessed_at, username, role, endpoint, case_ids, data_classes)
                        SELECT CAST(:at AS TIMESTAMPTZ), :user, :role, :endpoint, CAST(:caseIds AS TEXT[]),
                               CAST(:classes AS TEXT[])
                          FROM (SELECT set_config('synchronous_commit', 'off', true)) AS this_transaction_only
                        """)
                .param("at", Timestamp.from(clock.instant()))
                .param("user", reader.user())
                .param("role", reader.role().name())
                .param("endpoint", endpoint)
                .param("caseIds", disclosure.caseIds().stream().distinct().toArray(String[]::new))
                .param("classes", disclosure.classes().stream().sorted().map(Enum::name).toArray(String[]::new))
                .update();
    }
}
