package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.bench.Bench;
import org.caseledger.bench.BenchConfig;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.DatabaseLogin;
import org.caseledger.bench.stack.RoleTokens;
import org.caseledger.bench.stack.Stack;
import org.caseledger.bench.stack.TokenSource;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/local/bench's harness, run briefly against the end-to-end stack's real services, PostgreSQL and broker:
 * every phase measures what it says (the import, the export and the rebuild each with the token of the role they
 * need), and the run ends with the event store, the topic and projections agreeing, the imported cases and the
 * rebuilt case model counted with the rest.
 * It is the first class of its test JVM, whose broker the other end-to-end tests of that JVM share (the failsafe
 * plugin's alphabetical run order in deploy/local's pom): some of them write records straight onto the cases topic,
 * as another producer would, and the count check rightly finds those on the topic but not in the event store.
 */
class BenchmarkRunsAgainstTheStackIT {

    @TempDir
    Path directory;

    @Test
    void aShortRunMeasuresEveryPhaseAndEndsWithAgreeingCounts() throws Exception {
        EndToEndStack services = EndToEndStack.get();
        RealInfrastructure infrastructure = RealInfrastructure.get();
        URI postgres = URI.create(infrastructure.jdbcUrl("e2e_cases").substring("jdbc:".length()));
        Stack stack = new Stack(URI.create(services.caseService.url("")), URI.create(services.projections.url("")),
                infrastructure.kafkaBootstrapServers(),
                new DatabaseLogin(postgres.getHost(), postgres.getPort(), infrastructure.superuser(),
                        infrastructure.superuserPassword()),
                new Stack.Databases("e2e_cases", "e2e_projections", null, "postgres"), directory,
                Map.of("case-service", services.caseService.pid(), "projections", services.projections.pid()),
                Optional.empty());
        Path json = directory.resolve("bench.json");

        TestTokens tokens = TestTokens.get();
        // The analyst's and the admin's are asked for last, minutes after the start: each request gets a fresh one.
        RoleTokens roleTokens = RoleTokens.only(TokenSource.fixed(tokens.token(Role.OPERATOR)))
                .with(RoleTokens.ANALYST, TokenSource.supplied(() -> tokens.token(Role.ANALYST)))
                .with(RoleTokens.ADMIN, TokenSource.supplied(() -> tokens.token(Role.ADMIN)));

        Bench.Outcome outcome = Bench.run(BenchConfig.parse("--seconds", "1", "--clients", "4", "--rates", "5",
                "--import-rows", "40", "--json", json.toString()), stack, roleTokens,
                new PrintStream(OutputStream.nullOutputStream()));

        assertThat(outcome.failedPhases()).isEmpty();
        assertThat(outcome.agree()).as(outcome.report().table()).isTrue();
        List<Row> rows = outcome.report().rows();
        assertThat(values(rows, "limits", "JDBC single-row commits, 1 client", "JDBC single-row commits, 4 clients",
                "JDBC batched inserts, 1 client", "JDBC reads by primary key, 4 clients", "Kafka produce, 1 producer",
                "Kafka consume, 1 consumer", "publisher's sends, 1 request in flight",
                "publisher's sends, 5 requests in flight")).allSatisfy(value -> assertThat(value).isPositive());
        assertThat(value(rows, "commands: closed loop", "commands accepted")).isPositive();
        assertThat(value(rows, "commands: closed loop", "2xx → visible in projections, p50")).isPositive();
        assertThat(value(rows, "commands: open loop at 5", "commands accepted")).isBetween(2.0, 8.0);
        assertThat(value(rows, "commands: closed loop", "every consumer caught up, after the case view"))
                .isNotNegative();
        assertThat(value(rows, "CPU per command", "case-service")).isPositive();
        assertThat(value(rows, "CPU per command", "projections")).isPositive();
        assertThat(value(rows, "queries: case view", "queries answered")).isPositive();
        assertThat(value(rows, "queries: statistics", "queries answered")).isPositive();
        assertThat(values(rows, "bulk import", "rows recorded", "events stored"))
                .allSatisfy(value -> assertThat(value).isPositive());
        assertThat(value(rows, "bulk import", "rows refused")).isZero();
        assertThat(values(rows, "bulk import: POST :8081/api/imports: CPU per row", "case-service", "projections",
                "all processes of the stack")).allSatisfy(value -> assertThat(value).isPositive());
        assertThat(values(rows, "export", "events streamed", "bytes streamed", "first byte"))
                .allSatisfy(value -> assertThat(value).isPositive());
        assertThat(row(rows, "export", "events streamed").ratio()).isPositive();
        assertThat(values(rows, "rebuild", "events applied", "request → switched and done"))
                .allSatisfy(value -> assertThat(value).isPositive());
        assertThat(row(rows, "rebuild", "events applied").ratio()).isPositive();
        assertThat(row(rows, "rebuild", "state after").note()).startsWith("DONE");
        Map<?, ?> rebuild = (Map<?, ?>) outcome.report().details().get("rebuild");
        assertThat(((Number) rebuild.get("topicRecords")).doubleValue())
                .as("the rebuilt topic's records, counted as the check counts them")
                .isEqualTo(value(rows, "check: event store, topic and read models agree",
                        "records on caseledger.cases.v1"));
        assertThat(((Number) rebuild.get("eventsPerSecond")).doubleValue())
                .as("the events a second, below the service's offsets a second, which count transaction markers")
                .isEqualTo(value(rows, "rebuild", "events applied"))
                .isLessThan(((Number) rebuild.get("offsetsPerSecond")).doubleValue());
        assertThat(new ObjectMapper().readTree(json.toFile()).get("rows")).hasSize(rows.size());

        // A run after it starts on a topic its consumers have read to the end: it finds the stack at rest.
        Path next = directory.resolve("next.json");
        Bench.Outcome after = Bench.run(BenchConfig.parse("--seconds", "1", "--phases", "export", "--json",
                next.toString()), stack, roleTokens, new PrintStream(OutputStream.nullOutputStream()));
        assertThat(after.agree()).as(after.report().table()).isTrue();
        JsonNode atRest = new ObjectMapper().readTree(next.toFile()).get("atRestAtStart");
        assertThat(atRest.get("behind")).as("the consumers, at the topic's end before anything is measured: "
                + atRest).isEmpty();
        assertThat(atRest.get("waitedSeconds").asDouble()).isLessThan(30);
    }

    private static List<Double> values(List<Row> rows, String section, String... figures) {
        return List.of(figures).stream().map(figure -> value(rows, section, figure)).toList();
    }

    private static double value(List<Row> rows, String section, String figure) {
        Row row = row(rows, section, figure);
        assertThat(row.value()).as(figure + ": " + row.note()).isNotNull();
        return row.value();
    }

    private static Row row(List<Row> rows, String section, String figure) {
        return rows.stream().filter(row -> row.section().startsWith(section) && row.figure().equals(figure))
                .findFirst().orElseThrow(() -> new AssertionError("no row '" + figure + "' in " + section));
    }
}
