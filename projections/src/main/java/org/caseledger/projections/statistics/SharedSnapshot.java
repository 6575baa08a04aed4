package org.caseledger.projections.statistics;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The connections one statistics answer reads on, all of them in one state of the read model. The answer's first
 * connection opens a read-only {@code REPEATABLE READ} transaction and exports its snapshot
 * ({@code pg_export_snapshot()}); each statement run beside it opens a transaction of its own on another connection
 * and takes that snapshot ({@code SET TRANSACTION SNAPSHOT}) before it reads. So a case, fact or appeal committed
 * while an answer is read is counted by every statement of the answer or by none, as if they had been read one after
 * another in one transaction, which they are when no connection is free beside the first.
 *
 * <p>The connections beside the first are few, for all answers together, as the pool is shared with the consumers:
 * an answer that does not find as many free as it has statements beside its first takes none and reads its statements
 * one after another, rather than wait for a connection while it holds one. The first transaction stays open until
 * every statement beside it has ended, as a snapshot can be taken only while the transaction that exported it lasts;
 * the first statement that fails fails the answer, the statements beside it not started by then are not run, and
 * those running are cancelled.
 *
 * <p>No statement of an answer reads for longer than the statement timeout
 * ({@code caseledger.statistics.statement-timeout}): PostgreSQL cancels it, the answer fails with a
 * {@link org.springframework.dao.QueryTimeoutException}, and its connections and snapshot are given back rather than
 * held for as long as a runaway statement would read.
 */
@Component
class SharedSnapshot {

    /** What {@code pg_export_snapshot()} returns; checked, as {@code SET TRANSACTION SNAPSHOT} takes no parameter. */
    private static final Logger log = LoggerFactory.getLogger(SharedSnapshot.class);

    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?");

    private final DataSource dataSource;
    private final Executor statements;
    private final Semaphore beside;
    private final String statementTimeout;

    /**
     * @param statements  the threads the statements beside the first run on: at least as many as {@code connections}
     * @param connections how many connections all answers together may read on beside their first; 0 reads every
     *                    answer one statement after another
     * @param timeout     how long one statement may read before it is cancelled; zero for as long as it takes
     */
    @Autowired
    SharedSnapshot(DataSource dataSource, @Qualifier("statisticsStatements") Executor statements,
                   @Value("${caseledger.statistics.connections-beside}") int connections,
                   @Value("${caseledger.statistics.statement-timeout}") Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("caseledger.statistics.statement-timeout must not be negative: "
                    + timeout);
        }
        this.dataSource = dataSource;
        this.statements = statements;
        this.beside = new Semaphore(connections);
        this.statementTimeout = "SET LOCAL statement_timeout = " + timeout.toMillis();
    }

    /** Statements that read for as long as they take, as the benchmarks time them. */
    SharedSnapshot(DataSource dataSource, Executor statements, int connections) {
        this(dataSource, statements, connections, Duration.ZERO);
    }

    /** One answer's statements in one state: the reader is given the first connection and a way to read beside it. */
    <T> T read(int statementsBeside, Function<Reading, T> answer) {
        boolean sideBySide = statementsBeside > 0 && beside.tryAcquire(statementsBeside);
        try (Connection first = connection()) {
            begin(first);
            limit(first);
            Reading reading = new Reading(first, sideBySide ? exported(first) : null);
            try {
                T answered = answer.apply(reading);
                reading.awaitBeside();
                first.commit();
                return answered;
            } catch (RuntimeException | Error failure) {
                reading.abandon();
                rollBack(first, failure);
                throw failure;
            }
        } catch (SQLException e) {
            throw failed("statistics: the first connection", e);
        } finally {
            if (sideBySide) {
                beside.release(statementsBeside);
            }
        }
    }

    /** The statements of one answer: on its first connection, or beside it in the same snapshot. */
    final class Reading {

        private final JdbcClient first;
        private final String snapshot;
        private final List<CompletableFuture<?>> started = new ArrayList<>();
        private final Set<Connection> reading = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean abandoned = new AtomicBoolean();

        private Reading(Connection first, String snapshot) {
            this.first = client(first);
            this.snapshot = snapshot;
        }

        /** The answer's first connection, in its transaction. */
        JdbcClient first() {
            return first;
        }

        /**
         * The statement run on a connection of its own in the answer's snapshot, or, where the answer found no
         * connections free beside its first, on the first, now. Its result, or its failure as it was raised, is had
         * from the supplier.
         */
        <T> Supplier<T> beside(Function<JdbcClient, T> statement) {
            if (snapshot == null) {
                T result = statement.apply(first);
                return () -> result;
            }
            CompletableFuture<T> running = CompletableFuture.supplyAsync(() -> imported(statement), statements);
            started.add(running);
            return () -> joined(running);
        }

        private <T> T imported(Function<JdbcClient, T> statement) {
            if (abandoned.get()) {
                throw new CancellationException("the answer failed before this statement began");
            }
            try (Connection connection = connection()) {
                begin(connection);
                try {
                    try (Statement set = connection.createStatement()) {
                        set.execute("SET TRANSACTION SNAPSHOT '" + snapshot + "'");
                    }
                    limit(connection);
                    T result = readCancellably(connection, statement);
                    connection.commit();
                    return result;
                } catch (RuntimeException | Error failure) {
                    rollBack(connection, failure);
                    throw failure;
                }
            } catch (SQLException e) {
                throw failed("statistics: a statement beside the first", e);
            }
        }

        /** Every statement beside the first ended; the first failure among them raised. */
        private void awaitBeside() {
            started.forEach(SharedSnapshot::joined);
        }

        /**
         * The statement, cancellable by {@link #abandon()} while it reads: a statement that begins after the answer
         * was abandoned is not run.
         */
        private <T> T readCancellably(Connection connection, Function<JdbcClient, T> statement) {
            reading.add(connection);
            try {
                if (abandoned.get()) {
                    throw new CancellationException("the answer failed before this statement began");
                }
                return statement.apply(client(connection));
            } finally {
                reading.remove(connection);
            }
        }

        /**
         * Statements not yet begun are not run, and those reading are cancelled; they are waited for, as they read
         * the first's snapshot, which must last until they have ended.
         */
        private void abandon() {
            abandoned.set(true);
            reading.forEach(SharedSnapshot::cancel);
            for (CompletableFuture<?> running : started) {
                try {
                    running.join();
                } catch (CompletionException | CancellationException ignored) {
                    // The answer fails with the failure that abandoned it.
                }
            }
        }
    }

    private static <T> T joined(CompletableFuture<T> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error failure) {
                throw failure;
            }
            throw e;
        }
    }

    private Connection connection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new CannotGetJdbcConnectionException("statistics: no connection to read on", e);
        }
    }

    /**
     * Asks PostgreSQL to cancel what the connection is reading. A cancel that arrives once the statement has ended
     * cancels nothing, and a cancel that cannot be sent leaves the statement to end by itself: either way the answer
     * fails with the failure that abandoned it.
     */
    private static void cancel(Connection connection) {
        try {
            connection.unwrap(PGConnection.class).cancelQuery();
        } catch (SQLException e) {
            log.debug("A statistics statement could not be cancelled; it is waited for: {}", e.getMessage());
        }
    }

    private void limit(Connection connection) throws SQLException {
        try (Statement set = connection.createStatement()) {
            set.execute(statementTimeout);
        }
    }

    private static void begin(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.setReadOnly(true);
    }

    /** Ends a transaction that failed; a failure to end it is added to the failure, which is the one to tell. */
    private static void rollBack(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    private static String exported(Connection first) {
        String snapshot = client(first).sql("SELECT pg_export_snapshot()").query(String.class).single();
        if (!SNAPSHOT_ID.matcher(snapshot).matches()) {
            throw new IllegalStateException("not a snapshot: " + snapshot);
        }
        return snapshot;
    }

    private static JdbcClient client(Connection connection) {
        return JdbcClient.create(new SingleConnectionDataSource(connection, true));
    }

    private static DataAccessException failed(String task, SQLException e) {
        DataAccessException translated = new SQLStateSQLExceptionTranslator().translate(task, null, e);
        return translated != null ? translated : new UncategorizedSQLException(task, null, e);
    }
}
