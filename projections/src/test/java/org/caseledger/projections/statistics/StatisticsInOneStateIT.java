package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The statements of one statistics answer, side by side on connections of their own, read one state of the model: a
 * case, its detention and its appeal committed while they run are counted by every statement or by none. Each test
 * records its people in a prefecture of its own, through the projections' own code as their consumers apply a poll,
 * so that a record is committed at the moment the test chooses.
 */
class StatisticsInOneStateIT extends RunningProjections {

    private static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife");
    private static final String AUTHORITY = "kz-foreign-ministry-one-state";
    private static final AtomicBoolean REGISTERED = new AtomicBoolean();

    @Autowired
    DataSource dataSource;
    @Autowired
    Clock clock;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    @Qualifier("statisticsProjection")
    EventProjection statisticsProjection;
    @Autowired
    @Qualifier("appealsProjection")
    EventProjection appealsProjection;

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void anAnswerCountsNoCaseRecordedWhileItsStatementsRan() {
        String prefecture = prefecture();
        recordDetainedWithAnAppeal(prefecture);
        // Two filters: read from the rows, in four statements (under one, from the counts per filter value, below).
        StatisticsFilters inPrefecture = StatisticsFilters.of(null, null, Gender.FEMALE, prefecture, null, null, null,
                null);
        ApproximateDate by2018 = new ApproximateDate(2018, null, null);
        JsonNode before = json.valueToTree(oneAfterAnother().statistics(inPrefecture, false, true, KnownAt.NOW,
                by2018));
        // Each statement beside the first runs at once on the asking thread, and another person is recorded and
        // committed right after it: without one snapshot, each statement would count one more than the one before.
        Executor recordingAfterEach = statement -> {
            statement.run();
            recordDetainedWithAnAppeal(prefecture);
        };
        StatisticsQueries recording = new StatisticsQueries(jdbc, clock,
                new SharedSnapshot(dataSource, recordingAfterEach, 3), new StatusAt());

        JsonNode whileRecorded = json.valueToTree(recording.statistics(inPrefecture, false, true, KnownAt.NOW,
                by2018));

        assertThat(whileRecorded).as("the answer read while three more people were recorded").isEqualTo(before);
        JsonNode after = json.valueToTree(oneAfterAnother().statistics(inPrefecture, false, true, KnownAt.NOW,
                by2018));
        assertThat(List.of(after.at("/byStatus/n").asInt(), after.at("/overTime/detentions/n").asInt(),
                after.at("/byAgeAtFirstDetention/n").asInt(), after.at("/appeals/n").asInt(),
                after.at("/statusAt/n").asInt()))
                .as("cases, detentions, ages, appeals and the cases by 2018 once the three are recorded")
                .containsExactly(4, 4, 4, 4, 4);
        assertThat(before.at("/appeals/n").asInt()).isEqualTo(1);
    }

    @Test
    void anAnswerFromTheCountsPerFilterCountsNoCaseRecordedWhileItsStatementsRan() {
        String prefecture = prefecture();
        recordDetainedWithAnAppeal(prefecture);
        StatisticsFilters inPrefecture = StatisticsFilters.of(null, null, null, prefecture, null, null, null, null);
        JsonNode before = json.valueToTree(oneAfterAnother().statistics(inPrefecture, false, true));
        Executor recordingAfterEach = statement -> {
            statement.run();
            recordDetainedWithAnAppeal(prefecture);
        };
        StatisticsQueries recording = new StatisticsQueries(jdbc, clock,
                new SharedSnapshot(dataSource, recordingAfterEach, 3), new StatusAt());

        JsonNode whileRecorded = json.valueToTree(recording.statistics(inPrefecture, false, true));

        assertThat(whileRecorded).as("the answer read while one more person was recorded").isEqualTo(before);
        JsonNode after = json.valueToTree(oneAfterAnother().statistics(inPrefecture, false, true));
        assertThat(List.of(after.at("/byStatus/n").asInt(), after.at("/overTime/detentions/n").asInt(),
                after.at("/byAgeAtFirstDetention/n").asInt(), after.at("/appeals/n").asInt()))
                .as("cases, detentions, ages and appeals once the one beside the first statement is recorded")
                .containsExactly(2, 2, 2, 2);
        assertThat(before.at("/appeals/n").asInt()).isEqualTo(1);
    }

    @Test
    void anAnswerThatFindsNoConnectionFreeBesideItsFirstReadsItsStatementsOneAfterAnother() throws Exception {
        String prefecture = prefecture();
        recordDetainedWithAnAppeal(prefecture);
        // Two filters: read from the rows, in four statements.
        StatisticsFilters inPrefecture = StatisticsFilters.of(null, null, Gender.FEMALE, prefecture, null, null, null,
                null);
        CountDownLatch held = new CountDownLatch(1);
        AtomicInteger besideRun = new AtomicInteger();
        Executor heldUntilReleased = statement -> new Thread(() -> {
            besideRun.incrementAndGet();
            try {
                held.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            statement.run();
        }).start();
        StatisticsQueries queries = new StatisticsQueries(jdbc, clock,
                new SharedSnapshot(dataSource, heldUntilReleased, 3), new StatusAt());
        CompletableFuture<Statistics> holding = CompletableFuture.supplyAsync(
                () -> queries.statistics(inPrefecture, false, true));
        await().atMost(Duration.ofSeconds(30)).until(() -> besideRun.get() == 3);

        Statistics meanwhile = queries.statistics(inPrefecture, false, true);

        assertThat(besideRun.get()).as("statements run beside a first connection").isEqualTo(3);
        held.countDown();
        JsonNode read = json.valueToTree(meanwhile);
        assertThat(read.at("/byStatus/n").asInt()).isEqualTo(1);
        assertThat((JsonNode) json.valueToTree(holding.get(30, TimeUnit.SECONDS))).isEqualTo(read);
    }

    @Test
    void aStatementThatFailsBesideTheFirstFailsTheAnswerAndFreesItsConnections() {
        AtomicInteger besideRun = new AtomicInteger();
        Executor counting = statement -> {
            besideRun.incrementAndGet();
            new Thread(statement).start();
        };
        SharedSnapshot snapshot = new SharedSnapshot(dataSource, counting, 2);

        assertThatThrownBy(() -> snapshot.read(2, reading -> {
            Supplier<Integer> failing = reading.beside(on -> on.sql("SELECT 1 / 0").query(Integer.class).single());
            Supplier<Integer> slow = reading.beside(on -> on.sql("SELECT 1 FROM pg_sleep(0.2)")
                    .query(Integer.class).single());
            return failing.get() + slow.get();
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("division by zero");

        int read = snapshot.read(2, reading -> {
            Supplier<Integer> one = reading.beside(on -> on.sql("SELECT 1").query(Integer.class).single());
            Supplier<Integer> two = reading.beside(on -> on.sql("SELECT 2").query(Integer.class).single());
            return one.get() + two.get();
        });
        assertThat(read).isEqualTo(3);
        assertThat(besideRun.get()).as("statements run beside, the failed answer's and the next one's").isEqualTo(4);
    }

    @Test
    void aStatementStillReadingWhenAnotherFailsIsCancelled() {
        CountDownLatch slowReading = new CountDownLatch(1);
        AtomicReference<Throwable> slowEnded = new AtomicReference<>();
        SharedSnapshot snapshot = new SharedSnapshot(dataSource, statement -> new Thread(statement).start(), 2);

        assertThatThrownBy(() -> snapshot.read(2, reading -> {
            Supplier<Integer> slow = reading.beside(on -> {
                slowReading.countDown();
                try {
                    return on.sql("SELECT 1 FROM pg_sleep(60)").query(Integer.class).single();
                } catch (RuntimeException e) {
                    slowEnded.set(e);
                    throw e;
                }
            });
            Supplier<Integer> failing = reading.beside(on -> {
                awaitQuietly(slowReading);
                return on.sql("SELECT 1 / 0").query(Integer.class).single();
            });
            return failing.get() + slow.get();
        })).isInstanceOf(DataAccessException.class).hasMessageContaining("division by zero");

        assertThat(slowEnded.get()).as("how the statement still reading ended")
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("canceling statement");
    }

    @Test
    void aStatementThatReadsPastTheTimeoutFailsTheAnswer() {
        SharedSnapshot besideTheFirst = new SharedSnapshot(dataSource, statement -> new Thread(statement).start(), 1,
                Duration.ofMillis(300));
        SharedSnapshot onTheFirst = new SharedSnapshot(dataSource, Runnable::run, 0, Duration.ofMillis(300));

        assertThatThrownBy(() -> besideTheFirst.read(1, reading -> reading.beside(
                on -> on.sql("SELECT 1 FROM pg_sleep(60)").query(Integer.class).single()).get()))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("statement timeout");
        assertThatThrownBy(() -> onTheFirst.read(1, reading -> reading.first()
                .sql("SELECT 1 FROM pg_sleep(60)").query(Integer.class).single()))
                .isInstanceOf(QueryTimeoutException.class).hasMessageContaining("statement timeout");
        int withinTheTimeout = besideTheFirst.read(1, reading -> reading.beside(
                on -> on.sql("SELECT 2").query(Integer.class).single()).get());
        assertThat(withinTheTimeout)
                .as("a statement that reads within the timeout").isEqualTo(2);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private StatisticsQueries oneAfterAnother() {
        return new StatisticsQueries(jdbc, clock, new SharedSnapshot(dataSource, Runnable::run, 0), new StatusAt());
    }

    private static String prefecture() {
        return "One state " + UUID.randomUUID();
    }

    /** A woman of the prefecture detained in a camp in 2017, born 1980, and one appeal filed for her. */
    private void recordDetainedWithAnAppeal(String prefecture) {
        CaseId id = new CaseId(UUID.randomUUID().toString());
        Person person = new Person("A person", List.of(), Gender.FEMALE, new Birth(1980, null, null, null), "Kazakh",
                List.of("CN"), new Hometown("Zhaosu", prefecture), null);
        ApproximateDate detained = new ApproximateDate(2017, 11, null);
        Facility camp = new Facility("106", "Facility 106", null, "camp");
        AppealId appealId = new AppealId(UUID.randomUUID().toString());
        transactions.executeWithoutResult(status -> {
            ConsumedEvent opened = event(Topics.CASES, id.value(), 0, new DetentionReported(id,
                    Math.abs(UUID.randomUUID().getMostSignificantBits()), person,
                    new Detention(detained, "Zhaosu", DetentionKind.CAMP, camp), WIFE));
            statisticsProjection.apply(opened);
            statisticsProjection.apply(event(Topics.CASES, id.value(), 1, new CaseStatusDerived(id,
                    CaseStatus.DETAINED, opened.eventId(), detained, DetentionKind.CAMP, camp, null, null, false,
                    List.of())));
            if (!REGISTERED.getAndSet(true)) {
                appealsProjection.apply(event(Topics.APPEALS, AUTHORITY, 0, new AuthorityRegistered(
                        new AuthorityId(AUTHORITY), "Ministry of Foreign Affairs", AuthorityKind.FOREIGN_MINISTRY,
                        "KZ", 30)));
            }
            appealsProjection.apply(event(Topics.APPEALS, appealId.value(), 0, new AppealFiled(appealId, id,
                    new AuthorityId(AUTHORITY), AppealChannel.LETTER, AppellantRole.RELATIVE,
                    LocalDate.of(2019, 3, 1), "asked where she is held", LocalDate.of(2019, 3, 31), null)));
        });
    }

    private static ConsumedEvent event(String topic, String aggregateId, long sequence, Object payload) {
        return new ConsumedEvent(EventCatalogue.nameOf(payload.getClass()), "1", UUID.randomUUID().toString(),
                aggregateId, sequence, Instant.now(), Optional.of("volunteer-17"), Optional.empty(),
                Optional.of(payload), topic, 0, 0, () -> {
        });
    }
}
