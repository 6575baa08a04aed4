package org.caseledger.platform.axon;

import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.axonframework.common.jdbc.JdbcUtils.closeQuietly;
import static org.axonframework.common.jdbc.JdbcUtils.executeQuery;
import static org.axonframework.common.jdbc.JdbcUtils.nextAndExtract;

/**
 * Axon's JDBC storage engine, reading an aggregate in one round trip where Axon's takes three.
 *
 * <p>Axon reads an aggregate's events by sequence-number range ({@code >= first AND < first + batch}) and, since a
 * short range can hide events behind a gap, fetches range after range until one comes back empty: for an aggregate of
 * a few events, a second query that finds nothing. Here the query asks for the next {@link #BATCH_SIZE} events at or
 * after {@code first}, whatever their numbers ({@code ORDER BY … LIMIT}), so a batch shorter than that is the last
 * one, gaps or none, and the engine stops there. A full batch is still followed by another read.
 *
 * <p>Before the events, Axon's event store looks for a snapshot of the aggregate. The ledger takes no snapshots (no
 * aggregate names a snapshot trigger, and the store never held one), so that lookup always missed; this engine
 * answers it without asking the database, and refuses to store a snapshot, so that a trigger added later fails loudly
 * instead of writing snapshots that are never read. A snapshot is a cache of the events: reading without one gives the
 * same aggregate. Two instances appending to one aggregate still meet at the table's unique key on aggregate and
 * sequence number, which makes the loser's append a conflict (409).
 *
 * <p>Axon's embedded event store reads the store for the readers that keep up with it in one thread of its own, which
 * asks for the events after the newest it holds with {@code mayBlock} set, and keeps every event of one read reachable
 * from the one it held when the read began until the read ends; Axon's stream ends only when a query finds nothing.
 * When every such reader has fallen more than the store's cache behind and reads on its own (the publisher during a
 * large import), that thread stops where it was; when a reader catches up and joins it again, its next read is all
 * that was appended since, held at once: after an import of 60,000 rows, 126,201 events in a heap of 384 MB, or the
 * service running out of it (docs/imports.md). Here that read ends after one batch
 * ({@link #readEventData(TrackingToken, boolean)}); the event store reads the next at once, from the last event it
 * holds, so it holds at most a batch beyond its cache. Readers of their own ({@code mayBlock} not set) read on until
 * nothing is left, as in Axon.
 *
 * <p>A place (global index) an append took and never committed — its transaction rolled back: a 409, a batch of an
 * import refused at its commit — is a gap that Axon's tokens carry, since an open transaction's place looks the same.
 * Every event read after it gets a token of its own with a copy of every such gap up to 10,000 places back, for as
 * long as the events next to the gap are under a minute old; the event store's cache holds 10,000 such events, and
 * the publisher writes the gaps into every record's {@code store-position-gaps}. 5,000 places rolled back at once
 * filled case-service's heap of 768 MB within seconds of the next commands, and it stopped on
 * {@code OutOfMemoryError} (deploy/local/README.md, "Places an append took and never committed"). Before it reads,
 * this engine drops a token's gaps at or below the settled place that hold no event: the settled place is the highest
 * read while holding exclusively the lock every append holds shared from taking its place until it ends
 * ({@link #APPEND_LOCK}), so that every place up to it was committed or is gone for good; a place committed after the
 * token's read is still to be read, so the gaps are dropped only below the first that holds an event, which the read
 * then reads. It asks for the settled place only when a token brings more than
 * {@value #GAPS_WORTH_SETTLING} gaps, at most every {@value #SETTLE_EVERY_MILLIS} ms, and without waiting: while an
 * append is open it learns nothing new and drops nothing above what it knew, so the gaps of transactions still open
 * are kept, and their events read when they come.
 */
public final class JdbcStorageEngine extends JdbcEventStorageEngine {

    /** Axon's default: events of one aggregate read per query. */
    public static final int BATCH_SIZE = 100;
    /**
     * The advisory lock every append holds shared from taking its place (db/axon V0_1_3's trigger) until its
     * transaction ends; held exclusively, no append is open.
     */
    public static final long APPEND_LOCK = 7316480001L;
    /** More gaps than this in a token make a read ask for the settled place first. */
    static final int GAPS_WORTH_SETTLING = 64;
    static final long SETTLE_EVERY_MILLIS = 200;

    /** The highest place known to be settled: every place up to it committed or gone for good; -1 before any. */
    private volatile long settled = -1;
    private volatile long askedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(SETTLE_EVERY_MILLIS);

    private JdbcStorageEngine(Builder builder) {
        super(builder);
    }

    /**
     * The engine Axon's builder describes, with this engine's aggregate read: its batch size is set here, since the
     * last-batch test depends on it.
     */
    public static JdbcStorageEngine of(JdbcEventStorageEngine.Builder builder) {
        builder.batchSize(BATCH_SIZE)
                .finalAggregateBatchPredicate(batch -> batch.size() < BATCH_SIZE);
        builder.readEventDataForAggregate(JdbcStorageEngine::nextEventsOf);
        return new JdbcStorageEngine(builder);
    }

    /**
     * The place (global index) of the event with this identifier, if the store holds it: one lookup in the unique
     * index on the identifier. In the current transaction when there is one.
     */
    public Optional<Long> placeOf(String eventIdentifier) {
        EventSchema schema = schema();
        return Optional.ofNullable(executeQuery(getConnection(), connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT " + schema.globalIndexColumn()
                    + " FROM " + schema.domainEventTable() + " WHERE " + schema.eventIdentifierColumn() + " = ?");
            statement.setString(1, eventIdentifier);
            return statement;
        }, resultSet -> nextAndExtract(resultSet, 1, Long.class),
                e -> new EventStoreException("Could not look up the place of event " + eventIdentifier, e)));
    }

    private static PreparedStatement nextEventsOf(Connection connection, EventSchema schema, String aggregateId,
                                                  long firstSequenceNumber, int batchSize) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(
                "SELECT " + schema.domainEventFields() + " FROM " + schema.domainEventTable()
                        + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND "
                        + schema.sequenceNumberColumn() + " >= ? ORDER BY " + schema.sequenceNumberColumn()
                        + " LIMIT ?");
        statement.setString(1, aggregateId);
        statement.setLong(2, firstSequenceNumber);
        statement.setInt(3, batchSize);
        return statement;
    }

    /**
     * The events after {@code token}: for the event store's shared reader ({@code mayBlock}), one batch, so that each
     * of its reads ends and lets go of what it read; for every other reader, all of them.
     */
    @Override
    protected Stream<? extends TrackedEventData<?>> readEventData(TrackingToken token, boolean mayBlock) {
        Stream<? extends TrackedEventData<?>> events = super.readEventData(token, mayBlock);
        return mayBlock ? events.limit(batchSize()) : events;
    }

    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return super.fetchTrackedEvents(withoutSettledGaps(lastToken), batchSize);
    }

    /**
     * The token without the gaps at or below the settled place that hold no event; asks for that place when the gaps
     * are many.
     */
    private TrackingToken withoutSettledGaps(TrackingToken token) {
        if (!(token instanceof GapAwareTrackingToken gapAware) || gapAware.getGaps().isEmpty()) {
            return token;
        }
        if (gapAware.getGaps().size() > GAPS_WORTH_SETTLING && gapAware.getGaps().last() > settled
                && System.nanoTime() - askedAt >= TimeUnit.MILLISECONDS.toNanos(SETTLE_EVERY_MILLIS)) {
            askedAt = System.nanoTime();
            settledPlace().ifPresent(place -> settled = Math.max(settled, place));
        }
        long upTo = settled;
        if (gapAware.getGaps().first() > upTo) {
            return token;
        }
        // A place settled since the token was made may hold an event committed after the read that made it: the
        // gaps are dropped up to the first such place only, and that event is read now.
        long keptFrom = firstStored(gapAware.getGaps().headSet(upTo + 1)).orElse(upTo + 1);
        return keptFrom > gapAware.getGaps().first() ? gapAware.withGapsTruncatedAt(keptFrom) : token;
    }

    /** The lowest of these places that holds an event, if one does. */
    private Optional<Long> firstStored(SortedSet<Long> places) {
        EventSchema schema = schema();
        return Optional.ofNullable(executeQuery(getConnection(), connection -> {
            PreparedStatement statement = connection.prepareStatement("SELECT min(" + schema.globalIndexColumn()
                    + ") FROM " + schema.domainEventTable() + " WHERE " + schema.globalIndexColumn() + " = ANY(?)");
            statement.setArray(1, connection.createArrayOf("bigint", places.toArray(Long[]::new)));
            return statement;
        }, resultSet -> nextAndExtract(resultSet, 1, Long.class),
                e -> new EventStoreException("Could not look for events at the places settled", e)));
    }

    /**
     * The highest place stored, read while holding {@link #APPEND_LOCK} exclusively, if no append holds it now: on a
     * connection outside any transaction, each statement its own, so that the place is read after the lock is held
     * and sees every append that ended before, and the lock is let go at once. Inside a transaction nothing is asked
     * (a statement failing there would leave the lock held by the pooled connection).
     */
    private Optional<Long> settledPlace() {
        EventSchema schema = schema();
        Connection connection = getConnection();
        try {
            if (!connection.getAutoCommit()) {
                return Optional.empty();
            }
            if (!Boolean.TRUE.equals(single(connection, "SELECT pg_try_advisory_lock(" + APPEND_LOCK + ")",
                    Boolean.class))) {
                return Optional.empty();
            }
            try {
                return Optional.of(single(connection, "SELECT coalesce(max(" + schema.globalIndexColumn() + "), 0)"
                        + " FROM " + schema.domainEventTable(), Long.class));
            } finally {
                single(connection, "SELECT pg_advisory_unlock(" + APPEND_LOCK + ")", Boolean.class);
            }
        } catch (SQLException e) {
            throw new EventStoreException("Could not read the settled place of the event store", e);
        } finally {
            closeQuietly(connection);
        }
    }

    private static <T> T single(Connection connection, String sql, Class<T> type) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet resultSet = statement.executeQuery()) {
            return nextAndExtract(resultSet, 1, type);
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        return Stream.empty();
    }

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        throw new UnsupportedOperationException("The ledger takes no snapshots, and its storage engine reads none "
                + "(JdbcStorageEngine): a snapshot trigger needs its lookup back first");
    }
}
