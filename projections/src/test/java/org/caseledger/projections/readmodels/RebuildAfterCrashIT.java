package org.caseledger.projections.readmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.PositionsHeld;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartableKafka;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.projections.ProjectionsApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.Banner;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild cut off midway, as by a crash: projections is started as an application of its own (not the tests' shared
 * one, since this one is cut off), on a database and a Kafka broker of its own (the shared broker's consumer groups
 * are the shared service's), the case model is built from a generated history, a rebuild of it begins, and while the
 * copy is half built the instance's database sessions are killed — what it had not committed is lost, as when its
 * process dies — and the application is closed. The copy is held after its first batch ({@link PositionsHeld}), so
 * the crash comes midway however fast the copy runs. Started again, it must take the rebuild up again by itself, answer
 * from the live model meanwhile, and end with a model equal to the one built incrementally. The properties go in as
 * arguments: a builder's properties are defaults, which the service's application.yml wins over. The case model's
 * test goes first, since it counts the records on the broker, which the second test's history adds to.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RebuildAfterCrashIT {

    private static final String DATABASE = "projections_crash";
    private static final String GROUP_DATABASE = "projections_crash_statistics";
    private static final String MODEL = "projections.case-status";
    private static final RestartableKafka kafka = RestartableKafka.start();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterAll
    static void stopKafka() {
        kafka.stop();
    }

    @Test
    @Order(1)
    void resumesARebuildCutOffMidwayAndEndsEqualToTheIncrementallyBuiltModel() throws Exception {
        TestDatabase database = RealInfrastructure.get().database(DATABASE);
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(DATABASE));
        ConfigurableApplicationContext first = start(database);
        ConfigurableApplicationContext second = null;
        try {
            // the producer waits for the topic, which the application declares as its consumers start
            HistoryOnTopic.Written history = HistoryOnTopic.publish(kafka.bootstrapServers(), 1000);
            await().atMost(Duration.ofMinutes(10)).until(() -> superuser.sql(
                    "SELECT count(*) FROM case_status").query(Long.class).single() == history.caseIds().size()
                    && superuser.sql("SELECT COALESCE(sum(next_offset), 0) FROM consumer_position "
                    + "WHERE consumer_name = :model").param("model", MODEL).query(Long.class).single()
                    == history.records());
            List<String> incremental = rows(superuser);
            String caseId = history.caseIds().get(17);
            String shown = get(first, "/api/cases/" + caseId).body();

            try (PositionsHeld held = copiesHeld(DATABASE, 1)) {
                assertThat(post(first, "/api/admin/projections/" + MODEL + "/rebuild").statusCode()).isEqualTo(202);
                await().atMost(Duration.ofMinutes(10)).until(() -> copied(superuser) > 0 && held.waiting() > 0);
                crash(first, superuser, DATABASE, database.runtimeRole(), held.pid());
                first = null;
            }

            long copiedBeforeTheCrash = copied(superuser);
            assertThat(copiedBeforeTheCrash).as("the crash came before the rebuild was done").isPositive()
                    .isLessThan(history.records());
            assertThat(superuser.sql("SELECT state FROM read_model_rebuild WHERE read_model = :model")
                    .param("model", MODEL).query(String.class).single()).isEqualTo("BUILDING");

            second = start(database);
            List<String> answers = answersUntilRebuilt(second, superuser, "/api/cases/" + caseId);

            assertThat(rows(superuser)).isEqualTo(incremental);
            assertThat(answers).isNotEmpty().containsOnly("200 " + shown);

            // A rebuild on record without its copy, as a migration puts one (V35 for the search) or as one left when
            // its schema was dropped: the next start begins it afresh and carries it through to the switch.
            second.close();
            second = null;
            String lost = history.caseIds().get(3);
            superuser.sql("DELETE FROM case_fact WHERE case_id = :id").param("id", lost).update();
            superuser.sql("DELETE FROM case_status WHERE case_id = :id").param("id", lost).update();
            assertThat(rows(superuser)).as("a case the live model has lost, which only a rebuild brings back")
                    .isNotEqualTo(incremental);
            superuser.sql("""
                            INSERT INTO read_model_rebuild (read_model, building_in, retired_into, state, requested_by,
                                                            started_at)
                            VALUES (:model, 'rebuild_projections_case_status', 'retired_projections_case_status',
                                    'BUILDING', 'a migration', now())""")
                    .param("model", MODEL).update();
            second = start(database);
            await().atMost(Duration.ofMinutes(10)).until(() -> superuser.sql("SELECT count(*) FROM read_model_rebuild")
                    .query(Long.class).single() == 0);
            assertThat(rows(superuser)).as("the rebuild read the topic afresh").isEqualTo(incremental);
        } finally {
            closeAll(first, second);
        }
    }

    /**
     * The same for the appeals and the statistics, rebuilt together: cut off while both copy consumers have applied
     * some of their topics, resumed, and equal to the incrementally built models in every table, counts and versions
     * included, with the statistics answering as before all along.
     */
    @Test
    @Order(2)
    void resumesARebuildOfTheAppealsAndTheStatisticsCutOffMidwayAndEndsEqual() throws Exception {
        TestDatabase database = RealInfrastructure.get().database(GROUP_DATABASE);
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource(GROUP_DATABASE));
        ConfigurableApplicationContext first = start(database);
        ConfigurableApplicationContext second = null;
        try {
            HistoryOnTopic.publishWithAppeals(kafka.bootstrapServers(), 1000);
            ConfigurableApplicationContext incrementally = first;
            await().atMost(Duration.ofMinutes(10)).until(() -> caughtUp(incrementally, "projections.appeals")
                    && caughtUp(incrementally, "projections.statistics"));
            Map<String, List<String>> incremental = RebuildIT.appealsAndStatistics(superuser);
            assertThat(incremental.get("appeal")).hasSizeGreaterThan(100);
            String shown = get(first, "/api/statistics").body();

            // the appeals' and the statistics' writers take turns by one lock (V28): both copies go on until both
            // have a position, or a held batch of one would keep the other from its first
            try (PositionsHeld held = copiesHeld(GROUP_DATABASE, 2)) {
                assertThat(post(first, "/api/admin/projections/projections.appeals/rebuild").statusCode())
                        .isEqualTo(202);
                await().atMost(Duration.ofMinutes(10)).until(() -> copied(superuser, "appeals") > 0
                        && copied(superuser, "statistics") > 0 && held.waiting() > 0);
                crash(first, superuser, GROUP_DATABASE, database.runtimeRole(), held.pid());
                first = null;
            }

            long live = superuser.sql("SELECT sum(next_offset) FROM consumer_position "
                    + "WHERE consumer_name = 'projections.statistics'").query(Long.class).single();
            assertThat(copied(superuser, "statistics")).as("the crash came before the rebuild was done")
                    .isPositive().isLessThan(live);
            assertThat(superuser.sql("SELECT state FROM read_model_rebuild WHERE read_model = :model")
                    .param("model", "projections.statistics").query(String.class).single()).isEqualTo("BUILDING");

            second = start(database);
            ConfigurableApplicationContext restarted = second;
            List<String> answers = answersUntilRebuilt(second, superuser, "/api/statistics");
            await().atMost(Duration.ofMinutes(10)).until(() -> caughtUp(restarted, "projections.appeals")
                    && caughtUp(restarted, "projections.statistics"));

            assertThat(RebuildIT.appealsAndStatistics(superuser)).isEqualTo(incremental);
            assertThat(answers).isNotEmpty().containsOnly("200 " + shown);
            assertThat(superuser.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' "
                    + "OR nspname LIKE 'retired\\_%'").query(String.class).list()).isEmpty();
        } finally {
            closeAll(first, second);
        }
    }

    /** What the application answers at {@code path}, asked again and again until no rebuild is on record. */
    private List<String> answersUntilRebuilt(ConfigurableApplicationContext application, JdbcClient superuser,
                                             String path) throws Exception {
        AtomicBoolean rebuilding = new AtomicBoolean(true);
        CompletableFuture<List<String>> answers = CompletableFuture.supplyAsync(() -> {
            List<String> seen = new ArrayList<>();
            while (rebuilding.get()) {
                HttpResponse<String> answer = get(application, path);
                seen.add(answer.statusCode() + " " + answer.body());
            }
            return seen;
        });
        await().atMost(Duration.ofMinutes(10)).until(() -> superuser.sql("SELECT count(*) FROM read_model_rebuild")
                .query(Long.class).single() == 0);
        rebuilding.set(false);
        return answers.get();
    }

    /** Whether the read model has applied every record on its topics, as its standing says. */
    private boolean caughtUp(ConfigurableApplicationContext application, String model) throws Exception {
        HttpResponse<String> answer = send(application, HttpRequest.newBuilder(
                uri(application, "/api/admin/projections")).GET(), Role.ADMIN);
        for (JsonNode consumer : JSON.readTree(answer.body()).path("consumers")) {
            if (consumer.path("name").asText().equals(model)) {
                return consumer.path("lag").asLong(-1) == 0 && consumer.path("applied").asLong() > 0;
            }
        }
        return false;
    }

    /** The rebuild's {@code copies} copies in the database held once every one of them has stored a position. */
    private static PositionsHeld copiesHeld(String database, int copies) throws SQLException {
        return PositionsHeld.of(RealInfrastructure.get().superuserDataSource(database), "projections.rebuild.%", copies,
                0);
    }

    private static long copied(JdbcClient superuser, String model) {
        return superuser.sql("SELECT COALESCE(sum(next_offset), 0) FROM consumer_position WHERE consumer_name = :copy")
                .param("copy", "projections.rebuild." + model)
                .query(Long.class).single();
    }

    private ConfigurableApplicationContext start(TestDatabase database) {
        Map<String, Object> properties = new HashMap<>();
        RealInfrastructure.registerDatabase((name, value) -> properties.put(name, value.get()), database);
        properties.put("caseledger.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("server.port", "0");
        String[] arguments = properties.entrySet().stream()
                .map(property -> "--" + property.getKey() + "=" + property.getValue()).toArray(String[]::new);
        return new SpringApplicationBuilder(ProjectionsApplication.class).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).run(arguments);
    }

    /**
     * What a process's death does to its database work: every session is cut, what it had not committed is lost, and
     * nothing more is written; the session holding the copy ({@code spared}) is left, so that nothing held goes on
     * before its session is cut. The service's role may not sign in until the application is closed: a consumer between
     * two batches when its session is cut would otherwise take a new one and go on while the application closes.
     */
    private static void crash(ConfigurableApplicationContext application, JdbcClient superuser, String database,
                              String role, int spared) {
        superuser.sql("ALTER ROLE " + role + " NOLOGIN").update();
        try {
            superuser.sql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            + "WHERE datname = :database AND pid <> pg_backend_pid() AND pid <> :spared")
                    .param("database", database).param("spared", spared).query(Long.class).single();
            application.close();
        } finally {
            superuser.sql("ALTER ROLE " + role + " LOGIN").update();
        }
    }

    private static long copied(JdbcClient superuser) {
        return superuser.sql("""
                        SELECT COALESCE(sum(next_offset), 0) FROM consumer_position
                         WHERE consumer_name = 'projections.rebuild.case-status'""")
                .query(Long.class).single();
    }

    private static List<String> rows(JdbcClient superuser) {
        List<String> rows = new ArrayList<>();
        for (String table : RebuildIT.TABLES.get(MODEL)) {
            rows.addAll(superuser.sql("SELECT '" + table + " ' || CAST(t AS TEXT) FROM " + table + " t ORDER BY 1")
                    .query(String.class).list());
        }
        return rows;
    }

    private HttpResponse<String> get(ConfigurableApplicationContext application, String path) {
        return send(application, HttpRequest.newBuilder(uri(application, path)).GET(), Role.OPERATOR);
    }

    private HttpResponse<String> post(ConfigurableApplicationContext application, String path) {
        return send(application, HttpRequest.newBuilder(uri(application, path))
                .POST(HttpRequest.BodyPublishers.noBody()), Role.ADMIN);
    }

    private HttpResponse<String> send(ConfigurableApplicationContext application, HttpRequest.Builder request,
                                      Role role) {
        SignedInClient.as(role).forEach((name, values) -> values.forEach(value -> request.header(name, value)));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static URI uri(ConfigurableApplicationContext application, String path) {
        return URI.create("http://127.0.0.1:" + application.getEnvironment().getProperty("local.server.port") + path);
    }

    /** Closes the applications a test got to start; closing one closed already changes nothing. */
    private static void closeAll(ConfigurableApplicationContext... applications) {
        for (ConfigurableApplicationContext application : applications) {
            if (application != null) {
                application.close();
            }
        }
    }
}
