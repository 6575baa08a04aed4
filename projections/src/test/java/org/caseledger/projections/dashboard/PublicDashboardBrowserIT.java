package org.caseledger.projections.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard where statistics are public, in a real browser that never signs in: the page opens, draws its charts
 * from aggregates alone, shows a small cell as "&lt;5" and rounds the others, and names no one. It needs projections
 * started with {@code caseledger.statistics.public=true}, so it runs in a Spring context of its own.
 */
@TestPropertySource(properties = "caseledger.statistics.public=true")
class PublicDashboardBrowserIT extends RunningProjections {

    static final Source SISTER = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "sister");
    static final Facility SHUFU = new Facility("106", "Shufu - I", "Kashgar", "camp");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static TopicWriter cases;

    @LocalServerPort
    int port;
    ChromeDriver browser;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void openTopic() {
        Chromium.requireInstalled();
        cases = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case", "volunteer-4");
    }

    @AfterAll
    static void closeTopic() {
        if (cases != null) {
            cases.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsOnlyAggregatesWithSmallCellsSuppressedToSomeoneNotSignedIn() throws Exception {
        String prefecture = "Public-" + UUID.randomUUID();
        List<String> caseIds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            caseIds.add(recorded(prefecture, "Detained Person " + i + " " + UUID.randomUUID(), CaseStatus.DETAINED,
                    names));
        }
        for (int i = 0; i < 2; i++) {
            caseIds.add(recorded(prefecture, "Released Person " + i + " " + UUID.randomUUID(), CaseStatus.RELEASED,
                    names));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> exact(prefecture).at("/byStatus/unknown").asInt() == 0
                && exact(prefecture).at("/byStatus/n").asInt() == 9);

        browser = Chromium.start();
        String origin = "http://127.0.0.1:" + port;
        browser.get(origin + "/?prefecture=" + prefecture);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(browser.findElements(By.id("dashboard")))
                .as("the dashboard without signing in, not %s", browser.getCurrentUrl()).isNotEmpty());
        assertThat(browser.getCurrentUrl()).as("no detour to the provider's sign-in").startsWith(origin + "/?");
        assertThat(text(".who")).as("nobody is signed in").isEqualTo("Sign in to see exact counts.");
        assertThat(browser.findElement(By.id("disclosure")).getText()).startsWith("Public figures");
        assertThat(table("status-table")).as("7 detained shown rounded to 5, 2 released as <5")
                .containsExactly(Map.entry("DETAINED", "5"), Map.entry("RELEASED", "<5"));
        assertThat(text("#status .total")).as("9 rounded, so the total does not give the small cell away")
                .isEqualTo("10");
        await().atMost(Duration.ofSeconds(30)).until(() -> ((Number) ((JavascriptExecutor) browser).executeScript(
                "return document.querySelectorAll('canvas').length")).intValue() > 0);

        String page = browser.getPageSource();
        assertThat(page).as("no person's name or case on a public page")
                .doesNotContain(names.toArray(String[]::new))
                .doesNotContain(caseIds.toArray(String[]::new))
                .doesNotContain("1971");
        ResponseEntity<String> publicApi = new org.springframework.boot.test.web.client.TestRestTemplate()
                .getForEntity(origin + "/api/statistics?prefecture=" + prefecture, String.class);
        assertThat(publicApi.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(json.readTree(publicApi.getBody()).at("/byStatus/n").asText())
                .as("the page shows what the API shows to someone not signed in").isEqualTo("10");
        String caseList = browser.findElement(By.cssSelector("#status-table a")).getAttribute("href");
        HttpResponse<String> behindACount = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(caseList)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(behindACount.statusCode()).as("the cases behind a public count, for someone not signed in")
                .isEqualTo(302);
        assertThat(behindACount.headers().firstValue("Location")).as("sent to sign in")
                .hasValueSatisfying(location -> assertThat(location).endsWith("/oauth2/authorization/caseledger"));
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", "dashboard-public.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * The page names its WebJars with their versions, as Spring's resource links write them on the pages (and only
     * there: config/DashboardPages), so that a browser takes a new version for a new file.
     */
    @Test
    void linksItsWebJarsWithTheirVersions() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .containsPattern("href=\"/webjars/leaflet/\\d+\\.\\d+\\.\\d+[^/\"]*/dist/leaflet\\.css\"")
                .containsPattern("src=\"/webjars/chart\\.js/\\d+\\.\\d+\\.\\d+[^/\"]*/dist/chart\\.umd\\.min\\.js\"");
    }

    private String recorded(String prefecture, String name, CaseStatus status, List<String> names) {
        String caseId = CaseId.random().value();
        names.add(name);
        Person person = new Person(name, List.of(), Gender.FEMALE, new Birth(1971, null, null, null), "Kazakh",
                List.of("CN"), new Hometown("Shufu", prefecture), "teacher");
        cases.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), person,
                new Detention(ApproximateDate.parse("2018-04"), "Shufu", DetentionKind.CAMP, SHUFU), SISTER));
        cases.publish(caseId, 1, new CaseStatusDerived(new CaseId(caseId), status, null,
                ApproximateDate.parse("2018-04"), DetentionKind.CAMP, SHUFU, null, null, false, List.of()));
        return caseId;
    }

    /** The exact figures, as a signed-in operator gets them from the API. */
    private JsonNode exact(String prefecture) throws Exception {
        return json.readTree(http.getForObject("/api/statistics?prefecture=" + prefecture, String.class));
    }

    private String text(String selector) {
        return Chromium.text(browser, selector);
    }

    private Map<String, String> table(String id) {
        return Chromium.table(browser, id);
    }
}
