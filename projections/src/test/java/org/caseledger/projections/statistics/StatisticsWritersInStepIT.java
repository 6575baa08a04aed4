package org.caseledger.projections.statistics;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An appeal is counted, and takes what the filters read of its case, in two consumers' transactions: the appeals' (an
 * appeal of a known case is counted and takes its case's values as it is written) and the statistics' (a case counts
 * the appeals that arrived before it and spreads its values to them). Written at the same time, neither transaction
 * sees the other's uncommitted row; one must wait for the other, so that the appeal ends counted once and with its
 * case's values whichever commits first. Driven here with two real database sessions, one holding its transaction open
 * while the other writes.
 */
class StatisticsWritersInStepIT {

    private static final String DATABASE = "projections_statistics_in_step";
    private static TestDatabase database;
    private static JdbcClient jdbc;

    private final String caseId = UUID.randomUUID().toString();
    private final String appealId = UUID.randomUUID().toString();
    private final String authorityId = UUID.randomUUID().toString();

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase(DATABASE);
        database = RealInfrastructure.get().database(DATABASE);
    }

    @Test
    void anAppealWrittenWhileItsCaseIsBeingWrittenTakesTheCaseValuesOnceTheCaseIsCommitted() throws Exception {
        try (Connection cases = session(); Connection appeals = session()) {
            insertCase(cases);
            CompletableFuture<Void> appealWritten = CompletableFuture.runAsync(() -> write(appeals, this::insertAppeal));

            awaitWaitingOrDone(appeals, appealWritten);
            cases.commit();
            appealWritten.get();
        }

        assertThat(appealRow()).isEqualTo("t DETAINED Ili Zhaosu");
        assertThat(filed()).as("the appeal is counted once").isEqualTo(1);
    }

    @Test
    void aCaseWrittenWhileItsAppealIsBeingWrittenSpreadsItsValuesToItOnceTheAppealIsCommitted() throws Exception {
        try (Connection cases = session(); Connection appeals = session()) {
            insertAppeal(appeals);
            CompletableFuture<Void> caseWritten = CompletableFuture.runAsync(() -> write(cases, this::insertCase));

            awaitWaitingOrDone(cases, caseWritten);
            appeals.commit();
            caseWritten.get();
        }

        assertThat(appealRow()).isEqualTo("t DETAINED Ili Zhaosu");
        assertThat(filed()).as("the appeal is counted once").isEqualTo(1);
    }

    @Test
    void anAppealOfACaseNotKnownHereIsNotCounted() throws Exception {
        try (Connection appeals = session()) {
            insertAppeal(appeals);
            appeals.commit();
        }

        assertThat(appealRow()).isEqualTo("f - - -");
        assertThat(filed()).isZero();
    }

    @FunctionalInterface
    private interface Write {
        void to(Connection session) throws SQLException;
    }

    private static void write(Connection session, Write write) {
        try {
            write.to(session);
            session.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Until the session waits for a lock, or, where nothing makes it wait, has done its writing. */
    private static void awaitWaitingOrDone(Connection session, CompletableFuture<Void> writing) throws SQLException {
        int pid = session.unwrap(org.postgresql.PGConnection.class).getBackendPID();
        await().atMost(Duration.ofSeconds(30)).until(() -> writing.isDone() || jdbc.sql(
                        "SELECT wait_event_type = 'Lock' FROM pg_stat_activity WHERE pid = :pid")
                .param("pid", pid).query(Boolean.class).optional().orElse(false));
    }

    private static Connection session() throws SQLException {
        Connection session = DriverManager.getConnection(database.jdbcUrl(), database.runtimeRole(),
                database.runtimePassword());
        session.setAutoCommit(false);
        return session;
    }

    private void insertCase(Connection session) throws SQLException {
        try (var insert = session.prepareStatement("""
                INSERT INTO statistics_case (case_id, status, prefecture, county, version, recorded_at)
                VALUES (?, 'DETAINED', 'Ili', 'Zhaosu', 0, now())""")) {
            insert.setString(1, caseId);
            insert.executeUpdate();
        }
    }

    private void insertAppeal(Connection session) throws SQLException {
        try (var insert = session.prepareStatement("""
                INSERT INTO appeal (appeal_id, case_id, authority_id, channel, filed_by, filed_on, response_due_on,
                                    last_event_at, version)
                VALUES (?, ?, ?, 'LETTER', 'RELATIVE', DATE '2019-03-01', DATE '2019-04-01', now(), 0)
                """)) {
            insert.setString(1, appealId);
            insert.setString(2, caseId);
            insert.setString(3, authorityId);
            insert.executeUpdate();
        }
    }

    /** The appeals filed with this test's authority, as the counts kept for the unfiltered answer hold them. */
    private long filed() {
        return jdbc.sql("""
                        SELECT coalesce(sum(cases), 0)
                          FROM (SELECT cases FROM statistics_count WHERE breakdown = 'appeal:filed' AND key = :authority
                                UNION ALL
                                SELECT cases FROM statistics_count_change
                                 WHERE breakdown = 'appeal:filed' AND key = :authority) counted""")
                .param("authority", authorityId).query(Long.class).single();
    }

    /** counted, status, prefecture and county as the appeal's statistics row holds them. */
    private String appealRow() {
        return jdbc.sql("""
                        SELECT concat_ws(' ', counted, coalesce(status, '-'), coalesce(prefecture, '-'),
                                         coalesce(county, '-'))
                          FROM statistics_appeal WHERE appeal_id = :appealId""")
                .param("appealId", appealId).query(String.class).single();
    }
}
