package org.caseledger.platform.ledger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.caseledger.api.Topics;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.KafkaSettings;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event store of its own on the real PostgreSQL, migrated as a service's is, with events appended by Axon's own
 * storage engine through the service's role, and the superuser at hand to do what no service may. A verification
 * reads the whole store, so each test takes a fresh one.
 */
final class LedgerStore {

    /** An event of no particular service: the chain does not care what the payload says. */
    record NoteTaken(String text) {
    }

    private static final Serializer JSON = JacksonSerializer.builder().objectMapper(EventJson.mapper()).build();
    private static final AtomicInteger STORES = new AtomicInteger();

    final TestDatabase database;
    final JdbcClient superuser;
    final JdbcEventStorageEngine eventStore;

    private LedgerStore(String name) {
        database = RealInfrastructure.get().database(name);
        superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(name));
        eventStore = JdbcEventStorageEngine.builder()
                .connectionProvider(new DataSourceConnectionProvider(database.runtimeDataSource()))
                .transactionManager(NoTransactionManager.INSTANCE)
                .eventSerializer(JSON)
                .snapshotSerializer(JSON)
                .build();
    }

    static LedgerStore fresh() {
        return migratedTo(null);
    }

    /** A new store with the migrations up to {@code target} applied, every one when null. */
    static LedgerStore migratedTo(String target) {
        LedgerStore store = new LedgerStore("ledger_" + STORES.incrementAndGet());
        store.migrate(target);
        return store;
    }

    JdbcClient runtime() {
        return JdbcClient.create(database.runtimeDataSource());
    }

    void migrate(String target) {
        var flyway = Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/axon")
                .placeholders(Map.of("runtime_role", database.runtimeRole()));
        if (target != null) {
            flyway.target(target);
        }
        flyway.load().migrate();
    }

    /** Appends events to new aggregates, interleaved as commands of several cases are; their ids in byte order. */
    List<String> record(int aggregates, int eventsEach) {
        List<String> ids = new ArrayList<>();
        for (int a = 0; a < aggregates; a++) {
            ids.add(UUID.randomUUID().toString());
        }
        for (int sequence = 0; sequence < eventsEach; sequence++) {
            for (String id : ids) {
                eventStore.appendEvents(note(id, sequence));
            }
        }
        return ids.stream().sorted().toList();
    }

    /**
     * Appends {@code eventsEach} notes to each of {@code aggregates} new aggregates with random ids in one statement,
     * chained by the store's trigger, as no service writes them: for stores of many events.
     */
    void appendNotes(int aggregates, int eventsEach) {
        superuser.sql("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                      payload, payloadtype, timestamp)
                        SELECT ids.id, s, 'Note', gen_random_uuid()::text, convert_to('{"text":"note"}', 'UTF8'),
                               'note', '2026-01-01T00:00:00Z'
                          FROM (SELECT gen_random_uuid()::text AS id FROM generate_series(1, ?)) ids,
                               generate_series(0, ? - 1) s
                         ORDER BY ids.id, s""")
                .params(aggregates, eventsEach)
                .update();
    }

    /**
     * Appends one note to each of the aggregates of the last {@code count} events, after its last event, in one
     * statement, as a case is followed up soon after it was opened.
     */
    void appendFollowUps(int count) {
        superuser.sql("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                                                      payload, payloadtype, timestamp)
                        SELECT aggregateidentifier, max(sequencenumber) + 1, 'Note', gen_random_uuid()::text,
                               convert_to('{"text":"follow-up"}', 'UTF8'), 'note', '2026-01-02T00:00:00Z'
                          FROM domainevententry
                         WHERE globalindex > (SELECT max(globalindex) - ? FROM domainevententry)
                         GROUP BY aggregateidentifier
                         ORDER BY aggregateidentifier""")
                .params(count)
                .update();
    }

    static DomainEventMessage<NoteTaken> note(String aggregate, long sequence) {
        return new GenericDomainEventMessage<>("Note", aggregate, sequence, new NoteTaken("note " + sequence),
                MetaData.with("correlationId", UUID.randomUUID().toString()));
    }

    StoredEvent stored(String aggregate, long sequence) {
        return superuser.sql("""
                        SELECT * FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?""")
                .params(aggregate, sequence)
                .query((row, n) -> new StoredEvent(row.getLong("globalindex"), row.getString("aggregateidentifier"),
                        row.getLong("sequencenumber"), row.getString("type"), row.getString("eventidentifier"),
                        row.getString("payloadtype"), row.getString("payloadrevision"), row.getString("timestamp"),
                        row.getBytes("metadata"), row.getBytes("payload"), row.getBytes("chainhash")))
                .single();
    }

    /** A producer to the test broker for a checkpointer to publish with, every record acknowledged by all replicas. */
    static Producer<String, byte[]> checkpointProducer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", RealInfrastructure.get().kafkaBootstrapServers(),
                "acks", "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Signs checkpoints of this store, as a service's configuration makes them, publishing to the checkpoint topic. */
    Checkpointer checkpointer(LedgerKeys keys, String service, long everyEvents, Producer<String, byte[]> producer) {
        return checkpointer(keys, service, everyEvents, producer, Clock.systemUTC(), 0);
    }

    /** A checkpointer on {@code clock} that rests {@code restFactor} times as long as its last checkpoint took. */
    Checkpointer checkpointer(LedgerKeys keys, String service, long everyEvents, Producer<String, byte[]> producer,
                              Clock clock, long restFactor) {
        DataSource dataSource = database.runtimeDataSource();
        KafkaSettings kafka = new KafkaSettings(RealInfrastructure.get().kafkaBootstrapServers(), 1, (short) 1,
                Duration.ofSeconds(15), Map.of());
        return new Checkpointer(JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), keys, service, everyEvents,
                Duration.ofHours(1), clock, producer, new TopicDeclaration(kafka), Topics.CHECKPOINTS,
                Duration.ofSeconds(15), Duration.ofSeconds(5), restFactor);
    }

    /** A key pair as OpenSSL writes it: PKCS#8 and X.509 in PEM. */
    static LedgerKeys keyPair(Path keyFiles, String name) throws GeneralSecurityException, IOException {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Path publicKey = keyFiles.resolve(name + ".pub.pem");
        Path privateKey = keyFiles.resolve(name + ".pem");
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        return LedgerKeys.read(publicKey, Optional.of(privateKey));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
