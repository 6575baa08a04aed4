package org.caseledger.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.tracing.TraceContexts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;

/** Builds {@link TopicConsumer}s that keep their positions in this service's database. */
public class TopicConsumers {

    private final KafkaSettings settings;
    private final TopicDeclaration declaration;
    private final TransactionTemplate transaction;
    private final JdbcClient jdbc;
    private final MeterRegistry registry;
    private final TraceContexts traces;
    private final PersonalDataCodec codec;

    public TopicConsumers(KafkaSettings settings, TopicDeclaration declaration, TransactionTemplate transaction,
                          JdbcClient jdbc, MeterRegistry registry, TraceContexts traces) {
        this(settings, declaration, transaction, jdbc, registry, traces, DataKeys.NONE);
    }

    /** @param keys the data keys the consumers open personal values with; {@link DataKeys#NONE} withholds them all */
    public TopicConsumers(KafkaSettings settings, TopicDeclaration declaration, TransactionTemplate transaction,
                          JdbcClient jdbc, MeterRegistry registry, TraceContexts traces, DataKeys keys) {
        this.settings = settings;
        this.declaration = declaration;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.registry = registry;
        this.traces = traces;
        this.codec = new PersonalDataCodec(EventJson.mapper(), keys);
    }

    /**
     * @param name a stable name: it keys the stored positions and is the Kafka consumer group, so instances of one
     *             service with the same name share the partitions
     */
    public TopicConsumer consumer(String name, List<String> topics, EventProjection projection) {
        return new TopicConsumer(name, topics, settings, declaration, transaction,
                new JdbcConsumerPositions(jdbc, name), projection, codec,
                new ConsumerMetrics(name, registry, Clock.systemUTC()), traces);
    }
}
