package org.caseledger.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTest {

    private static final Reference COMMITS = new Reference("JDBC single-row commits, 16 clients", 6_500, "commits/s");
    private static final Reference COMMIT_TIME = new Reference("one durable commit, 1 client", 0.5, "ms");

    @TempDir
    Path directory;

    @Test
    void showsAThroughputAsAShareOfItsLimit() {
        Row row = Row.measured("commands", "commands accepted", 52, "commands/s", Row.Better.HIGHER).against(COMMITS);

        assertThat(row.ratio()).isEqualTo(0.008);
        assertThat(Report.ratio(row.ratio())).isEqualTo("0.80%");
    }

    @Test
    void showsALatencyAsAMultipleOfItsLimit() {
        Row row = Row.measured("commands", "latency p50", 300, "ms", Row.Better.LOWER).against(COMMIT_TIME);

        assertThat(Report.ratio(row.ratio())).isEqualTo("×600");
    }

    @Test
    void holdsAFigureToItsTargetTheRightWayRound() {
        Reference latency = new Reference("#13", 25, "ms");

        assertThat(Row.measured("s", "p99", 24, "ms", Row.Better.LOWER).target(latency).meetsTarget()).isTrue();
        assertThat(Row.measured("s", "p99", 26, "ms", Row.Better.LOWER).target(latency).meetsTarget()).isFalse();
        assertThat(Row.measured("s", "rate", 26, "/s", Row.Better.HIGHER).target(latency).meetsTarget()).isTrue();
    }

    @Test
    void printsEachSectionOnceWithItsRows() {
        Report report = new Report();
        report.add(Row.measured("commands: closed loop", "commands accepted", 52, "commands/s", Row.Better.HIGHER)
                .against(COMMITS).target(new Reference("#13", 3_000, "commands/s")));
        report.add(Row.text("commands: closed loop", "left out", "no reason"));

        String table = report.table();

        assertThat(table).containsOnlyOnce("commands: closed loop\n");
        assertThat(table).contains("52 commands/s", "0.80%", "JDBC single-row commits, 16 clients 6,500 commits/s",
                "≥ 3,000 commands/s missed", "no reason");
    }

    @Test
    void writesTheSameRowsAsJson() throws Exception {
        Report report = new Report();
        report.add(Row.measured("commands", "latency p99", 900, "ms", Row.Better.LOWER).against(COMMIT_TIME)
                .target(new Reference("#13", 25, "ms")));
        Path file = directory.resolve("nested").resolve("run.json");

        report.writeJson(file, Map.of("quick", true));

        JsonNode row = new ObjectMapper().readTree(file.toFile()).get("rows").get(0);
        assertThat(row.get("figure").asText()).isEqualTo("latency p99");
        assertThat(row.get("value").asDouble()).isEqualTo(900);
        assertThat(row.get("ratioToLimit").asDouble()).isEqualTo(1800);
        assertThat(row.get("meetsTarget").asBoolean()).isFalse();
        assertThat(row.get("limit").get("name").asText()).isEqualTo(COMMIT_TIME.name());
    }
}
