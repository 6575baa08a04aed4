package org.caseledger.projections.accesslog;

import org.caseledger.platform.security.Reader;
import org.caseledger.projections.redaction.DataClass;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Collection;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes the trace every answer with personal data leaves: one row per answer, in the transaction that read the
 * data, so that no such answer goes out without its row (a row that cannot be written fails the answer).
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

    private void record(Reader reader, String endpoint, Disclosure disclosure) {
        jdbc.sql("""
                        INSERT INTO access_log (accessed_at, username, role, endpoint, case_ids, data_classes)
                        VALUES (:at, :user, :role, :endpoint, :caseIds, :classes)
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
