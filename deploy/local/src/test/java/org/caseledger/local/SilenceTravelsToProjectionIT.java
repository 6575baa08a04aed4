package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.get;
import static org.caseledger.local.EndToEndStack.post;

/**
 * Appeals with the real service jars as separate processes: two appeals are filed for a reported detention, one
 * is answered, the other is not. appeal-service is then restarted with its clock a month ahead (the test-only
 * system property {@code caseledger.testing.clock-offset}, with the profile that allows it), and its persistent
 * deadline records the silence, which projections show next to the answer and count for the authority.
 */
class SilenceTravelsToProjectionIT {

    static final List<String> CLOCK_A_MONTH_AHEAD = List.of("-Dcaseledger.testing.clock-offset=P31D",
            "-Dspring.profiles.active=end-to-end-test");
    static final List<String> QUICK_DEADLINE_POLLING = List.of("--db-scheduler.polling-interval=1s");

    static ServiceProcess caseService;
    static ServiceProcess appealService;
    static ServiceProcess projections;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
        appealService = EndToEndStack.startAppealService(List.of(), QUICK_DEADLINE_POLLING);
    }

    @AfterAll
    static void stopAppealService() {
        if (appealService != null) {
            appealService.close();
        }
    }

    @Test
    void unansweredAppealBecomesOverdueNextToTheAnsweredOneAndTheAuthorityRecordCountsBoth() throws Exception {
        String authorityId = json.readTree(post(appealService.url("/api/authorities"), """
                {"name":"Ministry of Foreign Affairs of the Kyrgyz Republic","kind":"FOREIGN_MINISTRY",
                 "country":"KG","expectedResponseDays":30}""").body()).get("authorityId").asText();
        HttpResponse<String> opened = post(caseService.url("/api/cases"), """
                {"person":{"name":"Ержан Құрманбек"},
                 "detention":{"date":"2018-01","place":"Ghulja","kind":"CAMP"},
                 "source":{"type":"RELATIVE_TESTIMONY"}}""");
        assertThat(opened.statusCode()).isEqualTo(201);
        String caseId = json.readTree(opened.body()).get("caseId").asText();
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        String appeal = """
                {"caseId":"%s","authorityId":"%s","channel":"LETTER","filedBy":"RELATIVE","date":"%s",
                 "summary":"Asked the ministry to find out where he is held"}""".formatted(caseId, authorityId, today);

        // The case reaches appeal-service through the cases topic; until then filing is refused and stores nothing.
        AtomicReference<HttpResponse<String>> firstFiling = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            firstFiling.set(post(appealService.url("/api/appeals"), appeal));
            return firstFiling.get().statusCode() != 422;
        });
        assertThat(firstFiling.get().statusCode()).isEqualTo(201);
        String answered = json.readTree(firstFiling.get().body()).get("appealId").asText();
        HttpResponse<String> secondFiling = post(appealService.url("/api/appeals"), appeal);
        assertThat(secondFiling.statusCode()).isEqualTo(201);
        String silent = json.readTree(secondFiling.body()).get("appealId").asText();
        assertThat(post(appealService.url("/api/appeals/" + answered + "/responses"), """
                {"type":"DENIED","date":"%s","summary":"Not a citizen of Kyrgyzstan"}""".formatted(today))
                .statusCode()).isEqualTo(201);

        appealService.close();
        appealService = EndToEndStack.startAppealService(CLOCK_A_MONTH_AHEAD, QUICK_DEADLINE_POLLING);

        String appealsUrl = projections.url("/api/cases/" + caseId + "/appeals");
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode items = json.readTree(get(appealsUrl).body()).get("items");
            return items.size() == 2 && "OVERDUE".equals(statusOf(items, silent));
        });
        JsonNode items = json.readTree(get(appealsUrl).body()).get("items");
        assertThat(statusOf(items, answered)).isEqualTo("ANSWERED");
        assertThat(statusOf(items, silent)).isEqualTo("OVERDUE");

        JsonNode record = json.readTree(get(projections.url("/api/authorities/" + authorityId + "/record")).body());
        assertThat(record.get("filed").asLong()).isEqualTo(2);
        assertThat(record.get("answered").asLong()).isEqualTo(1);
        assertThat(record.at("/byResponseType/DENIED").asLong()).isEqualTo(1);
        assertThat(record.get("overdueNow").asLong()).isEqualTo(1);
        assertThat(record.at("/authority/name").asText()).isEqualTo("Ministry of Foreign Affairs of the Kyrgyz Republic");
    }

    private static String statusOf(JsonNode items, String appealId) {
        for (JsonNode item : items) {
            if (item.get("appealId").asText().equals(appealId)) {
                return item.get("status").asText();
            }
        }
        return null;
    }
}
