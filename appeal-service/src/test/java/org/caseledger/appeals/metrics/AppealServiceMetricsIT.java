package org.caseledger.appeals.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.appeals.CasesTopic;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.metrics.QueriedGauges;
import org.caseledger.platform.testing.Dashboard;
import org.caseledger.platform.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AppealServiceMetricsIT extends RunningAppealService {

    @Autowired
    QueriedGauges queriedGauges;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void showsCommandsRequestsTheCasesConsumerAndPublicationMovingWithoutPersonalData() throws Exception {
        PrometheusScrape before = scrape();
        String caseId = CasesTopic.knownCase(jdbc, "Erbol Kazybek");
        var filed = post("/api/appeals", """
                {"caseId":"%s","authorityId":"kg-ombudsman","channel":"LETTER","filedBy":"RELATIVE",
                 "date":"%s","summary":"Asked where Erbol is held"}""".formatted(caseId, LocalDate.now(ZoneOffset.UTC)));
        assertThat(filed.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String appealId = json.readTree(filed.getBody()).get("appealId").asText();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            queriedGauges.refresh();
            PrometheusScrape after = scrape();
            assertThat(after.names()).as("series the cluster's dashboard queries")
                    .containsAll(Dashboard.metricsQueriedOf("appeal-service"));
            assertThat(moved(before, after, "commandBus_successCounter_total", Map.of("payloadType", "FileAppeal")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "http_server_requests_seconds_count",
                    Map.of("uri", "/api/appeals", "method", "POST", "status", "201"))).isEqualTo(1);
            assertThat(moved(before, after, "caseledger_consumer_records_applied_total",
                    Map.of("consumer", "appeal-service.known-cases", "topic", Topics.CASES)))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.samples("caseledger_consumer_lag_records",
                    Map.of("consumer", "appeal-service.known-cases"))).isNotEmpty();
            assertThat(after.has("caseledger_consumer_lag_seconds", Map.of("consumer", "appeal-service.known-cases")))
                    .isTrue();
            assertThat(moved(before, after, "eventProcessor_successCounter_total",
                    Map.of("processorName", "kafka-publisher", "payloadType", "AppealFiled")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(after.samples("caseledger_event_processor_behind_events", Map.of("processor", "kafka-publisher")))
                    .singleElement().satisfies(behind -> assertThat(behind.value()).isZero());
            assertThat(moved(before, after, "kafka_producer_record_send_total", Map.of())).isGreaterThanOrEqualTo(1);
        });
        String served = scrape().text().lines().filter(line -> !line.startsWith("http_client_requests"))
                .reduce("", (all, line) -> all + line + "\n");
        assertThat(served).doesNotContain("Erbol", "Kazybek", caseId, appealId);
    }

    private PrometheusScrape scrape() {
        return PrometheusScrape.of(management("/actuator/prometheus"));
    }

    private static double moved(PrometheusScrape before, PrometheusScrape after, String name,
                                Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
