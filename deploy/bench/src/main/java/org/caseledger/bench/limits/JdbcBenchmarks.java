package org.caseledger.bench.limits;

import org.caseledger.bench.stack.DatabaseLogin;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * What PostgreSQL itself allows, with the stack's durability settings: single-row commits (each waits for its WAL
 * flush, as a command's transaction does), batched inserts, and reads by key. Each JMH thread is one client with its
 * own connection.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class JdbcBenchmarks {

    static final int BATCH = 1_000;

    /** Set before JMH runs; it creates the states itself, in this JVM (the limits run without a fork). */
    static volatile DatabaseLogin login;

    private static final String INSERT = """
            INSERT INTO scratch_event (aggregateidentifier, sequencenumber, eventidentifier, metadata, payload, timestamp)
            VALUES (?, ?, ?, ?, ?, ?)""";

    @Benchmark
    public int commitOneRow(Writer writer) throws SQLException {
        return writer.insertOne();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int insertBatch(BatchWriter writer) throws SQLException {
        return writer.insertBatch();
    }

    @Benchmark
    public boolean selectByKey(Reader reader) throws SQLException {
        return reader.selectOne();
    }

    /** One client committing each row on its own, as its own aggregate's next event. */
    @State(Scope.Thread)
    public static class Writer {

        Connection connection;
        PreparedStatement insert;
        final String aggregate = UUID.randomUUID().toString();
        long sequence;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            connection = login.connect(ScratchDatabase.NAME);
            connection.setAutoCommit(true);
            insert = connection.prepareStatement(INSERT);
        }

        int insertOne() throws SQLException {
            bind(insert, aggregate, sequence++);
            return insert.executeUpdate();
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** One client inserting {@value #BATCH} rows per transaction. */
    @State(Scope.Thread)
    public static class BatchWriter {

        Connection connection;
        PreparedStatement insert;
        final String aggregate = UUID.randomUUID().toString();
        long sequence;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            connection = login.connect(ScratchDatabase.NAME);
            connection.setAutoCommit(false);
            insert = connection.prepareStatement(INSERT);
        }

        int insertBatch() throws SQLException {
            for (int i = 0; i < BATCH; i++) {
                bind(insert, aggregate, sequence++);
                insert.addBatch();
            }
            int rows = insert.executeBatch().length;
            connection.commit();
            return rows;
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    /** One client reading rows by primary key, among those the writers left. */
    @State(Scope.Thread)
    public static class Reader {

        Connection connection;
        PreparedStatement select;
        long highest;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            connection = login.connect(ScratchDatabase.NAME);
            try (Statement statement = connection.createStatement();
                 ResultSet max = statement.executeQuery("SELECT max(globalindex) FROM scratch_event")) {
                max.next();
                highest = max.getLong(1);
            }
            if (highest == 0) {
                throw new IllegalStateException("scratch_event is empty; the writers run before the readers");
            }
            select = connection.prepareStatement("SELECT payload FROM scratch_event WHERE globalindex = ?");
        }

        boolean selectOne() throws SQLException {
            select.setLong(1, ThreadLocalRandom.current().nextLong(1, highest + 1));
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            connection.close();
        }
    }

    private static void bind(PreparedStatement insert, String aggregate, long sequence) throws SQLException {
        insert.setString(1, aggregate);
        insert.setLong(2, sequence);
        insert.setString(3, UUID.randomUUID().toString());
        insert.setBytes(4, SampleEvent.METADATA);
        insert.setBytes(5, SampleEvent.PAYLOAD);
        insert.setString(6, Instant.now().toString());
    }
}
