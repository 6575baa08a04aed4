package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cases export read back by an ordinary CSV parser: names in four scripts exactly as recorded, a name and a field
 * with a comma, quotes and a line break intact, the person withheld where the role may not see it, and the access
 * log naming exactly the cases whose person the export showed. The cases have a prefecture of their own, and the
 * export is filtered by it, so other tests' cases do not move what is compared.
 */
class CaseExportIT extends RunningProjections {

    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "brother");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(6_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static final String CYRILLIC = "Шайырбек Даулетхан";
    static final String LATIN = "Shaiyrbek Dauletkhan";
    static final String ARABIC = "ئابلىكىم تۇردى";
    static final String CHINESE = "阿不力克木·吐尔地";
    /** A name as a form may deliver it: a comma, quotes and a line break inside, in two scripts. */
    static final String AWKWARD = "Турсун, \"Шайыр\"\r\n" + ARABIC;
    static final String OCCUPATION = "teacher, \"retired\"\nnow a farmer";
    final ObjectMapper json = new ObjectMapper();

    @Test
    void exportsEveryCaseWithTheNamesAsRecordedAndThePeopleTheRoleMaySeeLogged() throws Exception {
        String prefecture = "Export-" + UUID.randomUUID();
        String open = recorded(prefecture, new Person(CYRILLIC, List.of(new NameVariant(LATIN, Script.LATIN)),
                Gender.MALE, new Birth(1968, null, null, null), "Kazakh", List.of("KZ", "CN"),
                new Hometown("Tekes", prefecture), OCCUPATION), Visibility.PUBLIC);
        String restricted = recorded(prefecture, new Person(AWKWARD), null);
        String confidential = recorded(prefecture, new Person(CHINESE), Visibility.CONFIDENTIAL);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> export(prefecture, Role.ADMIN).size() == 3 && export(prefecture, Role.ADMIN).get(confidential).get("visibility").equals("CONFIDENTIAL"));

        ResponseEntity<byte[]> raw = http.exchange("/api/exports/cases.csv?prefecture=" + prefecture, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), byte[].class);
        assertThat(raw.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        String text = new String(raw.getBody(), StandardCharsets.UTF_8);
        assertThat(text).startsWith(String.join(",", CaseExportController.COLUMNS) + "\r\n")
                .contains(CYRILLIC, CHINESE, "\"Турсун, \"\"Шайыр\"\"\r\n" + ARABIC + "\"");

        Map<String, Map<String, String>> admin = export(prefecture, Role.ADMIN);
        assertThat(admin.get(open)).containsEntry("name", CYRILLIC).containsEntry("name_variants", LATIN)
                .containsEntry("occupation", OCCUPATION).containsEntry("birth_year", "1968")
                .containsEntry("citizenships", "KZ CN").containsEntry("hometown_county", "Tekes")
                .containsEntry("person_withheld", "false").containsEntry("visibility", "PUBLIC");
        assertThat(admin.get(restricted)).containsEntry("name", AWKWARD).containsEntry("visibility", "RESTRICTED");
        assertThat(admin.get(confidential)).containsEntry("name", CHINESE);

        Map<String, Map<String, String>> viewer = export(prefecture, Role.VIEWER);
        assertThat(viewer.get(open)).containsEntry("name", CYRILLIC).containsEntry("person_withheld", "false");
        for (String withheld : List.of(restricted, confidential)) {
            assertThat(viewer.get(withheld)).containsEntry("person_withheld", "true").containsEntry("name", "")
                    .containsEntry("name_variants", "").containsEntry("gender", "").containsEntry("hometown_county", "");
        }
        assertThat(viewer.get(restricted).get("case_number")).isEqualTo(admin.get(restricted).get("case_number"));

        Map<String, Map<String, String>> analyst = export(prefecture, Role.ANALYST);
        assertThat(analyst.get(restricted)).containsEntry("name", AWKWARD);
        assertThat(analyst.get(confidential)).containsEntry("person_withheld", "true").containsEntry("name", "");

        assertThat(loggedCases("viewer")).as("the cases whose person the viewer's exports showed")
                .contains(open).doesNotContain(restricted, confidential);
        assertThat(loggedCases("analyst")).contains(open, restricted).doesNotContain(confidential);
    }

    @Test
    void anExportThatShowsNoPersonLeavesNoRowInTheLog() throws Exception {
        String prefecture = "Export-" + UUID.randomUUID();
        String restricted = recorded(prefecture, new Person(ARABIC), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> export(prefecture, Role.VIEWER).size() == 1);

        assertThat(export(prefecture, Role.VIEWER).get(restricted)).containsEntry("person_withheld", "true");
        assertThat(logged("&caseId=" + restricted)).isEmpty();
    }

    @Test
    void aBadFilterIsRefusedNamingIt() {
        ResponseEntity<String> response = http.exchange("/api/exports/cases.csv?detainedFrom=last-year",
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(Role.VIEWER)), String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).contains("detainedFrom");
    }

    private String recorded(String prefecture, Person person, Visibility visibility) {
        String caseId = CaseId.random().value();
        Person placed = new Person(person.name(), person.nameVariants(), person.gender(), person.birth(),
                person.ethnicity(), person.citizenships(),
                person.hometown() == null ? new Hometown(null, prefecture) : person.hometown(), person.occupation());
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case", "volunteer-7")) {
            topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                    placed, new Detention(ApproximateDate.parse("2018-05"), "Ghulja", DetentionKind.CAMP), SOURCE));
            if (visibility != null) {
                topic.publish(caseId, 1, new CaseVisibilityChanged(new CaseId(caseId), visibility, "as asked"));
            }
        }
        return caseId;
    }

    /** The export as the role reads it, by case id, each row by column name. */
    private Map<String, Map<String, String>> export(String prefecture, Role role) throws IOException {
        ResponseEntity<byte[]> response = http.exchange("/api/exports/cases.csv?prefecture=" + prefecture,
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(role)), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(new String(response.getBody(), StandardCharsets.UTF_8)))) {
            for (CSVRecord record : parser) {
                rows.put(record.get("case_id"), record.toMap());
            }
        }
        return rows;
    }

    private List<String> loggedCases(String user) throws IOException {
        List<String> cases = new ArrayList<>();
        logged("&user=" + user).forEach(entry -> entry.get("caseIds").forEach(id -> cases.add(id.asText())));
        return cases;
    }

    private List<JsonNode> logged(String filter) throws IOException {
        ResponseEntity<String> response = http.exchange("/api/admin/access-log?size=500" + filter, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> entries = new ArrayList<>();
        json.readTree(response.getBody()).get("items").forEach(entry -> {
            if (entry.get("endpoint").asText().equals(CaseExportController.ENDPOINT)) {
                entries.add(entry);
            }
        });
        return entries;
    }
}
