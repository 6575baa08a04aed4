package org.caseledger.projections.readmodels;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

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
            "projections.case-search", List.of("case_search_name", "case_search_case"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REBUILD = Duration.ofMinutes(10);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"projections.case-status", "projections.timeline", "projections.case-history",
            "projections.case-search"})
    void rebuildsAModelEqualToTheIncrementallyBuiltOneRowForRow(String model) {
        HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 300);
        awaitCaughtUp(model);
        Map<String, List<String>> incremental = rows(model);

        Instant requested = Instant.now();
        ResponseEntity<String> accepted = rebuild(model);
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(HttpStatus.ACCEPTED);
        assertThat(accepted.getHeaders().getLocation()).hasToString("/api/admin/projections");
        assertThat(read(accepted.getBody()).path("progress").path("state").asText()).isEqualTo("BUILDING");
        awaitRebuilt(model, requested);

        assertThat(rows(model)).isEqualTo(incremental);
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
     * On the case status, whose projection writes record by record: a rebuild must last a few of its one-second
     * measurements for progress to show, and the case history, which keeps a poll's events in one statement, rebuilds
     * this history in about a second.
     */
    @Test
    void showsItsProgressInTheStandingsTheLogAndTheMetrics() {
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(RebuildRun.class)).addAppender(log);
        try {
            HistoryOnTopic.publish(RealInfrastructure.get().kafkaBootstrapServers(), 2000);
            awaitCaughtUp("projections.case-status");
            Instant requested = rebuildNow("projections.case-status");
            List<JsonNode> progress = new ArrayList<>();
            List<String> gauges = new ArrayList<>();
            await().atMost(REBUILD).pollInterval(Duration.ofMillis(200)).until(() -> {
                JsonNode model = model(standings(), "projections.case-status");
                if (!model.path("rebuild").isNull()) {
                    progress.add(model.path("rebuild"));
                    gauges.add(http.getForObject(management("/actuator/prometheus"), String.class));
                }
                return rebuilt(model, requested);
            });

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

    @Test
    void refusesAModelThatCannotBeRebuiltBesideTheLiveOneAndSaysWhy() {
        ResponseEntity<String> refused = rebuild("projections.statistics");

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(refused.getBody()).path("detail").asText()).contains("cannot be rebuilt", "triggers");
        assertThat(model(standings(), "projections.statistics").path("rebuildable").asBoolean()).isFalse();
        assertThat(model(standings(), "projections.timeline").path("rebuildable").asBoolean()).isTrue();
    }

    @Test
    void refusesASecondRebuildOfAModelBeingRebuilt() {
        jdbc.sql("""
                        INSERT INTO read_model_rebuild (read_model, building_in, retired_into, state, started_at)
                        VALUES ('projections.case-search', 'rebuild_projections_case_search',
                                'retired_projections_case_search', 'BUILDING', now())""")
                .update();
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
