package org.caseledger.appeals.knowncases;

import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.appeals.command.CaseRegister;
import org.caseledger.appeals.command.CaseRegister.CaseStanding;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.Redeliveries;
import org.caseledger.platform.testing.StoredPositions;
import org.caseledger.platform.testing.TestKeyHolder;
import org.caseledger.platform.testing.TopicWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The cases appeal-service learns of from the cases topic, read by its own consumer with its positions stored. */
class KnownCasesIT extends RunningAppealService {

    static final String CONSUMER = "appeal-service.known-cases";
    static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    static TopicWriter cases;

    @BeforeAll
    static void openCasesTopic() {
        cases = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case");
    }

    @AfterAll
    static void closeCasesTopic() {
        cases.close();
    }

    @Autowired
    TopicConsumer knownCasesConsumer;
    @Autowired
    CaseRegister register;
    @Autowired
    MeterRegistry registry;
    @Autowired
    DataKeys keys;
    @Autowired
    KnownCases knownCases;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void caseMergedIntoAnotherStaysMergedWhenItsOpeningIsReadAgain() {
        CaseId caseId = CaseId.random();
        DetentionReported opening = opening(caseId);
        CaseMerged merge = new CaseMerged(caseId, CaseId.random(), "reported twice");
        long absorbedBefore = Redeliveries.absorbedBy(registry, CONSUMER);
        String openingId = cases.publish(caseId.value(), 0, opening);
        String mergeId = cases.publish(caseId.value(), 1, merge);
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId).equals(Optional.of("MERGED")));
        StoredPositions.awaitReadPast(jdbc, CONSUMER, cases.lastWritten());
        assertThat(Redeliveries.absorbedBy(registry, CONSUMER)).isEqualTo(absorbedBefore);

        cases.publish(caseId.value(), 0, opening, openingId);
        cases.publish(caseId.value(), 1, merge, mergeId);
        StoredPositions.awaitReadPast(jdbc, CONSUMER, cases.lastWritten());

        assertThat(state(caseId)).contains("MERGED");
        assertThat(version(caseId)).isEqualTo(1);
        assertThat(Redeliveries.absorbedBy(registry, CONSUMER)).isEqualTo(absorbedBefore + 2);
    }

    /**
     * A poll's openings are learnt together when it ends: one known before and one read twice in the poll count as
     * applied before, each once, and a merge in the poll finds its case's opening written. Applied directly, with
     * cases no topic carries.
     */
    @Test
    void aPollsOpeningsAreLearntTogetherEachOnce() {
        CaseId known = CaseId.random();
        CaseId opened = CaseId.random();
        CaseId merged = CaseId.random();
        AtomicInteger appliedBefore = new AtomicInteger();
        DetentionReported knownOpening = opening(known);
        DetentionReported opening = opening(opened);
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        transaction.executeWithoutResult(status -> knownCases.apply(event(known, 0, knownOpening, appliedBefore)));
        assertThat(state(known)).contains("OPEN");
        assertThat(appliedBefore).hasValue(0);

        transaction.executeWithoutResult(status -> {
            knownCases.beginBatch(List.of(known.value(), opened.value(), merged.value()));
            knownCases.apply(event(known, 0, knownOpening, appliedBefore));
            knownCases.apply(event(opened, 0, opening, appliedBefore));
            knownCases.apply(event(opened, 0, opening, appliedBefore));
            knownCases.apply(event(merged, 0, opening(merged), appliedBefore));
            knownCases.apply(event(merged, 1, new CaseMerged(merged, opened, "reported twice"), appliedBefore));
            knownCases.finishBatch();
        });

        assertThat(appliedBefore).as("openings found applied before").hasValue(2);
        assertThat(state(opened)).contains("OPEN");
        assertThat(jdbc.sql("SELECT case_number FROM known_case WHERE case_id = ?").param(opened.value())
                .query(Long.class).single()).isEqualTo(opening.caseNumber());
        assertThat(state(merged)).contains("MERGED");
        assertThat(version(merged)).isEqualTo(1);
    }

    private static ConsumedEvent event(CaseId caseId, long sequence, Object payload, AtomicInteger appliedBefore) {
        return new ConsumedEvent(payload.getClass().getSimpleName(), "1", UUID.randomUUID().toString(),
                caseId.value(), sequence, Instant.now(), Optional.empty(), Optional.empty(), Optional.of(payload),
                Topics.CASES, 0, sequence, appliedBefore::incrementAndGet);
    }

    @Test
    void registerTellsOpenMergedAndUnknownCasesApart() {
        CaseId open = CaseId.random();
        CaseId merged = CaseId.random();
        cases.publish(open.value(), 0, opening(open));
        cases.publish(merged.value(), 0, opening(merged));
        cases.publish(merged.value(), 1, new CaseMerged(merged, open, "reported twice"));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(merged).equals(Optional.of("MERGED"))
                && state(open).isPresent());

        assertThat(register.standingOf(open)).isEqualTo(CaseStanding.OPEN);
        assertThat(register.standingOf(merged)).isEqualTo(CaseStanding.MERGED);
        assertThat(register.standingOf(CaseId.random())).isEqualTo(CaseStanding.UNKNOWN);
    }

    /**
     * A case is learnt from its opening's case number: the person's sealed values are left unopened, and their key is
     * not asked for until an appeal's summary needs it.
     */
    @Test
    void caseIsLearntWithoutItsPersonsKeyBeingAskedFor() {
        CaseId caseId = CaseId.random();
        TestKeyHolder holder = PersonalDataTestKeys.holder();
        cases.publishSealed(caseId.value(), 0, opening(caseId), new PersonalDataCodec(EventJson.mapper(),
                holder.keys()));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId).equals(Optional.of("OPEN")));
        StoredPositions.awaitReadPast(jdbc, CONSUMER, cases.lastWritten());

        assertThat(holder.askedFor(caseId.value())).isFalse();
        assertThat(keys.opening(caseId.value())).isInstanceOf(DataKey.Present.class);
        assertThat(holder.askedFor(caseId.value())).isTrue();
    }

    /**
     * The person's key, fetched to seal an appeal's summary, is forgotten as soon as the erasure is read, though the
     * holder here still has it: this service never seals or opens with it again.
     */
    @Test
    void erasureOfThePersonClosesTheCaseToAppealsAndForgetsTheirKey() {
        CaseId caseId = CaseId.random();
        PersonalDataTestKeys.holder().keyFor(caseId.value());
        cases.publish(caseId.value(), 0, opening(caseId));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId).equals(Optional.of("OPEN")));
        assertThat(keys.opening(caseId.value())).isInstanceOf(DataKey.Present.class);

        cases.publish(caseId.value(), 1, new PersonalDataErased(caseId, caseId.value(), DataSubject.PERSON,
                Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(caseId).equals(Optional.of("ERASED")));

        assertThat(register.standingOf(caseId)).isEqualTo(CaseStanding.ERASED);
        assertThat(keys.opening(caseId.value())).isInstanceOf(DataKey.Erased.class);
    }

    /**
     * While the consumer is stopped, the row it wrote for a case is taken away: only reading the topic again from
     * before its stored position would bring it back.
     */
    @Test
    void consumerRestartedResumesFromItsStoredPosition() {
        CaseId before = CaseId.random();
        cases.publish(before.value(), 0, opening(before));
        await().atMost(Duration.ofSeconds(30)).until(() -> state(before).isPresent());

        knownCasesConsumer.stop();
        jdbc.sql("DELETE FROM known_case WHERE case_id = ?").param(before.value()).update();
        CaseId during = CaseId.random();
        cases.publish(during.value(), 0, opening(during));
        knownCasesConsumer.start();

        await().atMost(Duration.ofSeconds(30)).until(() -> state(during).equals(Optional.of("OPEN")));
        assertThat(state(before)).isEmpty();
    }

    private static DetentionReported opening(CaseId caseId) {
        return new DetentionReported(caseId, CASE_NUMBERS.incrementAndGet(), new Person("Гүлнар Төлегенқызы"),
                new Detention(ApproximateDate.parse("2018-02"), "Ghulja", DetentionKind.CAMP),
                new Source(SourceType.RELATIVE_TESTIMONY));
    }

    private Optional<String> state(CaseId caseId) {
        return jdbc.sql("SELECT state FROM known_case WHERE case_id = ?").param(caseId.value())
                .query(String.class).optional();
    }

    private long version(CaseId caseId) {
        return jdbc.sql("SELECT version FROM known_case WHERE case_id = ?").param(caseId.value())
                .query(Long.class).single();
    }
}
