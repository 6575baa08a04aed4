package org.caseledger.projections;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.axonframework.serialization.Revision;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.EventHeaders;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events as a consumer hands them to a read model, for tests that call a projection's apply code themselves, with
 * no consumer and no Spring context between: a failing apply then fails the test at once instead of parking the
 * consumer until an await gives up. Counts the redeliveries the projection reports, as the consumer does.
 */
public final class ProjectedEvents {

    /** Who the events say recorded them. */
    public static final String RECORDER = "volunteer.aigerim";
    private static final Instant FIRST_RECORDED = Instant.parse("2019-03-02T10:15:30Z");

    private final AtomicInteger appliedBefore = new AtomicInteger();

    /**
     * The projections' tables in a database of the test server of their own, migrated by the owner as the service's
     * are, used through the role the service connects as: over one connection kept open, since a connection opened
     * per statement costs more than the statement.
     */
    public static JdbcClient migratedDatabase(String name) {
        return JdbcClient.create(migratedDataSource(name));
    }

    /** The same, as the one connection's data source, for a test that runs its statements in transactions too. */
    public static SingleConnectionDataSource migratedDataSource(String name) {
        TestDatabase database = RealInfrastructure.get().database(name);
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/migration", "classpath:db/consumer")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .outOfOrder(true)
                .load()
                .migrate();
        return new SingleConnectionDataSource(database.jdbcUrl(), database.runtimeRole(), database.runtimePassword(),
                true);
    }

    /** The event as current producers publish it: its type's revision, a new event id. */
    public ConsumedEvent of(String caseId, long sequence, Object payload) {
        return of(caseId, sequence, payload, UUID.randomUUID().toString());
    }

    /** The same event again, as a redelivery or a repeated publication carries it: its id unchanged. */
    public ConsumedEvent of(String caseId, long sequence, Object payload, String eventId) {
        Revision revision = payload.getClass().getAnnotation(Revision.class);
        return of(caseId, sequence, revision == null ? "1" : revision.value(), payload, eventId);
    }

    /**
     * The event as it comes from the topic: its personal values sealed by the codec, read by the consumer with the
     * same codec, so that they are opened only if a handler asks for them.
     */
    public ConsumedEvent sealed(String caseId, long sequence, Object payload, PersonalDataCodec codec) {
        Revision revision = payload.getClass().getAnnotation(Revision.class);
        RecordHeaders headers = new RecordHeaders();
        Map.of(EventHeaders.EVENT_TYPE, EventCatalogue.nameOf(payload.getClass()),
                        EventHeaders.EVENT_REVISION, revision == null ? "1" : revision.value(),
                        EventHeaders.EVENT_ID, UUID.randomUUID().toString(),
                        EventHeaders.AGGREGATE_ID, caseId,
                        EventHeaders.SEQUENCE, Long.toString(sequence),
                        EventHeaders.TIMESTAMP, recordedAt(sequence).toString(),
                        EventHeaders.RECORDED_BY, RECORDER)
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return ConsumedEvent.from(new ConsumerRecord<>("caseledger.cases.v1", 0, sequence, 0L,
                TimestampType.CREATE_TIME, 0, 0, caseId, codec.sealToBytes(payload), headers, Optional.empty()), codec);
    }

    /**
     * An event stored at the same moment as the one of an earlier sequence, as a command's events are: the status a
     * case derived with the fact that changed it.
     */
    public ConsumedEvent storedWith(String caseId, long sequence, Object payload, long earlierSequence) {
        Revision revision = payload.getClass().getAnnotation(Revision.class);
        return of(caseId, sequence, revision == null ? "1" : revision.value(), payload, UUID.randomUUID().toString(),
                recordedAt(earlierSequence));
    }

    /** The event as stored at the given moment, which a test chooses to the nanosecond as the ledger's clock reads. */
    public ConsumedEvent storedAt(String caseId, long sequence, Object payload, Instant storedAt) {
        Revision revision = payload.getClass().getAnnotation(Revision.class);
        return of(caseId, sequence, revision == null ? "1" : revision.value(), payload, UUID.randomUUID().toString(),
                storedAt);
    }

    /** The event as a topic written before the case derived its status holds it: revision 1. */
    public ConsumedEvent ofFirstRevision(String caseId, long sequence, Object payload) {
        return of(caseId, sequence, "1", payload, UUID.randomUUID().toString());
    }

    /** An event of a type this consumer does not know (a newer producer's): it has no payload. */
    public ConsumedEvent ofUnknownType(String caseId, long sequence) {
        return new ConsumedEvent("RelocationReported", "1", UUID.randomUUID().toString(), caseId, sequence,
                recordedAt(sequence), Optional.of(RECORDER), Optional.empty(), Optional.empty(), "caseledger.cases.v1",
                0, sequence, appliedBefore::incrementAndGet);
    }

    private ConsumedEvent of(String caseId, long sequence, String revision, Object payload, String eventId) {
        return of(caseId, sequence, revision, payload, eventId, recordedAt(sequence));
    }

    private ConsumedEvent of(String caseId, long sequence, String revision, Object payload, String eventId,
                             Instant storedAt) {
        return new ConsumedEvent(EventCatalogue.nameOf(payload.getClass()), revision, eventId, caseId, sequence,
                storedAt, Optional.of(RECORDER), Optional.empty(), Optional.of(payload),
                "caseledger.cases.v1", 0, sequence, appliedBefore::incrementAndGet);
    }

    /** When the ledger stored the event of this sequence: a minute after the one before. */
    public static Instant recordedAt(long sequence) {
        return FIRST_RECORDED.plusSeconds(60 * sequence);
    }

    /** How many events the projection found applied already and left without effect. */
    public int appliedBefore() {
        return appliedBefore.get();
    }
}
