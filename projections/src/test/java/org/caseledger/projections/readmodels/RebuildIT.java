package org.caseledger.projections.readmodels;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.projections.ProjectionsMigrations;
import org.caseledger.projections.ProjectionsMigrations.Migrated;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/admin/projections/{name}/rebuild} on the real PostgreSQL and Kafka: a generated history is put on
 * the cases topic and built incrementally by the live consumers, then each rebuildable model is built again from the
 * topic's beginning beside the live one and switched in. The rebuilt tables must equal the live ones row for row;
 * queries must answer all along; the live consumer must go on from where the copy stopped.
 */
class RebuildIT extends RunningProjections {

    static final Map<String, List<String>> TABLES = Map.of(
            "projections.case-status", List.of("case_status", "case_fact"),
            "projections.timeline", List.of("timeline_case", "timeline_entry", "timeline_detail"),
            "projections.case-history", List.of("case_history"),
            "projections.case-search", List.of("case_search_name", "case_search_key", "case_search_case"));
    /** The tables of the appeals and the statistics, which are rebuilt together. */
    static final List<String> APPEALS_AND_STATISTICS = List.of("appeal", "appeal_authority", "appeal_response",
            "statistics_case", "statistics_fact", "statistics_appeal", "statistics_case_version",
            "statistics_fact_version", "statistics_appeal_version", "statistics_history");
    /**
     * Their counts, each as the counts folded, the changes not yet folded, and the cells of the cases' states not yet
     * folded (a reader sums them all).
     */
    static final Map<String, String> COUNTS = Map.of(
            "statistics_count", """
                    SELECT breakdown, key, label, trim_scale(sum(cases)), sum(disputed)
                      FROM (SELECT breakdown, key, label, cases, disputed FROM statistics_count
                            UNION ALL
                            SELECT breakdown, key, label, cases, disputed FROM statistics_count_change
                            UNION ALL
                            SELECT breakdown, key, label, cases, disputed
                              FROM statistics_case_states_unfolded()
                             WHERE filter IS NULL) c
                     GROUP BY breakdown, key, label
                    HAVING sum(cases) <> 0 OR sum(disputed) <> 0""",
            "statistics_filter_count", """
                    SELECT filter, value, breakdown, key, label, trim_scale(sum(cases)), sum(disputed)
                      FROM (SELECT filter, value, breakdown, key, label, cases, disputed FROM statistics_filter_count
                            UNION ALL
                            SELECT filter, value, breakdown, key, label, cases, disputed
                              FROM statistics_filter_count_change
                            UNION ALL
                            SELECT filter, value, breakdown, key, label, cases, disputed
                              FROM statistics_case_states_unfolded()
                             WHERE filter IS NOT NULL) c
                     GROUP BY filter, value, breakdown, key, label
                    HAVING sum(cases) <> 0 OR sum(disputed) <> 0""");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REBUILD = Duration.ofMinutes(10);
    private static final String IN_THE_COPY =
            "SELECT set_config('search_path', 'rebuild_projections_statistics, public', true)";

    @Autowired
    private RebuildTables tables;
    @Autowired
    private List<RebuildableModel> models;
    @Autowired
    private DataSource dataSource;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"projections.case-status", "projections.timeline", "projections.case-history",
            "projections.case-search"})
    void rebuildsAModelEqualToTheIncrementallyBuiltOneRowForRow(String model) {
        HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 300);
        awaitCaughtUp(model);
        Map<String, List<String>> incremental = rows(model);
        List<String> indexes = indexesAndConstraints(jdbc, TABLES.get(model));

        Instant requested = Instant.now();
        ResponseEntity<String> accepted = rebuild(model);
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getHeaders().getLocation()).hasToString("/api/admin/projections");
        assertThat(read(accepted.getBody()).path("progress").path("state").asText()).isEqualTo("BUILDING");
        awaitRebuilt(model, requested);

        assertThat(rows(model)).isEqualTo(incremental);
        assertAnalyzed(TABLES.get(model));
        assertThat(indexesAndConstraints(jdbc, TABLES.get(model)))
                .as("the indexes and constraints switched in, named as the migrations named the live ones")
                .isEqualTo(indexes);
        JsonNode last = model(standings(), model).path("lastRebuild");
        assertThat(last.path("done").asLong()).isPositive();
        assertThat(last.path("eventsPerSecond").asDouble()).as("the pace of a rebuild that applied events")
                .isPositive();
        assertThat(jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' "
                + "OR nspname LIKE 'retired\\_%'").query(String.class).list()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM consumer_position WHERE consumer_name LIKE 'projections.rebuild.%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void goesOnFromWhereTheCopyStoppedOnceSwitched() {
        awaitRebuilt("projections.case-status", rebuildNow("projections.case-status"));

        HistoryOnTopic.Written later = HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 20);

        await().atMost(REBUILD).untilAsserted(() -> assertThat(jdbc.sql(
                        "SELECT count(*) FROM case_status WHERE case_id IN (:ids)")
                .param("ids", later.caseIds()).query(Long.class).single()).isEqualTo(later.caseIds().size()));
        awaitCaughtUp("projections.case-status");
    }

    @Test
    void answersQueriesFromTheLiveModelThroughoutARebuild() throws Exception {
        HistoryOnTopic.Written history = HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 300);
        awaitCaughtUp("projections.case-status");
        awaitCaughtUp("projections.timeline");
        String caseId = history.caseIds().get(history.caseIds().size() / 2);
        String shown = get(caseId).getBody();
        String timeline = http.exchange("/api/cases/" + caseId + "/timeline", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ANALYST)), String.class).getBody();
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        CompletableFuture<List<String>> answers = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            while (rebuilding.get()) {
                ResponseEntity<String> status = get(caseId);
                ResponseEntity<String> entries = http.exchange("/api/cases/" + caseId + "/timeline", HttpMethod.GET,
                        new HttpEntity<>(SignedInClient.as(Role.ANALYST)), String.class);
                seen.add(status.getStatusCode().value() + " " + status.getBody());
                seen.add(entries.getStatusCode().value() + " " + entries.getBody());
            }
            return seen;
        });

        Instant caseStatus = rebuildNow("projections.case-status");
        Instant timelines = rebuildNow("projections.timeline");
        awaitRebuilt("projections.case-status", caseStatus);
        awaitRebuilt("projections.timeline", timelines);
        rebuilding.set(false);

        List<String> seen = answers.get();
        assertThat(seen.size()).isGreaterThan(2);
        assertThat(seen).allMatch(answer -> answer.equals("200 " + shown) || answer.equals("200 " + timeline));
    }

    /**
     * On the case status. Its copy may read this history before the rebuild's first one-second measurement and
     * switch right after, too soon for any progress to be read; so the switch is held back, the live table read by a
     * transaction of the test's until the progress has been read (the switch waits for readers, then tries again).
     */
    @Test
    void showsItsProgressInTheStandingsTheLogAndTheMetrics() throws SQLException {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(RebuildRun.class)).addAppender(log);
        try (Connection holding = dataSource.getConnection()) {
            HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 2000);
            awaitCaughtUp("projections.case-status");
            holding.setAutoCommit(false);
            try (Statement hold = holding.createStatement()) {
                hold.execute("LOCK TABLE public.case_status IN ACCESS SHARE MODE");
            }
            Instant requested = rebuildNow("projections.case-status");
            List<JsonNode> progress = new ArrayList<>();
            List<String> gauges = new ArrayList<>();
            try {
                await().atMost(REBUILD).pollInterval(Duration.ofMillis(200)).until(() -> {
                    JsonNode model = model(standings(), "projections.case-status");
                    JsonNode rebuild = model.path("rebuild");
                    if (rebuild.isNull() && rebuilt(model, requested)) {
                        throw new AssertionError("The rebuild ended before its progress showed: " + progress);
                    }
                    if (!rebuild.isNull()) {
                        progress.add(rebuild);
                        // The gauge's lines alone: a whole scrape every 200 ms fills the heap of a rebuild held long.
                        gauges.add(http.getForObject(management("/actuator/prometheus"), String.class).lines()
                                .filter(line -> line.startsWith("caseledger_rebuild_events_done"))
                                .collect(Collectors.joining("\n")));
                    }
                    return rebuild.path("done").asLong() > 0 && rebuild.path("eventsPerSecond").asDouble() > 0
                            && rebuild.path("secondsLeft").isNumber();
                });
            } finally {
                holding.rollback();
            }
            await().atMost(REBUILD).until(() -> rebuilt(model(standings(), "projections.case-status"), requested));

            assertThat(progress).isNotEmpty();
            assertThat(progress).allSatisfy(rebuild -> {
                assertThat(rebuild.path("startedAt").asText()).isNotEmpty();
                assertThat(rebuild.path("requestedBy").asText()).isEqualTo("admin");
            });
            assertThat(progress).anySatisfy(rebuild -> {
                assertThat(rebuild.path("done").asLong()).isPositive();
                assertThat(rebuild.path("total").asLong()).isGreaterThanOrEqualTo(rebuild.path("done").asLong());
                assertThat(rebuild.path("eventsPerSecond").asDouble()).isPositive();
                assertThat(rebuild.path("secondsLeft").isNumber()).isTrue();
            });
            assertThat(gauges).anySatisfy(scrape -> assertThat(scrape).containsPattern(
                    "caseledger_rebuild_events_done\\{[^}]*read_model=\"projections.case-status\"[^}]*} "
                            + "[1-9]"));
            JsonNode last = model(standings(), "projections.case-status").path("lastRebuild");
            assertThat(last.path("state").asText()).isEqualTo("DONE");
            assertThat(last.path("done").asLong()).isEqualTo(last.path("total").asLong()).isPositive();
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anyMatch(line -> line.matches("Rebuild of projections\\.case-status: BUILDING \\d+ / \\d+ "
                            + "events, .* events/s, .* s left"));
        } finally {
            ((Logger) LoggerFactory.getLogger(RebuildRun.class)).detachAppender(log);
        }
    }

    @Test
    void refusesANameNoReadModelHas() {
        ResponseEntity<String> refused = rebuild("projections.no-such-model");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(refused.getBody()).path("detail").asText())
                .contains("'projections.no-such-model'", "GET /api/admin/projections");
    }

    /**
     * The appeals and the statistics, rebuilt together when the statistics are named, with appeals on the appeals
     * topic: every table of both equal row for row, their counts (folded or not), versions and counts per filter value
     * included, the statistics' answers (unfiltered, filtered, as of a moment amid the history) as they were, and the
     * functions and triggers that keep the counts as they were, each trigger in {@code public} running a function
     * there. A request naming the appeals starts the same rebuild: {@code RebuildAfterCrashIT} names them, and
     * {@link #refusesEitherOfTheAppealsAndTheStatisticsWhileTheyAreRebuiltTogether} refuses either name.
     */
    @Test
    void rebuildsTheAppealsAndTheStatisticsTogetherEqualToTheIncrementallyBuiltOnesRowForRow() {
        String named = "projections.statistics";
        Instant before = Instant.now();
        HistoryOnTopic.publishWithAppeals(RealInfrastructure.get().kafkaBootstrapServers(), 300);
        Instant amid = before.plus(Duration.between(before, Instant.now()).dividedBy(2));
        awaitCaughtUp("projections.appeals");
        awaitCaughtUp("projections.statistics");
        Map<String, List<String>> incremental = appealsAndStatistics(jdbc);
        List<String> answers = statisticsAnswers(amid);
        List<String> catalogue = functionsAndTriggers();
        List<String> statisticsTables = models.stream().filter(model -> model.name().equals(named)).findFirst()
                .orElseThrow().tables();
        List<String> indexes = indexesAndConstraints(jdbc, statisticsTables);
        assertThat(catalogue).anyMatch(line -> line.contains("statistics_case_counted"))
                .anyMatch(line -> line.contains("ON appeal "));

        Instant requested = Instant.now();
        ResponseEntity<String> accepted = rebuild(named);
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        String other = named.equals("projections.appeals") ? "projections.statistics" : "projections.appeals";
        ResponseEntity<String> second = rebuild(other);
        assertThat(second.getStatusCode()).as(second.getBody()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(read(second.getBody()).path("detail").asText())
                .contains("'" + other + "' is being rebuilt already, together with " + named);
        JsonNode started = read(accepted.getBody());
        assertThat(started.path("rebuilt").toString())
                .isEqualTo("[\"projections.appeals\",\"projections.statistics\"]");
        JsonNode shown = standings();
        assertThat(model(shown, "projections.appeals").path("rebuild").path("startedAt").asText()).isNotEmpty()
                .isEqualTo(model(shown, "projections.statistics").path("rebuild").path("startedAt").asText());
        awaitRebuilt("projections.appeals", requested);
        awaitRebuilt("projections.statistics", requested);
        awaitCaughtUp("projections.appeals");
        awaitCaughtUp("projections.statistics");

        assertThat(appealsAndStatistics(jdbc)).isEqualTo(incremental);
        assertThat(statisticsAnswers(amid)).isEqualTo(answers);
        assertThat(functionsAndTriggers()).isEqualTo(catalogue);
        assertAnalyzed(statisticsTables);
        assertThat(indexesAndConstraints(jdbc, statisticsTables))
                .as("the indexes and constraints switched in, named as the migrations named the live ones")
                .isEqualTo(indexes);
        assertThat(jdbc.sql("""
                        SELECT t.tgname || ' runs ' || CAST(CAST(t.tgfoid AS REGPROCEDURE) AS TEXT)
                          FROM pg_trigger t
                          JOIN pg_class c ON c.oid = t.tgrelid
                          JOIN pg_proc p ON p.oid = t.tgfoid
                         WHERE c.relnamespace = CAST('public' AS REGNAMESPACE)
                           AND p.pronamespace <> CAST('public' AS REGNAMESPACE)""")
                .query(String.class).list()).isEmpty();
        assertThat(jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' "
                + "OR nspname LIKE 'retired\\_%'").query(String.class).list()).isEmpty();
        assertThat(jdbc.sql("SELECT count(*) FROM consumer_position WHERE consumer_name LIKE 'projections.rebuild.%'")
                .query(Long.class).single()).isZero();
    }

    /**
     * One database session writes a case and an appeal in the copy, then a case in the live model (rolled back), then
     * changes the copy's case: the copy's triggers must count in the copy each time, and the live ones in the live
     * model, whatever plans the session's functions kept from the writes before.
     */
    @Test
    void aCopysTriggersCountInTheCopyWhicheverModelTheSessionWroteBefore() throws Exception {
        RebuildableModel group = models.stream().filter(model -> model.name().equals("projections.statistics"))
                .findFirst().orElseThrow();
        awaitCaughtUp("projections.appeals");
        awaitCaughtUp("projections.statistics");
        List<String> live = liveCounts();
        tables.begin(group, "admin").orElseThrow();
        try {
            try (Connection session = dataSource.getConnection()) {
                session.setAutoCommit(false);
                try (Statement statement = session.createStatement()) {
                    statement.execute(IN_THE_COPY);
                    statement.execute("""
                            INSERT INTO statistics_case (case_id, status, prefecture, county, version, recorded_at)
                            VALUES ('plan-cache-1', 'DETAINED', 'Kashgar', 'Kashgar', 1, now())""");
                    statement.execute("""
                            INSERT INTO appeal (appeal_id, case_id, authority_id, channel, filed_by, filed_on,
                                                response_due_on, last_event_at, version)
                            VALUES ('plan-cache-appeal', 'plan-cache-1', 'un-wgad', 'LETTER', 'RELATIVE',
                                    DATE '2024-01-01',
                                    DATE '2024-02-01', now(), 0)""");
                    session.commit();
                    String liveStates = "SELECT count(*) FROM public.statistics_case_change "
                            + "WHERE status = 'DETAINED' AND prefecture = 'Kashgar' AND sign = 1";
                    long kept = count(statement, liveStates);
                    statement.execute("""
                            INSERT INTO statistics_case (case_id, status, prefecture, county, version, recorded_at)
                            VALUES ('plan-cache-2', 'DETAINED', 'Kashgar', 'Kashgar', 1, now())""");
                    assertThat(count(statement, liveStates)).isEqualTo(kept + 1);
                    assertThat(count(statement, "SELECT count(*) FROM public.statistics_case_version "
                            + "WHERE case_id = 'plan-cache-2'")).isOne();
                    session.rollback();
                    statement.execute(IN_THE_COPY);
                    statement.execute("UPDATE statistics_case SET status = 'RELEASED', version = 2, "
                            + "recorded_at = now() WHERE case_id = 'plan-cache-1'");
                    session.commit();
                    // read as the copy's readers would: its counts, changes and states, by the search path alone
                    statement.execute(IN_THE_COPY);
                    List<String> copyCounts = new ArrayList<>();
                    try (ResultSet rows = statement.executeQuery("SELECT CAST(c AS TEXT) FROM ("
                            + COUNTS.get("statistics_count") + ") c WHERE breakdown IN ('status', 'appeal:filed') "
                            + "ORDER BY 1")) {
                        while (rows.next()) {
                            copyCounts.add(rows.getString(1));
                        }
                    }
                    session.commit();
                    assertThat(copyCounts).containsExactly("(appeal:filed,un-wgad,,1,0)", "(status,RELEASED,,1,0)");
                }
            }
            assertThat(jdbc.sql("SELECT count(*) FROM rebuild_projections_statistics.statistics_case_version")
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT count(*) FROM (SELECT filter FROM "
                            + "rebuild_projections_statistics.statistics_filter_count_change UNION ALL SELECT filter "
                            + "FROM rebuild_projections_statistics.statistics_filter_count) f")
                    .query(Long.class).single()).isPositive();
            assertThat(jdbc.sql("SELECT count(*) FROM rebuild_projections_statistics.statistics_case_change")
                    .query(Long.class).single()).isPositive();
            assertThat(jdbc.sql("SELECT counted FROM rebuild_projections_statistics.statistics_appeal")
                    .query(Boolean.class).single()).isTrue();
            assertThat(jdbc.sql("SELECT count(*) FROM statistics_case WHERE case_id LIKE 'plan-cache-%'")
                    .query(Long.class).single()).isZero();
            assertThat(liveCounts()).isEqualTo(live);
        } finally {
            JdbcClient owner = JdbcClient.create(RealInfrastructure.get().superuserDataSource("projections"));
            owner.sql("DROP SCHEMA rebuild_projections_statistics CASCADE").update();
            owner.sql("DELETE FROM read_model_rebuild WHERE read_model = 'projections.statistics'").update();
        }
    }

    private List<String> liveCounts() {
        return jdbc.sql("SELECT CAST(c AS TEXT) FROM (" + COUNTS.get("statistics_count") + ") c ORDER BY 1")
                .query(String.class).list();
    }

    private static long count(Statement statement, String query) throws SQLException {
        try (ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** A copy's function that pinned its search path would count the copy's rows in the live model. */
    @Test
    void noFunctionPinsItsSearchPath() {
        assertThat(jdbc.sql("""
                        SELECT proname FROM pg_proc
                         WHERE pronamespace = CAST('public' AS REGNAMESPACE)
                           AND array_to_string(proconfig, ' ') LIKE '%search_path%'""")
                .query(String.class).list()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"projections.appeals", "projections.statistics"})
    void refusesEitherOfTheAppealsAndTheStatisticsWhileTheyAreRebuiltTogether(String named) {
        markedBuilding("projections.statistics", "projections_statistics");
        try {
            ResponseEntity<String> refused = rebuild(named);

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(refused.getBody()).path("detail").asText())
                    .contains("'" + named + "' is being rebuilt already, together with ", "one rebuild builds");
            assertThat(model(standings(), named).path("rebuildable").asBoolean()).isTrue();
        } finally {
            jdbc.sql("DELETE FROM read_model_rebuild WHERE read_model = 'projections.statistics'").update();
        }
    }

    @Test
    void refusesASecondRebuildOfAModelBeingRebuilt() {
        markedBuilding("projections.case-search", "projections_case_search");
        try {
            ResponseEntity<String> refused = rebuild("projections.case-search");

            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(read(refused.getBody()).path("detail").asText()).contains("is being rebuilt already");
            assertThat(jdbc.sql("SELECT count(*) FROM pg_namespace WHERE nspname = 'rebuild_projections_case_search'")
                    .query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("DELETE FROM read_model_rebuild WHERE read_model = 'projections.case-search'").update();
        }
    }

    /**
     * A database whose models were rebuilt before a rebuild kept the live indexes' names: every index a migration
     * named on a table a rebuild switches had the name its columns give it (as a copy made by {@code LIKE} names it).
     * V48 gives each its migration's name back, and a constraint the index backs takes it too; the names a table's
     * key constraints are given by default are the same in a copy, so they never changed. The tables are those the
     * models list, as V47 left them: an index made after V48 has only ever been switched in under its own name.
     */
    @Test
    void aDatabaseRebuiltBeforeTheNamesWereKeptGetsItsIndexesNamesBackFromTheMigration() {
        Migrated before = ProjectionsMigrations.migratedTo("47", "projections_rebuilt_before_names_kept");
        JdbcClient asOwner = before.jdbc();
        List<String> switched = models.stream().flatMap(model -> model.tables().stream()).distinct().toList();
        List<String> migrated = indexesAndConstraints(asOwner, switched);
        List<String> renamed = asOwner.sql("""
                        SELECT format('ALTER INDEX %I RENAME TO %I', indexname,
                                      left(tablename || '_' || row_number() OVER () || '_idx', 63))
                          FROM pg_indexes
                         WHERE schemaname = 'public' AND tablename IN (:tables)
                           AND indexname NOT LIKE tablename || '\\_%\\_pkey'
                           AND indexname NOT LIKE tablename || '\\_%\\_key'
                           AND indexname <> tablename || '_pkey'""")
                .param("tables", switched).query(String.class).list();
        renamed.forEach(rename -> asOwner.sql(rename).update());
        assertThat(renamed).as("the indexes the migrations named").hasSizeGreaterThan(40);
        assertThat(indexesAndConstraints(asOwner, switched)).isNotEqualTo(migrated);

        before.to("48");

        assertThat(indexesAndConstraints(asOwner, switched))
                .as("every index, and every constraint an index backs, under the name its migration gave it")
                .isEqualTo(migrated);
    }

    /** The indexes and constraints of the tables in that database's {@code public}, each by name and what it is. */
    private static List<String> indexesAndConstraints(JdbcClient database, List<String> tables) {
        List<String> found = new ArrayList<>(database.sql("""
                        SELECT indexname || ': ' || indexdef FROM pg_indexes
                         WHERE schemaname = 'public' AND tablename IN (:tables)
                         ORDER BY tablename, indexname""")
                .param("tables", tables).query(String.class).list());
        found.addAll(database.sql("""
                        SELECT c.relname || ' ' || k.conname || ': ' || pg_get_constraintdef(k.oid)
                          FROM pg_constraint k
                          JOIN pg_class c ON c.oid = k.conrelid
                         WHERE c.relnamespace = CAST('public' AS REGNAMESPACE) AND c.relname IN (:tables)
                         ORDER BY c.relname, k.conname""")
                .param("tables", tables).query(String.class).list());
        return found;
    }

    /** The tables switched in were analyzed by the rebuild, not left to autovacuum. */
    private void assertAnalyzed(List<String> tables) {
        assertThat(jdbc.sql("""
                        SELECT relname FROM pg_stat_user_tables
                         WHERE schemaname = 'public' AND relname IN (:tables) AND last_analyze IS NOT NULL""")
                .param("tables", tables).query(String.class).list())
                .as("the tables switched in were analyzed, not left to autovacuum")
                .containsExactlyInAnyOrderElementsOf(tables);
    }

    /** The model's row as a rebuild in progress leaves it, its copy in {@code rebuild_<identifier>}. */
    private void markedBuilding(String model, String identifier) {
        jdbc.sql("""
                        INSERT INTO read_model_rebuild (read_model, building_in, retired_into, state, started_at)
                        VALUES (:model, :building, :retired, 'BUILDING', now())""")
                .param("model", model)
                .param("building", "rebuild_" + identifier)
                .param("retired", "retired_" + identifier)
                .update();
    }

    /** Every row of the appeals' and statistics' tables, and their counts, as {@link #rows} has them. */
    static Map<String, List<String>> appealsAndStatistics(JdbcClient jdbc) {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        for (String table : APPEALS_AND_STATISTICS) {
            rows.put(table, jdbc.sql("SELECT CAST(t AS TEXT) FROM " + table + " t ORDER BY 1").query(String.class)
                    .list());
        }
        COUNTS.forEach((counts, query) -> rows.put(counts, jdbc.sql("SELECT CAST(c AS TEXT) FROM (" + query
                + ") c ORDER BY 1").query(String.class).list()));
        return rows;
    }

    /** The statistics unfiltered, under a filter, and as of a moment, as the API answers them. */
    private List<String> statisticsAnswers(Instant asOf) {
        String prefecture = jdbc.sql("SELECT min(prefecture) FROM statistics_case").query(String.class).single();
        List<String> answers = new ArrayList<>();
        for (String query : List.of("", "?prefecture=" + prefecture, "?asOf=" + asOf,
                "?prefecture=" + prefecture + "&asOf=" + asOf)) {
            ResponseEntity<String> answer = http.getForEntity("/api/statistics" + query, String.class);
            assertThat(answer.getStatusCode()).as(query + ": " + answer.getBody()).isEqualTo(HttpStatus.OK);
            answers.add(query + " " + answer.getBody());
        }
        return answers;
    }

    /** The definitions of the functions in {@code public} and of the triggers on its tables. */
    private List<String> functionsAndTriggers() {
        List<String> found = new ArrayList<>(jdbc.sql("""
                        SELECT pg_get_functiondef(p.oid) FROM pg_proc p
                         WHERE p.pronamespace = CAST('public' AS REGNAMESPACE) AND p.prokind = 'f'
                         ORDER BY 1""")
                .query(String.class).list());
        found.addAll(jdbc.sql("""
                        SELECT pg_get_triggerdef(t.oid, true) FROM pg_trigger t
                          JOIN pg_class c ON c.oid = t.tgrelid
                         WHERE NOT t.tgisinternal AND c.relnamespace = CAST('public' AS REGNAMESPACE)
                         ORDER BY 1""")
                .query(String.class).list());
        return found;
    }

    /** Every row of the model's tables, each as PostgreSQL writes the whole row out, in order. */
    private Map<String, List<String>> rows(String model) {
        return TABLES.get(model).stream().collect(java.util.stream.Collectors.toMap(table -> table,
                table -> jdbc.sql("SELECT CAST(t AS TEXT) FROM " + table + " t ORDER BY 1").query(String.class)
                        .list()));
    }

    private Instant rebuildNow(String model) {
        Instant requested = Instant.now();
        ResponseEntity<String> accepted = rebuild(model);
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        return requested;
    }

    private ResponseEntity<String> rebuild(String model) {
        return http.exchange("/api/admin/projections/" + model + "/rebuild", HttpMethod.POST,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
    }

    private void awaitRebuilt(String model, Instant requested) {
        await().atMost(REBUILD).pollInterval(Duration.ofMillis(200))
                .until(() -> rebuilt(model(standings(), model), requested));
    }

    private static boolean rebuilt(JsonNode model, Instant requested) {
        JsonNode last = model.path("lastRebuild");
        return model.path("rebuild").isNull() && "DONE".equals(last.path("state").asText())
                && Instant.parse(last.path("finishedAt").asText()).isAfter(requested);
    }

    private void awaitCaughtUp(String model) {
        await().atMost(REBUILD).until(() -> model(standings(), model).path("lag").asLong(-1) == 0);
    }

    private JsonNode standings() {
        ResponseEntity<String> response = http.exchange("/api/admin/projections", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return read(response.getBody());
    }

    private static JsonNode model(JsonNode standings, String name) {
        for (JsonNode model : standings.get("consumers")) {
            if (model.get("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("No read model " + name + " in " + standings);
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
