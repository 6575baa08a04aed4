package org.caseledger.platform.personaldata;

import org.caseledger.platform.testing.CountingDataSource;
import org.caseledger.platform.testing.MovingClock;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TestKeyHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys' database as case-service lays it out (its owner runs the migrations, the service runs as the runtime
 * role): an erasure removes the key and vacuums the table as the runtime role, so that no dead row version keeps the
 * wrapped key's bytes. A new subject's key costs two statements, and two instances that make one at once, or a key
 * made while the subject is erased, end with the row's answer.
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
    void aNewSubjectsKeyIsMadeInTwoStatementsAndThenHeld() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys counted = cached(statements, 10);
        String subject = newSubject();

        DataKey made = counted.sealing(subject);

        assertThat(statements.executedSinceLastAsked())
                .as("the miss, then the insert that says the row is ours")
                .satisfiesExactly(
                        sql -> assertThat(sql).startsWith("SELECT"),
                        sql -> assertThat(sql).startsWith("INSERT").contains("RETURNING"));
        assertThat(counted.sealing(subject)).isEqualTo(made);
        assertThat(counted.opening(subject)).isEqualTo(made);
        assertThat(statements.executedSinceLastAsked()).as("the key held in memory").isEmpty();
        assertThat(keys.opening(subject)).as("the key as stored").isEqualTo(made);
    }

    @Test
    void anInstanceThatLosesTheRaceForASubjectsKeyUsesTheWinners() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys loser = cached(statements, 10);
        String subject = newSubject();
        AtomicBoolean raced = new AtomicBoolean();
        statements.beforeEach(sql -> {
            if (sql.startsWith("INSERT") && raced.compareAndSet(false, true)) {
                keys.sealing(subject);
            }
        });

        DataKey used = loser.sealing(subject);

        assertThat(raced).isTrue();
        assertThat(used).isInstanceOf(DataKey.Present.class).isEqualTo(keys.opening(subject));
        assertThat(statements.executedSinceLastAsked()).as("the miss, the insert that lost, the winner's row read")
                .hasSize(3);
    }

    @Test
    void aSubjectErasedWhileItsKeyIsMadeGetsNone() {
        CountingDataSource statements = new CountingDataSource(database.runtimeDataSource());
        JdbcDataKeys sealing = cached(statements, 10);
        String subject = newSubject();
        statements.beforeEach(sql -> {
            if (sql.startsWith("INSERT")) {
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
