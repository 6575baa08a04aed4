package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.caseledger.api.Topics;
import org.caseledger.local.drill.CommandLoad;
import org.caseledger.local.drill.Credentials;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.PositionsHeld;
import org.caseledger.platform.testing.PrometheusScrape;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartableKafka;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.get;
import static org.caseledger.local.EndToEndStack.getAsAdmin;
import static org.caseledger.local.EndToEndStack.postAsAdmin;

/**
 * projections from its real jar, as its own process, under a steady load of commands: killed with SIGKILL while it
 * consumes, frozen with SIGSTOP for a while and let go on, and killed again while it rebuilds the case model beside the
 * live one. Every command case-service accepted must be in its read models once; while it catches up, its lag must be
 * reported and then fall to 0; the rebuild must be taken up again after every kill and finish while the live model
 * answers; and in the end its tables must equal, row for row, those of a projections that read the same topics once,
 * from their beginning, undisturbed.
 * <p>
 * On a broker, databases and a case-service of the drill's own: each consumer's Kafka group is its read model's name,
 * so a second projections on the shared broker would take partitions from the shared one. The table goes to the
 * test's output and to {@code target/drill/projections.txt}.
 * <p>
 * The default build runs its short form: 2 kills while it consumes, a pause of 4 s, 2 kills during a rebuild asked
 * for once the topic holds 2000 records; 2 to 3.5 minutes on two cores busy with other builds. The long form (5 kills,
 * 8 s, 5 kills, 6000 records; about 5 minutes on two cores with nothing else running) runs by name with these sizes
 * given as system properties, its services then with the JVM's own compilers and collector (deploy/local/README.md,
 * "The projections drill").
 */
class ProjectionsKilledAndPausedIT {

    static final String CASES = "e2e_cases_drill";
    static final String DRILLED = "e2e_projections_drill";
    static final String CLEAN = "e2e_projections_clean";
    static final String REBUILT = "projections.case-status";
    /** The consumer that copies the rebuilt model. */
    static final String COPY = "projections.rebuild." + REBUILT.substring(REBUILT.indexOf('.') + 1);
    /** One client: more outrun projections on two busy cores, and it would never catch up while they send. */
    static final int CLIENTS = 1;
    static final int KILLS_WHILE_CONSUMING = Integer.getInteger("caseledger.drill.kills-while-consuming", 2);
    static final int KILLS_WHILE_REBUILDING = Integer.getInteger("caseledger.drill.kills-while-rebuilding", 2);
    static final Duration PAUSED = Duration.ofSeconds(Integer.getInteger("caseledger.drill.paused-seconds", 4));
    /** Records on the cases topic before the rebuild, so that it is still building when each of its kills comes. */
    static final long HISTORY_TO_REBUILD = Long.getLong("caseledger.drill.history-to-rebuild", 2000);
    /**
     * A killed consumer's place in its group is given to its successor once the broker misses its heartbeats for the
     * session's time-out: 45 s by default, which every restart would wait. Longer than the pause, which must not cost
     * the paused process its partitions.
     */
    static final List<String> KILLED_SOON_MISSED = List.of(
            "--caseledger.kafka.client-properties.session.timeout.ms=12000",
            "--caseledger.kafka.client-properties.heartbeat.interval.ms=3000");
    /** What a read model's tables hold that legitimately differs between two builds of it. */
    static final Set<String> NOT_COMPARED_TABLES = Set.of("flyway_schema_history", "access_log");
    static final Set<String> NOT_COMPARED_COLUMNS = Set.of("consumer_position.updated_at", "parked_record.parked_at");

    static final RestartableKafka kafka = RestartableKafka.start();
    static final List<ServiceProcess> started = new ArrayList<>();

    final JdbcClient drilled = JdbcClient.create(RealInfrastructure.get().superuserDataSource(DRILLED));
    final ObjectMapper json = new ObjectMapper();
    final AtomicInteger step = new AtomicInteger();
    final List<String> steps = List.of("consuming, killed " + times(KILLS_WHILE_CONSUMING),
            "paused " + PAUSED.toSeconds() + " s, then catching up",
            "rebuilding " + REBUILT + ", killed " + times(KILLS_WHILE_REBUILDING));
    final List<Double> seconds = new ArrayList<>();
    ServiceProcess caseService;
    ServiceProcess projections;
    String pausedLag;

    @AfterAll
    static void stop() {
        started.forEach(ServiceProcess::close);
        kafka.stop();
    }

    /**
     * Seven starts of a service and two full reads of the topic in the short form: 2 to 3.5 min on two cores loaded by
     * other builds, within the ten minutes the build gives a test. The long form (a dozen starts, 5 to 18 min)
     * runs with {@code -Plong-run}, which lifts that limit.
     */
    @Test
    void projectionsKilledWhileConsumingAndRebuildingAndPausedUnderLoadEndsEqualToACleanBuild() throws Exception {
        caseService = started(EndToEndStack.startCaseService(CASES, kafka.bootstrapServers()));
        projections = startDrilled();
        EndToEndStack.awaitHealthy(caseService, projections);
        Credentials operator = () -> "Bearer " + TestTokens.get().token(Role.OPERATOR);
        CommandLoad load = new CommandLoad(caseService.url(""), operator, step::get);
        load.start(CLIENTS);
        try {
            timed(this::killWhileConsuming);
            step.set(1);
            timed(this::pauseAndLetCatchUp);
            step.set(2);
            timed(() -> killWhileRebuilding(load));
        } catch (RuntimeException | AssertionError e) {
            load.abandon();
            throw e;
        }
        load.stop();

        // Its rows are committed with its positions: at lag 0, what it shows is all it will show.
        await().atMost(Duration.ofMinutes(3)).until(() -> caughtUp(projections) && folded(drilled));
        Map<String, List<String>> drilledRows = rows(drilled);
        assertThat(drilled.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' "
                + "OR nspname LIKE 'retired\\_%'").query(String.class).list()).as("copies left by the rebuild")
                .isEmpty();
        List<Row> table = table(load.sent());
        String printed = print(table);
        System.out.println(printed);
        Path written = Path.of("target", "drill", "projections.txt");
        Files.createDirectories(written.getParent());
        Files.writeString(written, printed);
        for (Row row : table) {
            assertThat(row.accepted()).as("accepted in step '%s'%n%s", row.step(), printed).isPositive();
            assertThat(row.lost()).as("lost in step '%s'%n%s", row.step(), printed).isZero();
            assertThat(row.duplicates()).as("duplicates in step '%s'%n%s", row.step(), printed).isZero();
        }

        // The clean build's consumers have the same Kafka groups: beside the drilled ones, they would get half the
        // partitions each.
        projections.close();
        ServiceProcess clean = started(EndToEndStack.startProjections(CLEAN, kafka.bootstrapServers(), caseService,
                List.of()));
        EndToEndStack.awaitHealthy(clean);
        JdbcClient cleanDatabase = JdbcClient.create(RealInfrastructure.get().superuserDataSource(CLEAN));
        await().atMost(Duration.ofMinutes(6)).until(() -> caughtUp(clean) && folded(cleanDatabase));
        Map<String, List<String>> cleanRows = rows(cleanDatabase);
        assertThat(drilledRows.keySet()).containsExactlyInAnyOrderElementsOf(cleanRows.keySet());
        for (String tableName : cleanRows.keySet()) {
            assertThat(drilledRows.get(tableName)).as("table %s of the drilled projections beside the clean build",
                    tableName).containsExactlyElementsOf(cleanRows.get(tableName));
        }
        clean.close();
    }

    /** Each time once it is up and has applied more since it started: killed, and started again on its database. */
    private void killWhileConsuming() throws Exception {
        for (int kill = 0; kill < KILLS_WHILE_CONSUMING; kill++) {
            long applied = applied(drilled);
            await().atMost(Duration.ofMinutes(2)).until(() -> applied(drilled) > applied);
            projections.kill();
            projections = startDrilled();
            EndToEndStack.awaitHealthy(projections);
        }
    }

    /**
     * Frozen, it applies nothing while the topic grows; let go on, it reports the records it has not applied yet in
     * its first answer, and each read model then reads past what the topic held when it was let go on. Its lag metric
     * is set after each poll, and a read model applies up to 500 records a poll: the window in which it shows the
     * backlog may be a few hundred milliseconds, so it is scraped over and over, from a thread of its own, from the
     * moment the process goes on until it is past the backlog.
     */
    private void pauseAndLetCatchUp() throws Exception {
        long onTopic = recordsOnTopic();
        projections.pause();
        long applied = applied(drilled);
        await().during(PAUSED).atMost(PAUSED.plusSeconds(10)).until(() -> applied(drilled) == applied);
        assertThat(recordsOnTopic()).as("records published while projections was paused").isGreaterThan(onTopic);
        double[] metricMax = new double[2];
        AtomicBoolean pastTheBacklog = new AtomicBoolean();
        Thread scraping = new Thread(() -> {
            while (!pastTheBacklog.get()) {
                try {
                    PrometheusScrape metrics = PrometheusScrape.of(projections.managementUrl("/actuator/prometheus"));
                    double seconds = metrics.samples("caseledger_consumer_lag_seconds", Map.of()).stream()
                            .mapToDouble(PrometheusScrape.Sample::value).max().orElse(0);
                    synchronized (metricMax) {
                        metricMax[0] = Math.max(metricMax[0], metrics.sum("caseledger_consumer_lag_records"));
                        metricMax[1] = Math.max(metricMax[1], seconds);
                    }
                } catch (RuntimeException e) {
                    // Not answering yet as it goes on: scraped again.
                }
            }
        }, "lag-metric-scrapes");
        projections.resume();
        scraping.start();
        long backlogEnd = recordsOnTopic();

        JsonNode first = standings(projections);
        Map<String, Long> lagWhenResumed = lags(first);
        assertThat(lagWhenResumed).as("lag in the first answer after the pause: %s", first)
                .containsKey(REBUILT)
                .allSatisfy((model, lag) -> {
                    if (!model.equals("projections.appeals")) {
                        assertThat(lag).as(model).isPositive();
                    }
                });
        // Under the load that goes on, a lag is rarely 0 at the moment it is asked; caught up is past the backlog.
        JsonNode caughtUp;
        try {
            caughtUp = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> standings(projections), standings -> {
                        for (JsonNode model : standings.get("consumers")) {
                            if (model.get("topics").toString().contains(Topics.CASES)
                                    && model.get("applied").asLong() < backlogEnd) {
                                return false;
                            }
                        }
                        return true;
                    });
        } finally {
            pastTheBacklog.set(true);
            scraping.join(Duration.ofSeconds(30).toMillis());
        }
        pausedLag = "lag in records when let go on after %d s: %s; once past the backlog: %s; the lag metric's "
                .formatted(PAUSED.toSeconds(), lagWhenResumed, lags(caughtUp))
                + "highest while catching up: %.0f records, %.1f s".formatted(metricMax[0], metricMax[1]);
        assertThat(metricMax[0]).as("caseledger_consumer_lag_records while catching up").isPositive();
    }

    /**
     * The rebuild is asked for once the topic holds enough to read for a while; killed each time its copy has read
     * more than when it was killed before, and started again, it takes the rebuild up; after the last kill the load
     * stops, and the rebuild ends while the live model answers.
     */
    private void killWhileRebuilding(CommandLoad load) throws Exception {
        await().atMost(Duration.ofMinutes(3)).until(() -> recordsOnTopic() >= HISTORY_TO_REBUILD);
        String someCase = load.sent().stream().filter(sent -> sent.accepted() && sent.opensCase()).findFirst()
                .orElseThrow().caseId();
        await().atMost(Duration.ofMinutes(1)).until(() -> get(projections.url("/api/cases/" + someCase))
                .statusCode() == 200);
        // The copy is held each time once it has copied more than before (a batch), so each kill comes while it
        // builds however fast it copies; what the held batches wrote is lost with the process, as it would be.
        PositionsHeld held = copyHeldPast(0);
        List<Integer> answered = new ArrayList<>();
        try {
            HttpResponse<String> accepted = postAsAdmin(projections.url("/api/admin/projections/" + REBUILT
                    + "/rebuild"), "");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            answered.add(get(projections.url("/api/cases/" + someCase)).statusCode());

            long copiedWhenKilled = 0;
            for (int kill = 0; kill < KILLS_WHILE_REBUILDING; kill++) {
                long before = copiedWhenKilled;
                PositionsHeld holding = held;
                await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                        .until(() -> "BUILDING".equals(rebuildState()) && copied() > before && holding.waiting() > 0);
                projections.kill();
                copiedWhenKilled = copied();
                assertThat(rebuildState()).as("the rebuild's state when killed the %d. time", kill + 1)
                        .isEqualTo("BUILDING");
                held.close();
                held = null;
                if (kill + 1 < KILLS_WHILE_REBUILDING) {
                    held = copyHeldPast(copiedWhenKilled);
                }
                projections = startDrilled();
            }
        } finally {
            if (held != null) {
                held.close();
            }
        }
        // On two cores shared with other builds, a rebuild beside the live consumers and the load reads a hundred
        // records a second, about what the load adds: it finishes once the load stops.
        load.stop();
        EndToEndStack.awaitHealthy(projections);
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonNode model = model(standings(projections), REBUILT);
            if (!model.path("rebuild").isNull()) {
                answered.add(get(projections.url("/api/cases/" + someCase)).statusCode());
                return false;
            }
            return "DONE".equals(model.path("lastRebuild").path("state").asText());
        });
        assertThat(answered).as("the live case model's answers while it was rebuilt").isNotEmpty().containsOnly(200);
        assertThat(drilled.sql("SELECT count(*) FROM read_model_rebuild").query(Long.class).single()).isZero();
    }

    private ServiceProcess startDrilled() {
        return started(EndToEndStack.startProjections(DRILLED, kafka.bootstrapServers(), caseService,
                KILLED_SOON_MISSED));
    }

    private static ServiceProcess started(ServiceProcess service) {
        started.add(service);
        return service;
    }

    private interface Step {
        void run() throws Exception;
    }

    private void timed(Step run) throws Exception {
        long began = System.nanoTime();
        run.run();
        seconds.add((System.nanoTime() - began) / 1e9);
    }

    /** Records the live read models have applied, as their stored positions say. */
    private static long applied(JdbcClient database) {
        return database.sql("SELECT COALESCE(sum(next_offset), 0) FROM consumer_position "
                + "WHERE consumer_name NOT LIKE 'projections.rebuild.%'").query(Long.class).single();
    }

    /** The rebuild's copy held once its stored positions add up to more than {@code copied} records. */
    private static PositionsHeld copyHeldPast(long copied) throws SQLException {
        return PositionsHeld.of(RealInfrastructure.get().superuserDataSource(DRILLED), COPY, 1, copied);
    }

    /** Records the rebuild's copy has applied, as its stored positions say. */
    private long copied() {
        return drilled.sql("SELECT COALESCE(sum(next_offset), 0) FROM consumer_position WHERE consumer_name = ?")
                .param(COPY).query(Long.class).single();
    }

    private String rebuildState() {
        return drilled.sql("SELECT state FROM read_model_rebuild WHERE read_model = ?").param(REBUILT)
                .query(String.class).optional().orElse(null);
    }

    private long recordsOnTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> ends = admin.describeTopics(List.of(Topics.CASES)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).get(Topics.CASES).partitions().stream()
                    .collect(Collectors.toMap(partition -> new TopicPartition(Topics.CASES, partition.partition()),
                            partition -> OffsetSpec.latest()));
            return admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(end -> end.offset()).sum();
        }
    }

    private JsonNode standings(ServiceProcess service) throws Exception {
        HttpResponse<String> answer = getAsAdmin(service.url("/api/admin/projections"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return json.readTree(answer.body());
    }

    private static Map<String, Long> lags(JsonNode standings) {
        Map<String, Long> lags = new LinkedHashMap<>();
        standings.get("consumers").forEach(model -> lags.put(model.get("name").asText(), model.path("lag").asLong(-1)));
        return lags;
    }

    private static JsonNode model(JsonNode standings, String name) {
        for (JsonNode model : standings.get("consumers")) {
            if (model.get("name").asText().equals(name)) {
                return model;
            }
        }
        throw new AssertionError("No read model " + name + " in " + standings);
    }

    private boolean caughtUp(ServiceProcess service) throws Exception {
        return lags(standings(service)).values().stream().allMatch(lag -> lag == 0);
    }

    /**
     * The statistics' counts hold what their triggers changed once the scheduled folds, every second and every 5 s
     * for those per filter value, have moved the changes into them, and the cases' states kept since the last fold
     * (V36): until then two equal models may count apart. A case's row changed without a fact leaves a state and no count change.
     */
    private static boolean folded(JdbcClient database) {
        return database.sql("""
                        SELECT (SELECT count(*) FROM statistics_count_change)
                               + (SELECT count(*) FROM statistics_filter_count_change)
                               + (SELECT count(*) FROM statistics_case_change)""")
                .query(Long.class).single() == 0;
    }

    /** How often each of these commands' events is in the case history of that database. */
    private static Map<String, Long> shownEvents(JdbcClient database, List<CommandLoad.Sent> commands) {
        Set<String> eventIds = commands.stream().map(CommandLoad.Sent::eventId).collect(Collectors.toSet());
        Map<String, Long> shown = new HashMap<>();
        database.sql("SELECT event_id, count(*) FROM case_history GROUP BY event_id").query(row -> {
            if (eventIds.contains(row.getString(1))) {
                shown.put(row.getString(1), row.getLong(2));
            }
        });
        return shown;
    }

    /**
     * Every table of the database but the migrations' record and the access log (who read what: the drill's own
     * reads), each as its rows in text, ordered; without the moments a row was written at.
     */
    private static Map<String, List<String>> rows(JdbcClient database) {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        database.sql("""
                        SELECT c.table_name, c.column_name FROM information_schema.columns c
                          JOIN information_schema.tables t USING (table_schema, table_name)
                         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
                         ORDER BY c.table_name, c.ordinal_position""")
                .query(row -> {
                    String table = row.getString(1);
                    String column = row.getString(2);
                    if (!NOT_COMPARED_TABLES.contains(table) && !NOT_COMPARED_COLUMNS.contains(table + "." + column)) {
                        columns.computeIfAbsent(table, name -> new ArrayList<>()).add(column);
                    }
                });
        return columns.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                table -> database.sql("SELECT CAST(ROW(" + String.join(", ", table.getValue()) + ") AS TEXT) FROM "
                        + table.getKey() + " ORDER BY 1").query(String.class).list(), (a, b) -> a, LinkedHashMap::new));
    }

    record Row(String step, double seconds, long sent, long accepted, long visible, long duplicates, long lost) {
    }

    /**
     * Per step: a command is visible when its event is in the drilled case history; a duplicate when it is there more
     * than once, or when a case shows more facts than commands were accepted for it.
     */
    private List<Row> table(List<CommandLoad.Sent> sent) {
        List<CommandLoad.Sent> accepted = sent.stream().filter(CommandLoad.Sent::accepted).toList();
        Map<String, Long> shown = shownEvents(drilled, accepted);
        Map<String, Long> acceptedPerCase = accepted.stream()
                .collect(Collectors.groupingBy(CommandLoad.Sent::caseId, Collectors.counting()));
        Map<String, Long> factsPerCase = new HashMap<>();
        drilled.sql("SELECT case_id, count(*) FROM case_history WHERE type <> 'CaseStatusDerived' GROUP BY case_id")
                .query(row -> {
                    factsPerCase.put(row.getString(1), row.getLong(2));
                });
        Map<String, Integer> stepOfCase = accepted.stream().filter(CommandLoad.Sent::opensCase)
                .collect(Collectors.toMap(CommandLoad.Sent::caseId, CommandLoad.Sent::step));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            List<CommandLoad.Sent> inStep = sent.stream().filter(command -> command.step() == index).toList();
            List<CommandLoad.Sent> acceptedInStep = inStep.stream().filter(CommandLoad.Sent::accepted).toList();
            long visible = acceptedInStep.stream().filter(command -> shown.containsKey(command.eventId())).count();
            long duplicates = acceptedInStep.stream().filter(command -> shown.getOrDefault(command.eventId(), 0L) > 1)
                    .count() + acceptedPerCase.entrySet().stream()
                    .filter(opened -> stepOfCase.getOrDefault(opened.getKey(), -1) == index)
                    .mapToLong(opened -> Math.max(0,
                            factsPerCase.getOrDefault(opened.getKey(), 0L) - opened.getValue()))
                    .sum();
            rows.add(new Row(steps.get(i), seconds.get(i), inStep.size(), acceptedInStep.size(), visible, duplicates,
                    acceptedInStep.size() - visible));
        }
        return rows;
    }

    private String print(List<Row> rows) {
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%-52s %8s %6s %9s %8s %11s %5s%n",
                "step", "seconds", "sent", "accepted", "visible", "duplicates", "lost"));
        Function<Row, String> line = row -> String.format(Locale.ROOT, "%-52s %8.1f %6d %9d %8d %11d %5d%n",
                row.step(), row.seconds(), row.sent(), row.accepted(), row.visible(), row.duplicates(), row.lost());
        rows.forEach(row -> table.append(line.apply(row)));
        table.append(line.apply(new Row("all", rows.stream().mapToDouble(Row::seconds).sum(),
                rows.stream().mapToLong(Row::sent).sum(), rows.stream().mapToLong(Row::accepted).sum(),
                rows.stream().mapToLong(Row::visible).sum(), rows.stream().mapToLong(Row::duplicates).sum(),
                rows.stream().mapToLong(Row::lost).sum())));
        table.append(pausedLag).append(System.lineSeparator());
        return table.toString();
    }

    private static String times(int kills) {
        return kills == 1 ? "once" : kills + " times";
    }
}
