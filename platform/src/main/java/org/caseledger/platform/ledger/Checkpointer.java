package org.caseledger.platform.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.caseledger.platform.axon.JdbcStorageEngine;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Signs a checkpoint of the event store every {@code everyEvents} new events, or after {@code every} when fewer came,
 * stores it and sends it to the checkpoint topic. Several instances of a service may run it: the checkpoint's number
 * is the table's key, so of two that make the same one, one is stored and the other dropped.
 *
 * <p>A checkpoint hashes again the parts of the tree whose leaves moved and the nodes above them, one for every
 * {@value KnownHeads#BLOCK} aggregates, so part of its time grows with the aggregates. After one, an instance rests
 * {@code restFactor} times as long as that checkpoint took before it makes the next for the events that came
 * meanwhile, so that under a steady load checkpoints take no more than one part in {@code restFactor + 1} of the time;
 * {@code every} still holds when that is the sooner. An instance's first checkpoint, which reads every head, earns no
 * rest.
 */
public class Checkpointer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);
    /** How many heads a checkpoint reads from its cursor at a time. */
    static final int HEADS_A_FETCH = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final LedgerKeys keys;
    private final String service;
    private final long everyEvents;
    private final Duration every;
    private final Clock clock;
    private final Producer<String, byte[]> producer;
    private final TopicDeclaration topics;
    private final String topic;
    private final Duration sendTimeout;
    private final ObjectMapper json = new ObjectMapper();
    private final Instant started;
    private final Duration tick;
    private final long restFactor;
    /** Before this, no checkpoint is due for the events count alone: the rest after the last this instance made. */
    private volatile Instant restingUntil = Instant.MIN;
    private volatile ScheduledExecutorService scheduler;
    /** The heads as this instance last read them; null until its first checkpoint, which reads the whole store. */
    private KnownHeads known;

    public Checkpointer(JdbcClient jdbc, TransactionTemplate transactions, LedgerKeys keys, String service,
                        long everyEvents, Duration every, Clock clock, Producer<String, byte[]> producer,
                        TopicDeclaration topics, String topic, Duration sendTimeout, Duration tick, long restFactor) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.keys = keys;
        this.service = service;
        this.everyEvents = everyEvents;
        this.every = every;
        this.clock = clock;
        this.producer = producer;
        this.topics = topics;
        this.topic = topic;
        this.sendTimeout = sendTimeout;
        this.started = clock.instant();
        this.tick = tick;
        this.restFactor = restFactor;
    }

    /** Makes a checkpoint if one is due, and sends those not yet sent. */
    public void tick() {
        checkpointIfDue();
        publishPending();
    }

    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ledger-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("No checkpoint this round ({}); the next round tries again", e.getMessage());
            }
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        scheduler = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = scheduler;
        scheduler = null;
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    Optional<Checkpoint> checkpointIfDue() {
        Optional<Checkpoint> last = latest();
        long coveredUpTo = last.map(Checkpoint::upToGlobalIndex).orElse(0L);
        long newEvents = jdbc.sql("SELECT count(*) FROM domainevententry WHERE globalindex > ?")
                .param(coveredUpTo).query(Long.class).single();
        Instant since = last.map(checkpoint -> Instant.parse(checkpoint.createdAt())).orElse(started);
        Instant now = clock.instant();
        boolean due = (newEvents >= everyEvents && !now.isBefore(restingUntil))
                || (newEvents > 0 && !now.isBefore(since.plus(every)));
        return due ? Optional.of(checkpoint(last.map(Checkpoint::number).orElse(0L) + 1)) : Optional.empty();
    }

    /**
     * Signs what the store holds now as checkpoint {@code number}, and stores it. The heads come from the events stored
     * since the heads this instance last read ({@link KnownHeads}): a checkpoint reads the events of its own interval,
     * not the whole store again, and hashes again only the leaves of the aggregates that moved.
     */
    public synchronized Checkpoint checkpoint(long number) {
        boolean fromHeadsHeld = known != null;
        long began = System.nanoTime();
        try {
            return signAndStore(number);
        } finally {
            // An instance's first checkpoint reads every head, which the ones after it do not: it earns no rest.
            if (fromHeadsHeld) {
                Duration took = Duration.ofNanos(System.nanoTime() - began);
                restingUntil = clock.instant().plus(took.multipliedBy(restFactor));
            }
        }
    }

    private Checkpoint signAndStore(long number) {
        long upTo = settledHead();
        KnownHeads heads = known != null && known.upTo() <= upTo ? known : new KnownHeads();
        // Not kept until every head that moved is in place: after a read that fails part way, the next reads them all.
        known = null;
        heads.settle(upTo, transactions.execute(status -> putMoved(heads, upTo)));
        known = heads;
        long events = heads.events();
        int aggregates = heads.aggregates();
        Checkpoint unsigned = new Checkpoint(Checkpoint.V2, service, number, upTo, events, aggregates,
                HexFormat.of().formatHex(heads.root()),
                clock.instant().toString(), keys.keyId(), "");
        Checkpoint signed = unsigned.withSignature(
                Base64.getEncoder().encodeToString(keys.sign(unsigned.signedBytes())));
        try {
            jdbc.sql("""
                            INSERT INTO ledger_checkpoint (format, number, service, up_to_global_index, events,
                                aggregates, merkle_root, created_at, key_id, signature)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(signed.format(), signed.number(), signed.service(), signed.upToGlobalIndex(),
                            signed.events(), signed.aggregates(), signed.merkleRoot(), signed.createdAt(),
                            signed.keyId(), signed.signature())
                    .update();
        } catch (DuplicateKeyException otherInstance) {
            log.debug("Checkpoint {} was made by another instance at the same moment", number);
            return latest().orElseThrow();
        }
        log.info("Signed checkpoint {} of {} events of {} aggregates", number, events, aggregates);
        return signed;
    }

    /**
     * Puts the heads that moved after {@code heads} and up to {@code upTo} in place, and answers how many events were
     * stored between. The heads are read through a cursor, {@value #HEADS_A_FETCH} at a time, so that a first checkpoint
     * does not hold every head of the store at once as rows and objects beside the arrays they go into; each with the
     * global index of its aggregate's first event (of its lowest sequence number), by which the heads held place and
     * find it, and in the order of those, so that each new aggregate comes after those before it ({@link KnownHeads}).
     * An aggregate opened between the two indexes has its first event among those read; only for one opened before is
     * it looked up. A cursor's statement takes no parameters, so the two indexes, numbers both, are written into it.
     * Run in a transaction: the cursor lives as long as it does.
     */
    private long putMoved(KnownHeads heads, long upTo) {
        jdbc.sql("DECLARE moved_heads NO SCROLL CURSOR FOR"
                        + " SELECT aggregateidentifier, sequencenumber, chainhash, coalesce(opened, (SELECT f.globalindex"
                        + " FROM domainevententry f WHERE f.aggregateidentifier = moved.aggregateidentifier"
                        + " ORDER BY f.sequencenumber LIMIT 1)) AS first FROM ("
                        + "SELECT aggregateidentifier, sequencenumber, chainhash,"
                        + " min(globalindex) FILTER (WHERE sequencenumber = 0) OVER aggregate AS opened,"
                        + " row_number() OVER (aggregate ORDER BY sequencenumber DESC) AS latest"
                        + " FROM domainevententry WHERE globalindex > " + heads.upTo() + " AND globalindex <= " + upTo
                        + " WINDOW aggregate AS (PARTITION BY aggregateidentifier COLLATE \"C\")) moved"
                        + " WHERE latest = 1 ORDER BY first")
                .update();
        List<MerkleTree.Head> batch;
        do {
            batch = jdbc.sql("FETCH " + HEADS_A_FETCH + " FROM moved_heads")
                    .query((row, n) -> new MerkleTree.Head(row.getString(1), row.getLong(2), row.getBytes(3),
                            row.getLong(4)))
                    .list();
            heads.put(batch);
        } while (batch.size() == HEADS_A_FETCH);
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE globalindex > ? AND globalindex <= ?")
                .params(heads.upTo(), upTo).query(Long.class).single();
    }

    /**
     * The highest global index below which no event can still arrive: read while holding exclusively the lock every
     * append holds shared as it takes its index, so that every index handed out so far is committed or gone.
     */
    private long settledHead() {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(JdbcStorageEngine.APPEND_LOCK)
                    .query(Object.class).single();
            return jdbc.sql("SELECT coalesce(max(globalindex), 0) FROM domainevententry").query(Long.class).single();
        });
    }

    void publishPending() {
        List<Checkpoint> pending = jdbc.sql("""
                        SELECT * FROM ledger_checkpoint c
                         WHERE NOT EXISTS (SELECT 1 FROM ledger_checkpoint_publication p WHERE p.number = c.number)
                         ORDER BY number""")
                .query(Checkpoints::fromRow).list();
        for (Checkpoint checkpoint : pending) {
            try {
                topics.ensure(topic);
                producer.send(new ProducerRecord<>(topic, service, json.writeValueAsBytes(checkpoint)))
                        .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("A checkpoint is always JSON", e);
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                log.warn("Checkpoint {} could not be sent to {} yet ({}); it is sent again on the next round",
                        checkpoint.number(), topic, e.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            jdbc.sql("INSERT INTO ledger_checkpoint_publication (number) VALUES (?) ON CONFLICT DO NOTHING")
                    .param(checkpoint.number()).update();
        }
    }

    private Optional<Checkpoint> latest() {
        return jdbc.sql("SELECT * FROM ledger_checkpoint ORDER BY number DESC LIMIT 1")
                .query(Checkpoints::fromRow).optional();
    }
}
