package org.caseledger.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BenchConfigTest {

    @Test
    void runsEveryPhaseAtFullLengthByDefault() {
        BenchConfig config = BenchConfig.parse();

        assertThat(config.durations()).isEqualTo(Durations.DEFAULT);
        assertThat(config.phases()).isEqualTo(BenchConfig.PHASES);
        assertThat(config.clients()).isEqualTo(16);
        assertThat(config.rateFractions()).containsExactly(0.25, 0.5, 0.75);
    }

    @Test
    void quickRunsOneOpenLoopAndShorterPhases() {
        BenchConfig config = BenchConfig.parse("--quick");

        assertThat(config.durations()).isEqualTo(Durations.QUICK);
        assertThat(config.rateFractions()).containsExactly(0.5);
    }

    @Test
    void importsFewerRowsInShorterRunsAndRebuildsTheCaseStatusUnlessTold() {
        assertThat(BenchConfig.parse().importRows()).isEqualTo(2000);
        assertThat(BenchConfig.parse("--quick").importRows()).isEqualTo(200);
        assertThat(BenchConfig.parse("--seconds", "2").importRows()).isEqualTo(50);
        assertThat(BenchConfig.parse("--quick", "--import-rows", "30").importRows()).isEqualTo(30);
        assertThat(BenchConfig.parse().rebuildModel()).isEqualTo("projections.case-status");
        assertThat(BenchConfig.parse("--rebuild-model", "projections.timeline").rebuildModel())
                .isEqualTo("projections.timeline");
    }

    @Test
    void takesRatesPhasesAndWhereTheJsonGoes() {
        BenchConfig config = BenchConfig.parse("--rates", "100,1000", "--phases", "commands,queries", "--json",
                "out.json", "--seconds", "3", "--clients", "4");

        assertThat(config.rates()).isEqualTo(List.of(100.0, 1000.0));
        assertThat(config.phases()).isEqualTo(Set.of("commands", "queries"));
        assertThat(config.json()).isEqualTo(Path.of("out.json"));
        assertThat(config.durations().closedLoop()).isEqualTo(Duration.ofSeconds(3));
        assertThat(config.clients()).isEqualTo(4);
        assertThat(config.queryRate()).as("half each closed loop's unless told").isNull();
        assertThat(BenchConfig.parse("--query-rate", "200").queryRate()).isEqualTo(200.0);
    }

    @Test
    void refusesWhatItDoesNotKnowAndSaysWhatItTakes() {
        assertThatThrownBy(() -> BenchConfig.parse("--fast")).hasMessageContaining("unknown option '--fast'")
                .hasMessageContaining("usage: deploy/local/bench");
        assertThatThrownBy(() -> BenchConfig.parse("--phases", "search"))
                .hasMessageContaining("--phases takes commands, export, import, limits, queries, rebuild, not 'search'");
        assertThatThrownBy(() -> BenchConfig.parse("--rates", "10,-1")).hasMessageContaining("above 0");
        assertThatThrownBy(() -> BenchConfig.parse("--query-rate", "0"))
                .hasMessageContaining("--query-rate takes queries per second above 0, not '0'");
        assertThatThrownBy(() -> BenchConfig.parse("--clients")).hasMessageContaining("--clients needs a value");
        assertThatThrownBy(() -> BenchConfig.parse("--token", "t", "--token-command", "deploy/local/token operator"))
                .hasMessageContaining("give one");
    }
}
