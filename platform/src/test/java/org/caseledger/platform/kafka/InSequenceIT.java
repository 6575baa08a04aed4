package org.caseledger.platform.kafka;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.CountingDataSource;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.caseledger.platform.testing.MigratedDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Each aggregate's events applied in the order of their sequence, on the real PostgreSQL. */
class InSequenceIT {

    static final JdbcClient jdbc = MigratedDatabase.runtime("platform_sequence");
    /** Opens and seals with keys made in memory, one per subject, as a consumer with keys would open them. */
    static final PersonalDataCodec CODEC = new PersonalDataCodec(EventJson.mapper(), new InMemoryDataKeys());

    private final String consumer = "sequence-" + UUID.randomUUID();
    private final String caseId = "c-" + UUID.randomUUID();
    private final List<ConsumedEvent> applied = new ArrayList<>();
    private final InSequence inSequence = new InSequence(consumer, applied::add, jdbc, CODEC);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @BeforeEach
    void listenToTheLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger(InSequence.class)).addAppender(logged);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(InSequence.class)).detachAppender(logged);
    }

    @Test
    void eventsInOrderAreAppliedAsTheyCome() {
        inSequence.apply(event(0));
        inSequence.apply(event(1));

        assertThat(sequencesApplied()).containsExactly(0L, 1L);
        assertThat(lastApplied()).contains(1L);
        assertThat(parked()).isZero();
    }

    @Test
    void eventReadAgainIsPassedOnForTheProjectionsOwnGuard() {
        inSequence.apply(event(0));
        inSequence.apply(event(1));

        inSequence.apply(event(0));

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 0L);
        assertThat(lastApplied()).contains(1L);
    }

    @Test
    void eventAheadWaitsUntilTheOnesBeforeItArriveAndComesBackAsItWasRead() {
        inSequence.apply(event(0));
        ConsumedEvent ahead = new ConsumedEvent("ContactLost", "2", "e-3", caseId, 3,
                Instant.parse("2025-01-02T03:04:05Z"), Optional.of("volunteer-3"), Optional.empty(),
                Optional.of(contactLost()), "caseledger.cases.v1", 2, 17, () -> {
                });

        inSequence.apply(ahead);
        assertThat(sequencesApplied()).containsExactly(0L);
        assertThat(lastApplied()).contains(0L);
        assertThat(parked()).isEqualTo(1);

        inSequence.apply(event(2));
        assertThat(sequencesApplied()).containsExactly(0L);
        assertThat(parked()).isEqualTo(2);

        inSequence.apply(event(1));
        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(lastApplied()).contains(3L);
        assertThat(parked()).isZero();
        ConsumedEvent released = applied.get(3);
        assertThat(released).usingRecursiveComparison().ignoringFields("onAppliedBefore").isEqualTo(ahead);
    }

    @Test
    void aggregateNeverSeenStartsAtSequenceZero() {
        inSequence.apply(event(1));

        assertThat(applied).isEmpty();
        assertThat(lastApplied()).isEmpty();
        assertThat(parked()).isEqualTo(1);
    }

    @Test
    void recordParkedTwiceIsParkedAndLoggedOnce() {
        inSequence.apply(event(0));

        inSequence.apply(event(2));
        assertThat(logged.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("of aggregate " + caseId + " has sequence 2, but the last applied is 0");

        inSequence.apply(event(2));
        assertThat(parked()).isEqualTo(1);
        assertThat(logged.list).hasSize(1);
    }

    @Test
    void parkedRecordOfATypeThisConsumerDoesNotKnowComesBackWithoutPayload() {
        inSequence.apply(event(0));
        inSequence.apply(new ConsumedEvent("SomethingNewer", "1", "e-2", caseId, 2, Instant.parse("2025-01-02T00:00:00Z"),
                Optional.empty(), Optional.empty(), Optional.empty(), "caseledger.cases.v1", 0, 5, () -> {
                }));

        inSequence.apply(event(1));

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L);
        assertThat(applied.get(2).type()).isEqualTo("SomethingNewer");
        assertThat(applied.get(2).payload()).isEmpty();
        assertThat(applied.get(2).recordedBy()).isEmpty();
    }

    @Test
    void consumersKeepTheirSequencesApart() {
        inSequence.apply(event(0));
        inSequence.apply(event(1));
        List<ConsumedEvent> other = new ArrayList<>();

        new InSequence(consumer + "-other", other::add, jdbc, CODEC).apply(event(0));

        assertThat(other).hasSize(1);
        assertThat(lastApplied()).contains(1L);
    }

    @Test
    void parksARecordAsItWasPublishedWithItsPersonalValuesSealedAndOpensItWhenItsTurnComes() throws Exception {
        inSequence.apply(event(0));
        ContactLost told = new ContactLost(new CaseId(caseId), ApproximateDate.parse("2019-04"),
                new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "her brother Ekpar, by telephone"));
        byte[] published = CODEC.sealToBytes(told);
        ConsumedEvent ahead = new ConsumedEvent("ContactLost", "2", "e-2", caseId, 2,
                Instant.parse("2025-01-02T03:04:05Z"), Optional.of("volunteer-3"), Optional.empty(),
                Optional.of(CODEC.open(published, ContactLost.class)), "caseledger.cases.v1", 2, 17, () -> {
                }, published);

        inSequence.apply(ahead);
        String kept = jdbc.sql("SELECT payload FROM parked_record WHERE consumer_name = ? AND aggregate_id = ?")
                .params(consumer, caseId).query(String.class).single();
        assertThat(kept).as("the parked record holds the reference sealed, never in clear")
                .doesNotContain("Ekpar").contains(PersonalDataCodec.SCHEME);

        inSequence.apply(event(1));
        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L);
        assertThat(applied.get(2).payload()).contains(told);
    }

    /** A parked record of a type the projection reads withheld comes back withheld: no key is asked for it. */
    @Test
    void parkedRecordOfATypeReadWithheldComesBackWithItsPersonalValuesWithheld() {
        InMemoryDataKeys keys = new InMemoryDataKeys();
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        List<String> references = new ArrayList<>();
        InSequence withheld = new InSequence(consumer, EventHandlers.builder()
                .onWithheld(ContactLost.class, (event, lost) -> references.add(event.sequence() + " "
                        + lost.source().reference()))
                .build(), jdbc, codec);
        ContactLost told = new ContactLost(new CaseId(caseId), ApproximateDate.parse("2019-04"),
                new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "her brother Ekpar, by telephone"));
        byte[] published = codec.sealToBytes(told);

        withheld.apply(event(0));
        withheld.apply(new ConsumedEvent("ContactLost", "2", "e-2", caseId, 2, Instant.parse("2025-01-02T03:04:05Z"),
                Optional.of("volunteer-3"), Optional.empty(), Optional.of(told), "caseledger.cases.v1", 2, 17, () -> {
                }, published));
        withheld.apply(event(1));

        assertThat(references).containsExactly("0 null", "1 null", "2 " + PersonalDataCodec.WITHHELD);
        assertThat(keys.askedToOpen()).isEmpty();
    }

    @Test
    void inABatchTheRecordsOfSeveralAggregatesComeInSequenceAndTheSequencesAreWrittenWhenItIsFinished() {
        String other = "c-" + UUID.randomUUID();
        inSequence.apply(event(0));

        inSequence.beginBatch(List.of(caseId, other));
        inSequence.apply(event(2));
        inSequence.apply(eventOf(other, 0));
        inSequence.apply(event(1));
        inSequence.apply(event(4));
        inSequence.apply(eventOf(other, 1));
        inSequence.apply(event(3));
        inSequence.apply(event(1));
        assertThat(lastApplied()).as("written when the batch is finished").contains(0L);
        inSequence.finishBatch();

        assertThat(applied)
                .extracting(event -> event.aggregateId().equals(caseId) ? event.sequence() : -1 - event.sequence())
                .as("this case's sequences, and the other's as -1, -2")
                .containsExactly(0L, -1L, 1L, 2L, -2L, 3L, 4L, 1L);
        assertThat(lastApplied()).contains(4L);
        assertThat(jdbc.sql("SELECT last_sequence FROM applied_sequence WHERE consumer_name = ? AND aggregate_id = ?")
                .params(consumer, other).query(Long.class).optional()).contains(1L);
        assertThat(parked()).isZero();
    }

    @Test
    void aRecordParkedInOneBatchIsAppliedWhenALaterBatchBringsTheOnesBeforeIt() {
        inSequence.beginBatch(List.of(caseId));
        inSequence.apply(event(0));
        inSequence.apply(event(2));
        inSequence.finishBatch();
        assertThat(parked()).isEqualTo(1);

        inSequence.beginBatch(List.of(caseId));
        inSequence.apply(event(1));
        inSequence.finishBatch();

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L);
        assertThat(lastApplied()).contains(2L);
        assertThat(parked()).isZero();
    }

    @Test
    void givenPartitionsWithNoRecordParkedABatchDoesNotLookForAny() {
        CountingDataSource statements = new CountingDataSource(MigratedDatabase.runtimeDataSource(
                "platform_sequence"));
        InSequence counted = new InSequence(consumer, applied::add, JdbcClient.create(statements), CODEC);
        inOneBatch(counted, 0);
        assertThat(statements.executedSinceLastAsked()).filteredOn(sql -> sql.contains("parked_record"))
                .as("before it was given partitions: looked for").hasSize(1);

        counted.partitionsAssigned();
        inOneBatch(counted, 1);

        assertThat(statements.executedSinceLastAsked()).filteredOn(sql -> sql.contains("parked_record"))
                .as("asked once whether any is parked, then none looked for").hasSize(1);
        assertThat(sequencesApplied()).containsExactly(0L, 1L);
    }

    @Test
    void aRecordAnotherInstanceParkedIsAppliedOnceThePartitionsAreGivenHere() {
        InSequence before = new InSequence(consumer, applied::add, jdbc, CODEC);
        inOneBatch(before, 0, 2);

        inSequence.partitionsAssigned();
        inOneBatch(inSequence, 1);

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L);
        assertThat(parked()).isZero();
    }

    @Test
    void whenAskingWhetherAnyIsParkedFailsEveryBatchLooks() {
        CountingDataSource statements = new CountingDataSource(MigratedDatabase.runtimeDataSource(
                "platform_sequence"));
        InSequence failing = new InSequence(consumer, applied::add, JdbcClient.create(statements), CODEC);
        failing.partitionsAssigned();
        InSequence before = new InSequence(consumer, event -> { }, jdbc, CODEC);
        inOneBatch(before, 0, 2);

        statements.beforeEach(sql -> {
            if (sql.contains("EXISTS")) {
                throw new IllegalStateException("the database went away");
            }
        });
        assertThat(catchThrowable(failing::partitionsAssigned)).hasMessage("the database went away");
        statements.beforeEach(sql -> { });
        inOneBatch(failing, 1);

        assertThat(sequencesApplied()).containsExactly(1L, 2L);
        assertThat(parked()).isZero();
    }

    @Test
    void aRecordParkedAfterNoneWasIsLookedForInTheNextBatch() {
        inSequence.partitionsAssigned();
        inOneBatch(inSequence, 0, 2);

        inOneBatch(inSequence, 1);

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L);
        assertThat(parked()).isZero();
    }

    @Test
    void anAbandonedBatchWritesNoSequenceAndTheNextRecordIsReadFromTheTable() {
        inSequence.apply(event(0));
        inSequence.beginBatch(List.of(caseId));
        inSequence.apply(event(1));
        inSequence.abandonBatch();

        assertThat(lastApplied()).contains(0L);
        inSequence.apply(event(1));
        assertThat(lastApplied()).contains(1L);
    }

    /**
     * A projection that keeps each aggregate's last sequence in its own rows is asked for them, after it has begun its
     * batch, and nothing is kept for it in {@code applied_sequence}; records ahead wait as for any other.
     */
    @Test
    void aProjectionThatKeepsItsSequencesIsAskedForThemAndNothingIsKeptForIt() {
        Map<String, Long> kept = new HashMap<>();
        List<String> calls = new ArrayList<>();
        KeepsSequences keeper = new KeepsSequences() {
            @Override
            public void apply(ConsumedEvent event) {
                applied.add(event);
                kept.merge(event.aggregateId(), event.sequence(), Math::max);
            }

            @Override
            public void beginBatch(Collection<String> aggregateIds) {
                calls.add("begin");
            }

            @Override
            public Map<String, Long> lastSequences(Collection<String> aggregateIds) {
                calls.add("last " + aggregateIds);
                Map<String, Long> last = new HashMap<>(kept);
                last.keySet().retainAll(aggregateIds);
                return last;
            }
        };
        InSequence guarded = new InSequence(consumer, keeper, jdbc, CODEC);

        guarded.beginBatch(List.of(caseId));
        guarded.apply(event(0));
        guarded.apply(event(2));
        guarded.finishBatch();
        guarded.beginBatch(List.of(caseId));
        guarded.apply(event(1));
        guarded.apply(event(1));
        guarded.finishBatch();
        guarded.apply(event(4));
        guarded.apply(event(3));

        assertThat(sequencesApplied()).containsExactly(0L, 1L, 2L, 1L, 3L, 4L);
        assertThat(calls).containsExactly("begin", "last [" + caseId + "]", "begin", "last [" + caseId + "]",
                "last [" + caseId + "]", "last [" + caseId + "]");
        assertThat(lastApplied()).as("nothing kept in applied_sequence").isEmpty();
        assertThat(parked()).isZero();
    }

    /** Applies these events of the case as one batch. */
    private void inOneBatch(InSequence guard, long... sequences) {
        guard.beginBatch(List.of(caseId));
        for (long sequence : sequences) {
            guard.apply(event(sequence));
        }
        guard.finishBatch();
    }

    private ConsumedEvent event(long sequence) {
        return new ConsumedEvent("ContactLost", "2", "e-" + sequence, caseId, sequence,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(sequence), Optional.of("volunteer-1"),
                Optional.empty(), Optional.of(contactLost()), "caseledger.cases.v1", 0, sequence, () -> {
                });
    }

    private ConsumedEvent eventOf(String aggregateId, long sequence) {
        return new ConsumedEvent("ContactLost", "2", "e-" + aggregateId + "-" + sequence, aggregateId, sequence,
                Instant.parse("2025-01-01T00:00:00Z").plusSeconds(sequence), Optional.of("volunteer-1"),
                Optional.empty(), Optional.of(new ContactLost(new CaseId(aggregateId), ApproximateDate.parse("2019-04"),
                        new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "a neighbour"))),
                "caseledger.cases.v1", 0, sequence, () -> {
                });
    }

    private ContactLost contactLost() {
        return new ContactLost(new CaseId(caseId), ApproximateDate.parse("2019-04"),
                new Source(SourceType.RELATIVE_TESTIMONY));
    }

    private List<Long> sequencesApplied() {
        return applied.stream().map(ConsumedEvent::sequence).toList();
    }

    private Optional<Long> lastApplied() {
        return jdbc.sql("SELECT last_sequence FROM applied_sequence WHERE consumer_name = ? AND aggregate_id = ?")
                .params(consumer, caseId).query(Long.class).optional();
    }

    private long parked() {
        return jdbc.sql("SELECT count(*) FROM parked_record WHERE consumer_name = ? AND aggregate_id = ?")
                .params(consumer, caseId).query(Long.class).single();
    }
}
