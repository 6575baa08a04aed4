package org.caseledger.cases.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.metrics.QueriedGauges;
import org.caseledger.platform.testing.Dashboard;
import org.caseledger.platform.testing.PrometheusScrape;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class CaseServiceMetricsIT extends RunningCaseService {

    static final String DETENTION = """
            {"person":{"name":"Gulzira Auelkhan"},
             "detention":{"date":"2018-01","place":"Kuitun","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    @Autowired
    QueriedGauges queriedGauges;

    final ObjectMapper json = new ObjectMapper();

    PrometheusScrape scrape() {
        return PrometheusScrape.of(management("/actuator/prometheus"));
    }

    @Test
    void showsCommandsRequestsAndPublicationMovingOnTheManagementPortWithoutPersonalData() throws Exception {
        PrometheusScrape before = scrape();

        var opened = post("/api/cases", DETENTION);
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        String caseId = json.readTree(opened.getBody()).get("caseId").asText();
        assertThat(post("/api/cases/" + caseId + "/releases", """
                {"date":"2019-03","conditions":"SURVEILLANCE","source":{"type":"RELATIVE_TESTIMONY"}}""")
                .getStatusCode()).isEqualTo(HttpStatus.CREATED);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            queriedGauges.refresh();
            PrometheusScrape after = scrape();
            assertThat(after.names()).as("series the cluster's dashboard queries")
                    .containsAll(Dashboard.metricsQueriedOf("case-service"));
            for (String command : new String[]{"ReportDetention", "RecordRelease"}) {
                assertThat(moved(before, after, "commandBus_successCounter_total", Map.of("payloadType", command)))
                        .as(command).isGreaterThanOrEqualTo(1);
                assertThat(moved(before, after, "commandBus_allTimer_seconds_count", Map.of("payloadType", command)))
                        .as(command).isGreaterThanOrEqualTo(1);
            }
            assertThat(moved(before, after, "http_server_requests_seconds_count",
                    Map.of("uri", "/api/cases", "method", "POST", "status", "201"))).isEqualTo(1);
            assertThat(moved(before, after, "http_server_requests_seconds_bucket",
                    Map.of("uri", "/api/cases/{caseId}/releases", "status", "201", "le", "+Inf"))).isEqualTo(1);
            assertThat(moved(before, after, "eventProcessor_successCounter_total",
                    Map.of("processorName", "kafka-publisher", "payloadType", "DetentionReported")))
                    .isGreaterThanOrEqualTo(1);
            assertThat(moved(before, after, "eventProcessor_allTimer_seconds_sum",
                    Map.of("processorName", "kafka-publisher", "payloadType", "DetentionReported"))).isPositive();
            assertThat(after.names()).as("Axon's capacity monitor, which keeps every message's time for ten minutes")
                    .noneMatch(name -> name.startsWith("eventProcessor_capacity"))
                    .noneMatch(name -> name.startsWith("commandBus_capacity"));
            assertThat(moved(before, after, "kafka_producer_record_send_total", Map.of())).isGreaterThanOrEqualTo(3);
            assertThat(moved(before, after, "caseledger_event_store_head_events", Map.of())).isGreaterThanOrEqualTo(3);
            assertThat(after.sum("caseledger_event_processor_position_events", Map.of("processor", "kafka-publisher")))
                    .isEqualTo(after.sum("caseledger_event_store_head_events"));
            assertThat(after.samples("caseledger_event_processor_behind_events", Map.of("processor", "kafka-publisher")))
                    .singleElement().satisfies(behind -> assertThat(behind.value()).isZero());
            assertThat(after.sum("caseledger_event_processor_segments", Map.of("processor", "kafka-publisher")))
                    .isEqualTo(1);
            assertThat(after.sum("hikaricp_connections_max")).isPositive();
            assertThat(after.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        });
        // The test's own client is measured in the same registry, by the URL it called; the service's meters are not.
        String served = scrape().text().lines().filter(line -> !line.startsWith("http_client_requests"))
                .reduce("", (all, line) -> all + line + "\n");
        assertThat(served).doesNotContain("Gulzira", "Auelkhan", "Kuitun", caseId);
    }

    /**
     * A request is observed once, as {@code http.server.requests} with its span, and not again by every filter of the
     * security chain, its authentication and its authorization: those observations cost a sixth of the request's CPU.
     */
    @Test
    void observesARequestOnceAndNotEachStepOfItsSecurityChain() {
        PrometheusScrape before = scrape();

        assertThat(post("/api/cases", DETENTION).getStatusCode()).isEqualTo(HttpStatus.CREATED);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(moved(before, scrape(),
                "http_server_requests_seconds_count", Map.of("uri", "/api/cases", "status", "201"))).isEqualTo(1));
        assertThat(scrape().names()).noneMatch(name -> name.startsWith("spring_security_"));
    }

    static double moved(PrometheusScrape before, PrometheusScrape after, String name, Map<String, String> labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }
}
