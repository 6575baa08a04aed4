package org.caseledger.platform.personaldata;

import org.caseledger.platform.testing.CountingDataSource;
import org.caseledger.platform.testing.MovingClock;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TestKeyHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The keys' database as case-service lays it out (its owner runs the migrations, the service runs as the runtime
 * role): an erasure removes the key and vacuums the table as the runtime role, so that no dead row version keeps the
 * wrapped key's bytes. A subject's key not held in memory costs one statement, made or found, and two instances that
 * make one at once, or a key made while the subject is erased, end with the row's answer. The keys of many subjects
 * not held cost one statement together.
 */
class JdbcDataKeysIT {

    private static final String DATABASE = "personal_data_erasure";
    private static final String KEK = KeyEncryptionKeys.generate("erasure-test");
    private static TestDatabase database;
    private static JdbcDataKeys keys;

    @BeforeAll
    static void migrate() {
        database = RealInfrastructure.get().database(DATABASE);
        keys = TestKeyHolder.keysIn(database, KEK);
    }

    @Test
    void anErasureRemovesTheKeyAndVacuumsItsTable() {
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(DATABASE));
        assertThat(keys.sealing("subject-1")).isInstanceOf(DataKey.Present.class);

        keys.erase("subject-1", "asked by the family");

        assertThat(keys.opening("subject-1")).isEqualTo(DataKey.ERASED);
        assertThat(superuser.sql("SELECT wrapped_key IS NULL AND erased_at IS NOT NULL FROM data_key "
                + "WHERE subject_id = 'subject-1'").query(Boolean.class).single()).isTrue();
        assertThat(superuser.sql("""
                        SELECT coalesce(s.last_vacuum >= k.created_at, FALSE)
                          FROM pg_stat_user_tables s, data_key k
                         WHERE s.relname = 'data_key' AND k.subject_id = 'subject-1'""")
                .query(Boolean.class).single()).as("the table was vacuumed after the key was made and removed").isTrue();
    }

    @Test
    void aNewSubjectsKeyIsMadeInOneStatementAndThenHeld() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys counted = cached(statements, 10);
        String subject = newSubject();

        DataKey made = counted.sealing(subject);

        assertThat(statements.executedSinceLastAsked())
                .as("the insert that says the row is ours, with the read of a row there already")
                .satisfiesExactly(sql -> assertThat(sql).startsWith("WITH").contains("INSERT").contains("RETURNING"));
        assertThat(counted.sealing(subject)).isEqualTo(made);
        assertThat(counted.opening(subject)).isEqualTo(made);
        assertThat(statements.executedSinceLastAsked()).as("the key held in memory").isEmpty();
        assertThat(keys.opening(subject)).as("the key as stored").isEqualTo(made);
    }

    @Test
    void aSubjectsKeyMadeElsewhereIsFoundInOneStatementAndAnErasureToo() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys other = cached(statements, 10);
        String subject = newSubject();
        String erased = newSubject();
        DataKey made = keys.sealing(subject);
        keys.erase(erased, "asked by the family");

        assertThat(other.sealing(subject)).isEqualTo(made);
        assertThat(other.sealing(erased)).isEqualTo(DataKey.ERASED);
        assertThat(statements.executedSinceLastAsked()).as("one statement each").hasSize(2);
        assertThat(keys.opening(subject)).as("the key as stored, not replaced").isEqualTo(made);
    }

    @Test
    void theKeysOfSubjectsNotHeldAreReadInOneStatementAndAnsweredInTheOrderAsked() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys answering = cached(statements, 10);
        String held = newSubject();
        String stored = newSubject();
        String erased = newSubject();
        String unknown = newSubject();
        DataKey heldKey = answering.sealing(held);
        DataKey storedKey = keys.sealing(stored);
        keys.erase(erased, "asked by the family");
        statements.executedSinceLastAsked();

        Map<String, DataKey> answer = answering.keysOf(List.of(unknown, stored, held, erased));

        assertThat(answer).containsExactly(entry(unknown, DataKey.UNKNOWN), entry(stored, storedKey),
                entry(held, heldKey), entry(erased, DataKey.ERASED));
        assertThat(statements.executedSinceLastAsked()).as("one read of the three not held")
                .satisfiesExactly(sql -> assertThat(sql).contains("ANY"));
        assertThat(answering.keysOf(List.of(stored, erased, unknown))).containsExactly(entry(stored, storedKey),
                entry(erased, DataKey.ERASED), entry(unknown, DataKey.UNKNOWN));
        assertThat(statements.executedSinceLastAsked()).as("the stored and the erased now held; no key is no key held")
                .hasSize(1);
    }

    @Test
    void theKeysOfManySubjectsAreMadeInOneStatementKeepingThoseMadeBeforeAndTheErasures() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys making = cached(statements, 10);
        String first = newSubject();
        String second = newSubject();
        String madeBefore = newSubject();
        String erased = newSubject();
        DataKey before = keys.sealing(madeBefore);
        keys.erase(erased, "asked by the family");

        making.sealingAll(List.of(first, madeBefore, second, erased, first));

        assertThat(statements.executedSinceLastAsked()).as("one insert of the keys, one read of the rows there")
                .satisfiesExactly(sql -> assertThat(sql).contains("INSERT").contains("unnest"),
                        sql -> assertThat(sql).contains("ANY"));
        DataKey firstKey = keys.opening(first);
        DataKey secondKey = keys.opening(second);
        assertThat(firstKey).isInstanceOf(DataKey.Present.class).isNotEqualTo(secondKey);
        assertThat(secondKey).isInstanceOf(DataKey.Present.class);
        assertThat(making.keysOf(List.of(first, second, madeBefore, erased))).as("all held, as stored")
                .containsExactly(entry(first, firstKey), entry(second, secondKey), entry(madeBefore, before),
                        entry(erased, DataKey.ERASED));
        assertThat(statements.executedSinceLastAsked()).isEmpty();
        making.sealingAll(List.of(first, second));
        assertThat(statements.executedSinceLastAsked()).as("nothing asked for keys held").isEmpty();
    }

    @Test
    void anInstanceThatLosesTheRaceForASubjectsKeyUsesTheWinners() throws Exception {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys loser = cached(statements, 10);
        String subject = newSubject();
        CompletableFuture<DataKey> winner = new CompletableFuture<>();
        CountDownLatch winnersRowWritten = new CountDownLatch(1);
        statements.beforeEach(sql -> {
            if (sql.contains("INSERT") && winnersRowWritten.getCount() == 1) {
                new Thread(() -> winner.complete(winsWhileTheLoserWaits(subject, winnersRowWritten))).start();
                await().atMost(Duration.ofSeconds(30)).until(() -> winnersRowWritten.getCount() == 0);
            }
        });

        DataKey used = loser.sealing(subject);

        assertThat(winner.get(30, TimeUnit.SECONDS)).isInstanceOf(DataKey.Present.class).isEqualTo(used);
        assertThat(keys.opening(subject)).isEqualTo(used);
        assertThat(statements.executedSinceLastAsked())
                .as("the insert that neither made the row nor saw it, then the winner's row read")
                .hasSize(2);
    }

    /**
     * Another instance making the subject's key: its row written and not committed until the loser's statement waits
     * for it, so that the loser began before the winner committed.
     */
    private DataKey winsWhileTheLoserWaits(String subject, CountDownLatch rowWritten) {
        DataSource runtime = database.runtimeDataSource();
        JdbcDataKeys other = new JdbcDataKeys(runtime, KeyEncryptionKeys.parse(KEK), Duration.ZERO, Clock.systemUTC());
        return new TransactionTemplate(new DataSourceTransactionManager(runtime)).execute(status -> {
            DataKey made = other.sealing(subject);
            rowWritten.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> JdbcClient.create(runtime).sql("""
                            SELECT count(*) FROM pg_stat_activity
                             WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                    .query(Long.class).single() > 0);
            return made;
        });
    }

    @Test
    void aSubjectErasedWhileItsKeyIsMadeGetsNone() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys sealing = cached(statements, 10);
        String subject = newSubject();
        statements.beforeEach(sql -> {
            if (sql.contains("INSERT")) {
                keys.erase(subject, "asked before the first value was sealed");
            }
        });

        assertThat(sealing.sealing(subject)).isEqualTo(DataKey.ERASED);
        assertThat(sealing.sealing(subject)).isEqualTo(DataKey.ERASED);
        assertThat(keys.opening(subject)).isEqualTo(DataKey.ERASED);
    }

    @Test
    void theKeysHeldInMemoryAreBoundedExpiredOnesGoingFirst() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        MovingClock clock = new MovingClock(Instant.parse("2026-01-01T00:00:00Z"));
        JdbcDataKeys bounded = new JdbcDataKeys(statements, KeyEncryptionKeys.parse(KEK), Duration.ofSeconds(10),
                clock, 4);
        List<String> earlier = List.of(newSubject(), newSubject(), newSubject());
        earlier.forEach(bounded::sealing);
        clock.advance(Duration.ofSeconds(11));
        List<String> later = List.of(newSubject(), newSubject());
        later.forEach(bounded::sealing);
        statements.executedSinceLastAsked();

        later.forEach(bounded::opening);
        assertThat(statements.executedSinceLastAsked()).as("the keys not expired are still held").isEmpty();

        List<String> many = List.of(newSubject(), newSubject(), newSubject(), newSubject(), newSubject(),
                newSubject(), newSubject(), newSubject());
        many.forEach(bounded::sealing);
        statements.executedSinceLastAsked();
        many.forEach(bounded::opening);
        assertThat(statements.executedSinceLastAsked()).as("at most four of eight keys are held")
                .hasSizeGreaterThanOrEqualTo(4);
    }

    private static JdbcDataKeys cached(CountingDataSource statements, int seconds) {
        return new JdbcDataKeys(statements, KeyEncryptionKeys.parse(KEK), Duration.ofSeconds(seconds),
                Clock.systemUTC());
    }

    private static String newSubject() {
        return "subject-" + UUID.randomUUID();
    }
}
