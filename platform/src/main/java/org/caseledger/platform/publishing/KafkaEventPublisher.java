package org.caseledger.platform.publishing;

import io.micrometer.tracing.Span;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.logging.LogContext;
import org.caseledger.platform.tracing.TraceContexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Publishes every stored event to the service's topic. It runs in a streaming processor reading the event store,
 * so the event store is the outbox: a batch's records are one Kafka transaction, committed before the batch
 * commits, and the processor's token (in the same database) moves only after. A failure rolls the batch back and
 * the processor retries it later; a command never waits for Kafka.
 * <p>
 * Every instance of the service publishes with the same transactional id, made of the topic and the identity of the
 * event store they share, so whichever instance runs the publisher fences the producers of the others when it starts
 * its own, and publishers of other stores to the same topic (each test's database, say) fence nothing of it: a
 * transaction another instance left open (its batch failed and it released the token, or it was killed) is aborted
 * then, and the records that instance's producer still delivers are refused. A batch that fails is never committed on
 * the topic either: its producer is replaced before the next batch, and the new one aborts what the old one began. What
 * a read_committed consumer sees is therefore a sequence of whole batches, each at most once.
 * <p>
 * A batch can still be committed on the topic and not in the event store (the instance dies, or the database
 * refuses the token, between the two commits). So each record carries its store and its place in it, and whenever
 * a producer is made the publisher reads the last committed record of that store in every partition: the latest of
 * them marks the end of the last committed batch, and an event that place already covers is not sent again. An
 * event stored late, below places already read, carries the place reached with the gaps still open then, and is
 * covered only where it was published before; where that cannot be told it is sent, never skipped. After each commit
 * the publisher keeps that mark itself, so the batch it committed to Kafka but not to the store is not sent again by
 * this instance either.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher implements AutoCloseable {

    public static final String PROCESSING_GROUP = "kafka-publisher";

    private static final Logger log = LoggerFactory.getLogger(KafkaEventPublisher.class);
    private static final String BATCH = KafkaEventPublisher.class.getName() + ".batch";

    private final Function<String, Producer<String, byte[]>> producers;
    private final Supplier<String> store;
    private final PublishedTail tail;
    private final StoredEvents stored;
    private final EventRecordWriter records;
    private final TopicDeclaration topics;
    private final String topic;
    private final Duration sendTimeout;
    private final TraceContexts traces;
    private Producer<String, byte[]> producer;
    /** Whether the producer took part in a batch that failed: it is replaced before the next one. */
    private boolean spoilt;
    /** The place in the store of the last event committed on the topic; null while none is. */
    private GapAwareTrackingToken published;
    private String storeId;

    /**
     * @param producers make a transactional producer for the identity of the event store
     * @param store     the identity of the event store, which the records name beside their place in it
     */
    KafkaEventPublisher(Function<String, Producer<String, byte[]>> producers,
                        Supplier<String> store,
                        PublishedTail tail,
                        StoredEvents stored,
                        EventRecordWriter records,
                        TopicDeclaration topics,
                        String topic,
                        Duration sendTimeout,
                        TraceContexts traces) {
        this.producers = producers;
        this.store = store;
        this.tail = tail;
        this.stored = stored;
        this.records = records;
        this.topics = topics;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.traces = traces;
    }

    /**
     * Sends in a span of the trace of the request that caused the event, with that request's correlation id and
     * actor on the lines it logs; the span ends once the record is handed to the producer, its acknowledgement is
     * the batch's. The handler takes no payload, so the event is not deserialized for it: its record is written from
     * the stored JSON ({@link EventRecordWriter}).
     */
    @EventHandler
    public void publish(DomainEventMessage<?> event, TrackingToken token) {
        GapAwareTrackingToken position = placeInStore(token);
        Batch batch = batch();
        Producer<String, byte[]> sending = producer();
        if (published != null && published.covers(position)) {
            return;
        }
        if (batch.producer == null) {
            sending.beginTransaction();
            batch.producer = sending;
        }
        traces.continuing(text(event, TraceContexts.TRACEPARENT), "publish " + topic, Span.Kind.PRODUCER,
                Map.of("messaging.destination.name", topic),
                () -> LogContext.during(text(event, "correlationId"), text(event, "recordedBy"), () -> {
                    batch.sends.add(sending.send(records.toRecord(topic, event, storeId, position)));
                    batch.last = position;
                }));
    }

    /** Closes the producer within the send timeout; what it had not committed is aborted by its successor. */
    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(sendTimeout);
            producer = null;
        }
    }

    private static GapAwareTrackingToken placeInStore(TrackingToken token) {
        TrackingToken unwrapped = WrappedToken.unwrapLowerBound(token);
        if (unwrapped instanceof GapAwareTrackingToken place) {
            return place;
        }
        throw new IllegalStateException("The publisher needs the place of each event in a JDBC or JPA event store, "
                + "not " + token);
    }

    private static String text(DomainEventMessage<?> event, String metadataKey) {
        Object value = event.getMetaData().get(metadataKey);
        return value == null ? null : value.toString();
    }

    /**
     * The producer of the next transaction. A new one fences every other producer of the topic's transactional id,
     * so only then is what the topic holds settled, and read.
     */
    private synchronized Producer<String, byte[]> producer() {
        if (producer != null && !spoilt) {
            return producer;
        }
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
        spoilt = false;
        topics.ensure(topic);
        Producer<String, byte[]> made;
        try {
            storeId = store.get();
            made = producers.apply(storeId);
        } catch (RuntimeException e) {
            throw new EventNotPublished("Cannot start publishing to topic " + topic + ": " + e.getMessage(), e);
        }
        try {
            made.initTransactions();
            PublishedTail.Published last = tail.lastPublished(topic, storeId);
            storeHolds(last);
            published = last == null ? null : last.place();
        } catch (RuntimeException e) {
            made.close(Duration.ZERO);
            throw new EventNotPublished("Cannot start publishing to topic " + topic + ": " + e.getMessage(), e);
        }
        log.info("Publishing to {} from store {} after {}", topic, storeId, published);
        producer = made;
        return made;
    }

    /**
     * The store must hold the last event the topic has from it, at a place the record's place covers: its own place,
     * or, for an event stored late below places already read, one of the gaps that place closed. A store restored
     * from a backup older than what was published keeps its identity but not those events, and would store new
     * events at places the topic already holds: the publisher would take them for published and skip them. So it
     * publishes nothing until the store is given a new identity (deploy/k8s/README.md), and says why each time it
     * tries.
     */
    private void storeHolds(PublishedTail.Published last) {
        if (last == null || last.eventId() == null) {
            return;
        }
        GapAwareTrackingToken place = last.place();
        Optional<Long> there = stored.placeOf(last.eventId());
        if (there.isEmpty() || there.get() > place.getIndex() || place.getGaps().contains(there.get())) {
            throw new IllegalStateException("the topic holds events of event store " + storeId + " up to place "
                    + place.getIndex() + " (event " + last.eventId() + "), but the store holds "
                    + there.map(at -> "that event at place " + at + ", which that place does not cover")
                    .orElse("no such event") + ": it was restored from an older backup or lost events, and would "
                    + "store new events at places already published. Nothing is published until the store is given "
                    + "a new identity (deploy/k8s/README.md, Restoring an event store)");
        }
    }

    /** The batch's transaction; committed in the batch's prepare-commit, so before its token is stored. */
    private Batch batch() {
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        return unitOfWork.getOrComputeResource(BATCH, key -> {
            Batch batch = new Batch();
            unitOfWork.onPrepareCommit(committing -> commit(batch));
            unitOfWork.onRollback(failed -> {
                if (batch.producer != null) {
                    spoilt = true;
                }
                whyNotPublished(failed.getExecutionResult().getExceptionResult());
            });
            return batch;
        });
    }

    /**
     * Says why a batch was not published, each time: the processor retries it with a growing pause, and logs the
     * cause of the first failure only.
     */
    private void whyNotPublished(Throwable cause) {
        if (cause != null) {
            log.warn("Events of topic {} were not published, the batch is retried: {}", topic, cause.getMessage());
        }
    }

    private void commit(Batch batch) {
        if (batch.producer == null) {
            return;
        }
        awaitAll(batch.sends);
        try {
            batch.producer.commitTransaction();
        } catch (KafkaException e) {
            throw new EventNotPublished("Kafka did not commit events of topic " + topic + ": " + e.getMessage(), e);
        }
        published = batch.last;
    }

    private void awaitAll(List<Future<RecordMetadata>> sends) {
        long deadline = System.nanoTime() + sendTimeout.toNanos();
        for (Future<RecordMetadata> acknowledgement : sends) {
            try {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new EventNotPublished("Kafka refused an event of topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new EventNotPublished("Kafka did not acknowledge events of topic " + topic + " within "
                        + sendTimeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventNotPublished("Interrupted while waiting for Kafka", e);
            }
        }
    }

    /** The records of one batch: the transaction they are in, their acknowledgements, the place of the last. */
    private static final class Batch {
        Producer<String, byte[]> producer;
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        GapAwareTrackingToken last;
    }

    /** A batch could not be published; it stays unpublished in the event store and is retried. */
    static class EventNotPublished extends RuntimeException {
        EventNotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
