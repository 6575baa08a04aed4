package org.caseledger.platform.publishing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import io.micrometer.tracing.Span;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.logging.LogContext;
import org.caseledger.platform.tracing.TraceContexts;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to the service's topic. It runs in a streaming processor reading the event store,
 * so the event store is the outbox: a batch's sends are awaited before the batch commits, and the processor's token
 * (in the same database) moves only after the broker has acknowledged every record of the batch. A failure rolls
 * the batch back and the processor retries it later; a command never waits for Kafka.
 * <p>
 * A retried batch does not send again what the producer still holds or has delivered: the record sent the first
 * time stays in the producer, which retries it with the same sequence number until the broker takes it (and drops a
 * copy it already has), so a broker that dies while a send is in flight never makes an event appear twice. Only a
 * record the producer gave up on is sent anew.
 */
@ProcessingGroup(KafkaEventPublisher.PROCESSING_GROUP)
public class KafkaEventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";

    private static final String PENDING_ACKNOWLEDGEMENTS = KafkaEventPublisher.class.getName() + ".pending";

    private final Producer<String, byte[]> producer;
    private final EventRecordWriter records;
    private final TopicDeclaration topics;
    private final String topic;
    private final Duration acknowledgementTimeout;
    private final TraceContexts traces;
    /** Sends not yet part of a committed batch, by event id: what a retried batch waits for instead of sending again. */
    private final Map<String, Future<RecordMetadata>> unconfirmed = new ConcurrentHashMap<>();

    KafkaEventPublisher(Producer<String, byte[]> producer,
                        EventRecordWriter records,
                        TopicDeclaration topics,
                        String topic,
                        Duration acknowledgementTimeout,
                        TraceContexts traces) {
        this.producer = producer;
        this.records = records;
        this.topics = topics;
        this.topic = topic;
        this.acknowledgementTimeout = acknowledgementTimeout;
        this.traces = traces;
    }

    /**
     * Sends in a span of the trace of the request that caused the event, with that request's correlation id and
     * actor on the lines it logs; the span ends once the record is handed to the producer, its acknowledgement is
     * the batch's.
     */
    @EventHandler
    public void publish(Object payload, DomainEventMessage<?> event) {
        Future<RecordMetadata> earlier = unconfirmed.get(event.getIdentifier());
        if (earlier != null && !failed(earlier)) {
            pendingInThisBatch().put(event.getIdentifier(), earlier);
            return;
        }
        topics.ensure(topic);
        traces.continuing(text(event, TraceContexts.TRACEPARENT), "publish " + topic, Span.Kind.PRODUCER,
                Map.of("messaging.destination.name", topic),
                () -> LogContext.during(text(event, "correlationId"), text(event, "recordedBy"), () -> {
                    Future<RecordMetadata> acknowledgement = producer.send(records.toRecord(topic, event));
                    unconfirmed.put(event.getIdentifier(), acknowledgement);
                    pendingInThisBatch().put(event.getIdentifier(), acknowledgement);
                }));
    }

    private static String text(DomainEventMessage<?> event, String metadataKey) {
        Object value = event.getMetaData().get(metadataKey);
        return value == null ? null : value.toString();
    }

    private static boolean failed(Future<RecordMetadata> send) {
        if (!send.isDone()) {
            return false;
        }
        try {
            send.get();
            return false;
        } catch (ExecutionException | CancellationException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** The batch's sends by event id; forgotten once the batch, and with it the token, is committed. */
    private Map<String, Future<RecordMetadata>> pendingInThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_ACKNOWLEDGEMENTS, key -> {
            Map<String, Future<RecordMetadata>> pending = new LinkedHashMap<>();
            batch.onPrepareCommit(unitOfWork -> awaitAll(pending.values()));
            batch.afterCommit(unitOfWork -> unconfirmed.keySet().removeAll(pending.keySet()));
            return pending;
        });
    }

    private void awaitAll(Collection<Future<RecordMetadata>> pending) {
        long deadline = System.nanoTime() + acknowledgementTimeout.toNanos();
        for (Future<RecordMetadata> acknowledgement : pending) {
            try {
                acknowledgement.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new EventNotPublished("Kafka refused an event of topic " + topic + ": "
                        + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new EventNotPublished("Kafka did not acknowledge events of topic " + topic + " within "
                        + acknowledgementTimeout, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventNotPublished("Interrupted while waiting for Kafka", e);
            }
        }
    }

    /** A batch could not be published; it stays unpublished in the event store and is retried. */
    static class EventNotPublished extends RuntimeException {
        EventNotPublished(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
