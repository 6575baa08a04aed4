package org.caseledger.projections.statistics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.metrics.QueriedGauges;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauge of open cases by status, read from the statistics' counts as the service reads them, against the real
 * PostgreSQL: a case counts under its current status, {@code UNKNOWN} until it derives one, and a duplicate merged into
 * another case counts nowhere, whether the changes that counted it are folded into the counts or not yet; and it
 * says what the statistics' case rows say.
 */
class OpenCasesGaugeIT {

    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static JdbcClient jdbc;
    private static StatisticsProjection projection;
    private static StatisticsCounts counts;
    private static SimpleMeterRegistry registry;
    private static QueriedGauges gauges;

    private final ProjectedEvents events = new ProjectedEvents();

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase("projections_open_cases_gauge");
        projection = new StatisticsProjection(jdbc);
        counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        registry = new SimpleMeterRegistry();
        gauges = new QueriedGauges(registry, Duration.ofHours(1));
        new OpenCasesGauge(gauges, jdbc);
    }

    @Test
    void casesAreCountedByTheirCurrentStatusAndDuplicatesMergedAwayLeftOut() {
        Map<String, Double> before = counted();
        String detained = opened();
        derived(detained, 1, CaseStatus.DETAINED);
        String released = opened();
        derived(released, 1, CaseStatus.DETAINED);
        counts.foldIn("public");
        derived(released, 2, CaseStatus.RELEASED);
        opened();
        String duplicate = opened();
        derived(duplicate, 1, CaseStatus.DETAINED);
        projection.apply(events.of(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(detained),
                "same person")));

        Map<String, Double> after = counted();

        assertThat(moved(before, after, "DETAINED")).isEqualTo(1);
        assertThat(moved(before, after, "RELEASED")).isEqualTo(1);
        assertThat(moved(before, after, "UNKNOWN")).isEqualTo(1);
        assertThat(after.keySet()).containsAll(before.keySet());
        assertThat(after.values().stream().mapToDouble(Double::doubleValue).sum()
                - before.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(3);
        assertThat(after).isEqualTo(rows());
        counts.foldIn("public");
        assertThat(counted()).isEqualTo(after);
    }

    @Test
    void aStatusNoCaseHoldsAnyMoreIsNoLongerShown() {
        String caseId = opened();
        derived(caseId, 1, CaseStatus.DECEASED);
        counts.foldIn("public");
        assertThat(counted()).containsEntry("DECEASED", 1.0);

        projection.apply(events.of(caseId, 2, new CaseMerged(new CaseId(caseId), CaseId.random(), "same person")));

        assertThat(counted()).doesNotContainKey("DECEASED").isEqualTo(rows());
        counts.foldIn("public");
        assertThat(counted()).doesNotContainKey("DECEASED");
    }

    private String opened() {
        String caseId = CaseId.random().value();
        projection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person("Gulnar"), null, WITNESS)));
        return caseId;
    }

    private void derived(String caseId, long sequence, CaseStatus status) {
        projection.apply(events.of(caseId, sequence, new CaseStatusDerived(new CaseId(caseId), status, null,
                ApproximateDate.parse("2017"), DetentionKind.CAMP, null, null, null, false, List.of())));
    }

    /** The gauge's value for each status, once its query has run. */
    private static Map<String, Double> counted() {
        gauges.refresh();
        return registry.find("caseledger.cases.open").gauges().stream()
                .collect(Collectors.toMap(gauge -> gauge.getId().getTag("status"), Gauge::value));
    }

    /** The statistics' case rows not merged away, counted by status. */
    private static Map<String, Double> rows() {
        Map<String, Double> rows = new HashMap<>();
        jdbc.sql("SELECT status, count(*) AS cases FROM statistics_case WHERE merged_into IS NULL GROUP BY status")
                .query(rs -> {
                    rows.put(rs.getString("status"), (double) rs.getLong("cases"));
                });
        return rows;
    }

    private static double moved(Map<String, Double> before, Map<String, Double> after, String status) {
        return after.getOrDefault(status, 0.0) - before.getOrDefault(status, 0.0);
    }
}
