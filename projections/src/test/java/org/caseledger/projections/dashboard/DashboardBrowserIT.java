package org.caseledger.projections.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.ApproximateDate;
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
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard in a real browser: Debian's Chromium driven through its own chromedriver (never one Selenium would
 * fetch), headless, signing in through the tests' OpenID Connect issuer as a person does, then reading the page as
 * drawn. The people it records have a prefecture of their own, and the page is opened under that filter, so the
 * figures it compares with the API's are not moved by the other tests.
 */
class DashboardBrowserIT extends RunningProjections {

    static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife");
    static final Facility SHUFU = new Facility("106", "Shufu - I", "Kashgar", "camp");
    static final Facility YECHENG = new Facility("107", "Yecheng - I", "Kashgar", "camp");
    static final Facility HOTAN = new Facility("109", "Hotan County - I", "Hotan", "camp");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(4_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static TopicWriter cases;
    static TopicWriter appeals;

    @LocalServerPort
    int port;
    ChromeDriver browser;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void openTopics() {
        Chromium.requireInstalled();
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        cases = new TopicWriter(kafka, Topics.CASES, "Case", "volunteer-9");
        appeals = new TopicWriter(kafka, Topics.APPEALS, "Appeal");
    }

    @AfterAll
    static void closeTopics() {
        if (cases != null) {
            cases.close();
            appeals.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsTheApisFiguresAsChartsAndAMapAfterSigningInAndReachesNoOtherOrigin() throws Exception {
        String prefecture = "Browser-" + UUID.randomUUID();
        record(prefecture);
        JsonNode api = awaitStatistics("prefecture=" + prefecture, shown -> shown.at("/byStatus/n").asInt() == 7
                && shown.at("/byStatus/unknown").asInt() == 1 && shown.at("/overTime/releases/n").asInt() == 2
                && shown.at("/bySentenceLength/n").asInt() == 1 && shown.at("/appeals/n").asInt() == 2);

        TestTokens.get().signInNextAs("analyst", List.of("ANALYST"));
        browser = chromium();
        String origin = "http://127.0.0.1:" + port;
        browser.get(origin + "/?prefecture=" + prefecture);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(browser.findElements(By.id("dashboard")))
                .as("the dashboard, not %s: %s", browser.getCurrentUrl(), browser.getPageSource()).isNotEmpty());
        assertThat(browser.getCurrentUrl()).startsWith(origin + "/?");
        assertThat(browser.findElement(By.cssSelector(".who")).getText()).contains("Signed in as analyst");
        assertThat(browser.findElement(By.id("disclosure")).getText()).isEqualTo("Exact counts.");

        await().atMost(Duration.ofSeconds(30)).until(() -> drawnCanvases() == canvases());
        assertThat(canvases()).as("a chart for each of status, years, sentences, releases, facilities, appeals")
                .isEqualTo(6);

        assertThat(table("status-table")).isEqualTo(cells(api.at("/byStatus/cells")));
        assertThat(text("#status .total")).isEqualTo(api.at("/byStatus/n").asText());
        assertThat(text("#status .unknown")).isEqualTo(api.at("/byStatus/unknown").asText());
        assertThat(table("detentions-per-year-table")).isEqualTo(cells(api.at("/byYearOfFirstDetention/cells")));
        assertThat(table("sentence-lengths-table")).isEqualTo(labelled(api.at("/bySentenceLength/cells")));
        assertThat(table("facilities-table")).isEqualTo(labelled(api.at("/byFacility/cells")));
        assertThat(text("#appeals .total")).isEqualTo(api.at("/appeals/all/filed").asText());
        String detained = api.at("/byStatus/cells").findValuesAsText("count").get(
                api.at("/byStatus/cells").findValuesAsText("key").indexOf("DETAINED"));
        assertThat(browser.findElement(By.cssSelector("#status-table a")).getAttribute("href"))
                .as("a bar links to the case list behind it")
                .isEqualTo(origin + "/cases?prefecture=" + prefecture + "&status=DETAINED");

        await().atMost(Duration.ofSeconds(30)).until(() -> browser.findElements(By.cssSelector("#map path.facility"))
                .size() == 3);
        assertThat(browser.findElements(By.cssSelector("#map path.leaflet-interactive")))
                .as("the borders are drawn under the facilities").hasSizeGreaterThan(3);

        org.springframework.http.HttpHeaders session = new org.springframework.http.HttpHeaders();
        session.set("Authorization", "");
        session.set("Cookie", "JSESSIONID=" + browser.manage().getCookieNamed("JSESSIONID").getValue());
        assertThat(http.exchange("/api/statistics", org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(session), String.class).getStatusCode())
                .as("the API takes bearer tokens only, not the dashboard's session").isEqualTo(HttpStatus.UNAUTHORIZED);

        String dashboard = browser.getCurrentUrl();
        // With the charts drawn, the tables are there for the reader without a script, and not to be clicked.
        browser.get(browser.findElement(By.cssSelector("#status-table a")).getAttribute("href"));
        await().atMost(Duration.ofSeconds(30)).until(() -> !browser.findElements(By.id("cases-table")).isEmpty());
        assertThat(text("#total")).as("the cases behind the count").isEqualTo(detained);
        assertThat(browser.findElements(By.cssSelector("#cases-table tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(1).getText()).toList())
                .as("each listed case's status").hasSize(Integer.parseInt(detained)).containsOnly("DETAINED");
        assertThat(browser.findElements(By.cssSelector("#cases-table tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(0).getText()).toList())
                .as("the people, whom an analyst may see in public cases").allMatch(name -> name.startsWith("Person "));
        assertThat(consoleErrors()).as("the case list's complaints").isEmpty();
        screenshot("cases.png");
        browser.get(dashboard);
        await().atMost(Duration.ofSeconds(30)).until(() -> drawnCanvases() == canvases());

        List<String> elsewhere = otherOrigins(origin);
        assertThat(elsewhere).as("requests the page made to another origin").isEmpty();
        assertThat(consoleErrors()).as("the browser's complaints, a Content-Security-Policy violation among them")
                .isEmpty();

        screenshot("dashboard.png");
        browser.manage().window().setSize(new Dimension(390, 844));
        await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) js("return document.documentElement.scrollWidth"))
                .intValue() <= 390);
        screenshot("dashboard-phone.png");
    }

    @Test
    void sendsAPersonWhoIsNotSignedInToTheProviderWithAProofKey() throws Exception {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
                .contains("script-src 'self'", "style-src 'self'", "default-src 'none'").doesNotContain("unsafe", "http"));
        String signIn = page.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> toProvider = client.send(HttpRequest.newBuilder(URI.create(signIn))
                .header("Cookie", page.headers().firstValue("Set-Cookie").orElse("").split(";")[0]).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(toProvider.statusCode()).isEqualTo(302);
        assertThat(toProvider.headers().firstValue("Location").orElseThrow())
                .startsWith(TestTokens.get().issuer() + "/protocol/openid-connect/auth?")
                .contains("client_id=caseledger-dashboard", "code_challenge_method=S256", "code_challenge=");
    }

    private void record(String prefecture) {
        String first = opened(prefecture, "2017-11", SHUFU, Gender.MALE);
        derived(first, 1, CaseStatus.DETAINED, "2017-11", SHUFU);
        String second = opened(prefecture, "2017-12", SHUFU, Gender.FEMALE);
        derived(second, 1, CaseStatus.DETAINED, "2017-12", SHUFU);
        String third = opened(prefecture, "2018-03", YECHENG, Gender.MALE);
        derived(third, 1, CaseStatus.DETAINED, "2018-03", YECHENG);
        cases.publish(third, 2, new SentenceReported(new CaseId(third), ApproximateDate.parse("2019-04"),
                "Kashgar Intermediate People's Court", new Term(12, 0, false), WIFE));
        derived(third, 3, CaseStatus.SENTENCED, "2019-04", YECHENG);
        String fourth = opened(prefecture, "2018", HOTAN, Gender.FEMALE);
        derived(fourth, 1, CaseStatus.DETAINED, "2018", HOTAN);
        cases.publish(fourth, 2, new ReleaseRecorded(new CaseId(fourth), ApproximateDate.parse("2019-10"),
                ReleaseConditions.SURVEILLANCE, WIFE));
        derived(fourth, 3, CaseStatus.RELEASED, "2019-10", null);
        String fifth = opened(prefecture, "2018-06", null, Gender.MALE);
        cases.publish(fifth, 1, new ReleaseRecorded(new CaseId(fifth), ApproximateDate.parse("2020"),
                ReleaseConditions.FREE, WIFE));
        derived(fifth, 2, CaseStatus.RELEASED, "2020", null);
        String sixth = opened(prefecture, "2019-01", null, Gender.MALE);
        derived(sixth, 1, CaseStatus.DETAINED, "2019-01", null);
        opened(prefecture, "2019-02", null, null);

        AuthorityId ministry = AuthorityId.random();
        new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.APPEALS, "Authority")
                .publish(ministry.value(), 0, new AuthorityRegistered(ministry, "Ministry of Foreign Affairs of "
                        + "Kazakhstan", AuthorityKind.FOREIGN_MINISTRY, "KZ", 30));
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        filed(first, ministry, today.minusDays(70));
        filed(second, ministry, today.minusDays(10));
    }

    private String opened(String prefecture, String detainedOn, Facility facility, Gender gender) {
        String caseId = CaseId.random().value();
        Person person = new Person("Person " + caseId, List.of(), gender, null, "Kazakh", List.of("CN"),
                new Hometown(null, prefecture), null);
        cases.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), person,
                new Detention(ApproximateDate.parse(detainedOn), "Kashgar", DetentionKind.CAMP, facility), WIFE));
        return caseId;
    }

    private void derived(String caseId, long sequence, CaseStatus status, String since, Facility facility) {
        cases.publish(caseId, sequence, new CaseStatusDerived(new CaseId(caseId), status, null,
                ApproximateDate.parse(since), facility == null ? null : DetentionKind.CAMP, facility, null, null,
                false, List.of()));
    }

    private void filed(String caseId, AuthorityId authorityId, LocalDate filedOn) {
        AppealId appealId = AppealId.random();
        appeals.publish(appealId.value(), 0, new AppealFiled(appealId, new CaseId(caseId), authorityId,
                AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn, "Asked where he is held", filedOn.plusDays(30),
                null));
    }

    private JsonNode awaitStatistics(String query, java.util.function.Predicate<JsonNode> complete) {
        JsonNode[] shown = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ResponseEntity<String> response = http.getForEntity("/api/statistics?" + query, String.class);
            shown[0] = json.readTree(response.getBody());
            return response.getStatusCode() == HttpStatus.OK && complete.test(shown[0]);
        });
        return shown[0];
    }

    private ChromeDriver chromium() throws IOException {
        return Chromium.start();
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private long canvases() {
        return ((Number) js("return document.querySelectorAll('canvas').length")).longValue();
    }

    /** Canvases a chart was made on and something was painted on: not a pixel left transparent on an empty one. */
    private long drawnCanvases() {
        return ((Number) js("""
                return Array.from(document.querySelectorAll('canvas')).filter(canvas => {
                    if (!window.Chart || !Chart.getChart(canvas) || canvas.width === 0) { return false; }
                    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) { return true; } }
                    return false;
                }).length""")).longValue();
    }

    private String text(String selector) {
        return Chromium.text(browser, selector);
    }

    private Map<String, String> table(String id) {
        return Chromium.table(browser, id);
    }

    private static Map<String, String> cells(JsonNode cells) {
        Map<String, String> shown = new LinkedHashMap<>();
        cells.forEach(cell -> shown.put(cell.get("key").asText(), cell.get("count").asText()));
        return shown;
    }

    private static Map<String, String> labelled(JsonNode cells) {
        Map<String, String> shown = new LinkedHashMap<>();
        cells.forEach(cell -> shown.put(cell.get("label").asText(), cell.get("count").asText()));
        return shown;
    }

    @SuppressWarnings("unchecked")
    private List<String> otherOrigins(String origin) {
        List<String> names = (List<String>) js("""
                return performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))
                    .map(entry => entry.name)""");
        assertThat(names).as("the page's own scripts were loaded").anyMatch(name -> name.endsWith("chart.umd.min.js"))
                .anyMatch(name -> name.endsWith("borders.geojson"));
        List<String> elsewhere = new ArrayList<>();
        names.stream().filter(name -> !name.startsWith(origin + "/")).forEach(elsewhere::add);
        return elsewhere;
    }

    private List<String> consoleErrors() {
        return browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage)
                .toList();
    }

    private void screenshot(String name) throws IOException {
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }
}
