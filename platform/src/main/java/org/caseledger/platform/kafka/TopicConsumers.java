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
import java.util.function.Supplier;
import java.util.stream.IntStream;

/** Builds {@link TopicConsumer}s that keep their positions in this service's database. */
public class TopicConsumers {

    /**
     * How many of the events they opened last a service's consumers keep for each other: each reads every record of
     * its topics, mostly within a second of the others, and a record opened once is then not parsed, opened and its
     * keys asked for by each of them again ({@code PersonalDataCodec}).
     */
    static final int EVENTS_KEPT_OPENED = 2048;

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
        this(settings, declaration, transaction, jdbc, registry, traces,
                new PersonalDataCodec(EventJson.mapper(), keys, EVENTS_KEPT_OPENED));
    }

    private TopicConsumers(KafkaSettings settings, TopicDeclaration declaration, TransactionTemplate transaction,
                           JdbcClient jdbc, MeterRegistry registry, TraceContexts traces, PersonalDataCodec codec) {
        this.settings = settings;
        this.declaration = declaration;
        this.transaction = transaction;
        this.jdbc = jdbc;
        this.registry = registry;
        this.traces = traces;
        this.codec = codec;
    }

    /**
     * Consumers like these that open no personal value, whatever keys the service holds: for a projection that needs
     * none, so that no key is asked for on its account. Each call gives its consumers a codec of their own, and a
     * service makes one consumer of it, with none to share what it opens: that codec keeps nothing opened.
     */
    public TopicConsumers withoutKeys() {
        return new TopicConsumers(settings, declaration, transaction, jdbc, registry, traces,
                PersonalDataCodec.withoutKeys(EventJson.mapper()));
    }

    /** What the consumers open sealed personal values with: a projection that keeps records opens them with it too. */
    public PersonalDataCodec codec() {
        return codec;
    }

    /**
     * @param name a stable name: it keys the stored positions and is the Kafka consumer group, so instances of one
     *             service with the same name share the partitions
     */
    public TopicConsumer consumer(String name, List<String> topics, EventProjection projection) {
        return new TopicConsumer(name, name, topics, settings, declaration, transaction,
                new JdbcConsumerPositions(jdbc, name), projection, codec,
                new ConsumerMetrics(name, registry, Clock.systemUTC()), traces, () -> {
        });
    }

    /**
     * Consumers whose projection writes into tables of the same names in another schema: each batch's transaction
     * looks there first, so the projection's unqualified table names reach the copies, while a name the schema does
     * not hold (the stored positions, the sequence guard) is the service's own. This is how a read model is built
     * afresh beside the live one, whose queries read the service's own schema meanwhile.
     *
     * <p>They are {@code count} members of one group, side by side, as instances of a service would be: Kafka gives
     * each its share of the partitions, each applies and stores its own, and they share their meters. Each has a
     * projection of its own ({@code projections} is asked once for each), and a Kafka client id and a thread named by
     * its place among them ({@code name-1}, {@code name-2}, …; the name alone when there is one).
     *
     * <p>They read what no live consumer reads at the same moment: their codec keeps none of the events it opened for
     * others ({@link #EVENTS_KEPT_OPENED}), and a record is applied outside any trace, not as a span of the request
     * that caused its event, which a rebuild would otherwise add to every trace ever followed, years after it ended.
     *
     * @param schema a schema the service's role may use, holding a table of each name the projection writes
     */
    public List<TopicConsumer> consumersInSchema(String name, int count, List<String> topics,
                                                 Supplier<EventProjection> projections, String schema) {
        if (count < 1) {
            throw new IllegalArgumentException("At least one consumer of " + name + " is needed, not " + count);
        }
        ConsumerMetrics metrics = new ConsumerMetrics(name, registry, Clock.systemUTC());
        PersonalDataCodec opening = new PersonalDataCodec(EventJson.mapper(), codec.keys());
        Runnable inSchema = () -> jdbc.sql("SELECT set_config('search_path', :path, true)")
                .param("path", quoted(schema) + ", public")
                .query(String.class)
                .single();
        return IntStream.rangeClosed(1, count)
                .mapToObj(member -> new TopicConsumer(name, count == 1 ? name : name + "-" + member, topics, settings,
                        declaration, transaction, new JdbcConsumerPositions(jdbc, name), projections.get(), opening,
                        metrics, TraceContexts.off(), inSchema))
                .toList();
    }

    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
