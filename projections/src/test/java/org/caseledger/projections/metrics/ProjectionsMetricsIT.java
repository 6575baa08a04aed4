package org.caseledger.projections.metrics;

import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.metrics.QueriedGauges;
import org.caseledger.platform.testing.Dashboard;
import org.caseledger.platform.testing.PrometheusScrape;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProjectionsMetricsIT extends RunningProjections {

    static TopicWriter cases;
    static TopicWriter appeals;
    static TopicWriter authorities;

    @BeforeAll
    static void openTopics() {
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        cases = new TopicWriter(kafka, Topics.CASES, "Case");
        appeals = new TopicWriter(kafka, Topics.APPEALS, "Appeal");
        authorities = new TopicWriter(kafka, Topics.APPEALS, "Authority");
    }

    @AfterAll
    static void closeTopics() {
        cases.close();
        appeals.close();
        authorities.close();
    }

    @Autowired
    QueriedGauges queriedGauges;

    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void showsConsumersTheirLagRedeliveriesAndTheSilenceOfAuthoritiesWithoutPersonalData() {
        PrometheusScrape before = scrape();
        CaseId caseId = CaseId.random();
        cases.publish(caseId.value(), 0, new DetentionReported(caseId, 90_001, new Person("Baimurat Nurbek"),
                new Detention(ApproximateDate.parse("2018-04"), "Ghulja", DetentionKind.CAMP),
                new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "his sister")));
        AuthorityId ombudsman = AuthorityId.random();
        authorities.publish(ombudsman.value(), 0, new AuthorityRegistered(ombudsman, "Ombudsman of the Kyrgyz Republic",
                AuthorityKind.OMBUDSMAN, "KG", 30));
        AppealId appealId = AppealId.random();
        LocalDate filedOn = today.minusDays(400);
        appeals.publish(appealId.value(), 0, new AppealFiled(appealId, caseId, ombudsman, AppealChannel.LETTER,
                AppellantRole.RELATIVE, filedOn, "Asked where Baimurat is held", filedOn.plusDays(30), null));
        String overdue = appeals.publish(appealId.value(), 1,
                new AppealResponseOverdue(appealId, ombudsman, filedOn.plusDays(30)));
        // the same event again, as a publisher that crashed before its token moved sends it
        appeals.publish(appealId.value(), 1, new AppealResponseOverdue(appealId, ombudsman, filedOn.plusDays(30)),
                overdue);

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var shown = http.getForEntity("/api/cases/" + caseId.value() + "/appeals", String.class);
            return shown.getStatusCode() == HttpStatus.OK && shown.getBody().contains("\"OVERDUE\"")
                    && get(caseId.value()).getStatusCode() == HttpStatus.OK;
        });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            queriedGauges.refresh();
            PrometheusScrape after = scrape();
            assertThat(after.names()).as("series the cluster's dashboard queries")
                    .containsAll(Dashboard.metricsQueriedOf("projections"));
            Map<String, String> appealsConsumer = Map.of("consumer", "projections.appeals", "topic", Topics.APPEALS);
            assertThat(moved(before, after, "caseledger_consumer_records_applied_total", appealsConsumer))
                    .isGreaterThanOrEqualTo(4);
            assertThat(moved(before, after, "caseledger_consumer_redeliveries_absorbed_total", appealsConsumer))
                    .isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "caseledger_consumer_records_applied_total",
                    Map.of("consumer", "projections.case-status"))).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "caseledger_consumer_records_applied_total",
                    Map.of("consumer", "projections.timeline"))).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "caseledger_consumer_delay_seconds_count",
                    Map.of("consumer", "projections.appeals"))).isGreaterThanOrEqualTo(4);
            assertThat(after.samples("caseledger_consumer_lag_records", Map.of("consumer", "projections.appeals",
                    "topic", Topics.APPEALS))).isNotEmpty().allSatisfy(lag -> assertThat(lag.value()).isZero());
            assertThat(after.samples("caseledger_consumer_lag_seconds", Map.of("consumer", "projections.appeals")))
                    .singleElement().satisfies(lag -> assertThat(lag.value()).isZero());
            assertThat(moved(before, after, "kafka_consumer_fetch_manager_records_consumed_total",
                    Map.of("client_id", "projections.appeals"))).isGreaterThanOrEqualTo(4);
            assertThat(moved(before, after, "caseledger_cases_open", Map.of())).isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "caseledger_appeals_overdue", Map.of())).isGreaterThanOrEqualTo(1);
            assertThat(after.sum("caseledger_appeals_oldest_unanswered_days")).isGreaterThanOrEqualTo(400);
            assertThat(moved(before, after, "http_server_requests_seconds_count",
                    Map.of("uri", "/api/cases/{caseId}/appeals", "status", "200"))).isGreaterThanOrEqualTo(1);
            assertThat(after.sum("hikaricp_connections_max")).isPositive();
        });
        String served = scrape().text().lines().filter(line -> !line.startsWith("http_client_requests"))
                .reduce("", (all, line) -> all + line + "\n");
        assertThat(served).doesNotContain("Baimurat", "Nurbek", "Ghulja", "sister", caseId.value(), appealId.value());
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.of(management("/actuator/prometheus"));
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String name,
                                Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
