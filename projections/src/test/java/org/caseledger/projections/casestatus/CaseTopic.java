package org.caseledger.projections.casestatus;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.TopicWriter;

import java.util.UUID;

/**
 * Writes case events to the cases topic the way the topic contract describes, as any producer could: with the
 * revision of the event's type and who recorded it, or, for a topic written before the case derived its status, as
 * the publisher wrote them then (every event revision 1, nobody named as recorder).
 */
final class CaseTopic implements AutoCloseable {

    static final String RECORDER = "volunteer-17";
    private static final String FIRST_REVISION = "1";

    private final TopicWriter writer;
    private final boolean beforeDerivedStatus;

    private CaseTopic(String bootstrapServers, boolean beforeDerivedStatus) {
        this.writer = new TopicWriter(bootstrapServers, Topics.CASES, "Case", beforeDerivedStatus ? null : RECORDER);
        this.beforeDerivedStatus = beforeDerivedStatus;
    }

    CaseTopic(String bootstrapServers) {
        this(bootstrapServers, false);
    }

    /** A writer of records as they were published before {@code CaseStatusDerived} existed. */
    static CaseTopic writtenBeforeDerivedStatus(String bootstrapServers) {
        return new CaseTopic(bootstrapServers, true);
    }

    /** Publishes an event as the given position in its case's history; returns the event id used. */
    String publish(String caseId, long sequence, Object event) {
        return publish(caseId, sequence, event, UUID.randomUUID().toString());
    }

    String publish(String caseId, long sequence, Object event, String eventId) {
        return beforeDerivedStatus
                ? writer.publish(caseId, sequence, event, eventId, FIRST_REVISION)
                : writer.publish(caseId, sequence, event, eventId);
    }

    /** Publishes an event exactly as the given JSON, e.g. in a shape no current event type writes any more. */
    String publishJson(String caseId, long sequence, String type, String revision, byte[] payload, String eventId) {
        return writer.publishJson(caseId, sequence, type, revision, payload, eventId);
    }

    /** Where the broker put the record published last. */
    RecordMetadata lastWritten() {
        return writer.lastWritten();
    }

    @Override
    public void close() {
        writer.close();
    }
}
