package org.caseledger.projections.statistics;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * the first statement that fails fails the answer, and the statements beside it not started by then are not run.
 */
@Component
class SharedSnapshot {

    /** What {@code pg_export_snapshot()} returns; checked, as {@code SET TRANSACTION SNAPSHOT} takes no parameter. */
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9A-F]+-[0-9A-F]+(-[0-9A-F]+)?");

    private final DataSource dataSource;
    private final Executor statements;
    private final Semaphore beside;

    /**
     * @param statements  the threads the statements beside the first run on: at least as many as {@code connections}
     * @param connections how many connections all answers together may read on beside their first; 0 reads every
     *                    answer one statement after another
     */
    SharedSnapshot(DataSource dataSource, @Qualifier("statisticsStatements") Executor statements,
                   @Value("${caseledger.statistics.connections-beside}") int connections) {
        this.dataSource = dataSource;
        this.statements = statements;
        this.beside = new Semaphore(connections);
    }

    /** One answer's statements in one state: the reader is given the first connection and a way to read beside it. */
    <T> T read(int statementsBeside, Function<Reading, T> answer) {
        boolean sideBySide = statementsBeside > 0 && beside.tryAcquire(statementsBeside);
        try (Connection first = connection()) {
            begin(first);
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
                    T result = statement.apply(client(connection));
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

        /** Statements not yet begun are not run; those running are waited for, as they read the first's snapshot. */
        private void abandon() {
            abandoned.set(true);
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
