package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.caseledger.api.EventHeaders;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TestTokens;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An existing dataset brought in as CSV: its good rows become cases with their facts, recorded as an operator's
 * requests would be and published like any other; its bad rows are named by line with what to mend, and nothing of
 * them is stored; the same file again records nothing; a file that is no such CSV is refused whole.
 */
class ImportIT extends RunningCaseService {

    static final MediaType CSV = MediaType.parseMediaType("text/csv");

    /** Good rows mark their source's reference with GOOD, bad rows theirs with BAD, each unique to a test. */
    static final String FILE = """
            name,name_cyrillic,name_arabic,name_chinese,gender,age,detention_date,detention_kind,detention_facility,sentence_date,sentence_years,release_date,release_conditions,departure_date,departure_country,death_date,death_in_custody,source_type,source_reference
            "Tursun, Abdulla ""Aka""\",Турсун Абдулла,تۇرسۇن ئابدۇللا,吐尔逊·阿不都拉,MALE,40-49,2017-11,CAMP,,,,2018-12,SURVEILLANCE,,,,,RELATIVE_TESTIMONY,his wife GOOD
            Шайырбек Даулетхан,,,,MALE,,2018-03,PRETRIAL,,2019-01,10,,,,,,,COURT_RECORD,verdict GOOD
            ئابدۇرېھىم ھېيت,Абдурехим Хейт,,,MALE,,2017-02,PRISON,,,,,,,,2019-02,yes,MEDIA_REPORT,news GOOD
            古丽巴哈尔·海力瓦吉,,,,FEMALE,,2017-05,CAMP,,,,2018-10,FREE,2019-04,Kazakhstan,,,VICTIM_TESTIMONY,herself GOOD
            ,Без Имени,,,,,2017-11,CAMP,,,,,,,,,,RELATIVE_TESTIMONY,no name BAD
            Refused Date,,,,,,2017-13,CAMP,,,,,,,,,,RELATIVE_TESTIMONY,bad date BAD
            Refused Kind,,,,,,2017-11,GULAG,,,,,,,,,,RELATIVE_TESTIMONY,bad kind BAD
            Aygul Multiline,,,,FEMALE,,2018,CAMP,,,,,,,,,,WITNESS_TESTIMONY,"a neighbour,
            who saw it GOOD"
            Refused Facility,,,,,,2017-11,CAMP,99999,,,,,,,,,RELATIVE_TESTIMONY,unknown facility BAD
            Refused Fields,2017-11,CAMP,RELATIVE_TESTIMONY BAD
            Refused Twice,,,,,,2017-11,CAMP,,2019,ten,2018,,,,,,RELATIVE_TESTIMONY,two mistakes BAD
            """;

    final ObjectMapper json = new ObjectMapper();

    @LocalServerPort
    int port;

    @Test
    void recordsTheGoodRowsAsCasesWithTheirFactsAndRefusesTheBadOnesByLineStoringNothingOfThem() throws Exception {
        String good = "good-" + UUID.randomUUID();
        String bad = "bad-" + UUID.randomUUID();
        long before = storedEvents();

        ResponseEntity<String> answer = upload(FILE.replace("GOOD", good).replace("BAD", bad));

        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        JsonNode summary = json.readTree(answer.getBody());
        assertThat(summary.get("rows").asLong()).isEqualTo(11);
        assertThat(summary.get("casesOpened").asLong()).isEqualTo(5);
        assertThat(summary.get("factsRecorded").asLong()).isEqualTo(10);
        assertThat(summary.get("alreadyImported").asLong()).isZero();
        Map<Long, String> cases = casesByLine(summary);
        assertThat(cases).containsOnlyKeys(2L, 3L, 4L, 5L, 9L);
        Map<Long, String> refused = new LinkedHashMap<>();
        summary.get("refused").forEach(row -> refused.put(row.get("line").asLong(), row.get("reasons").toString()));
        assertThat(refused).containsOnlyKeys(6L, 7L, 8L, 11L, 12L, 13L);
        assertThat(refused.get(6L)).contains("name: is empty");
        assertThat(refused.get(7L)).contains("detention_date: '2017-13' is not a date");
        assertThat(refused.get(8L)).contains("detention_kind: 'GULAG' is not a kind of detention; write one of "
                + "POLICE_CUSTODY, CAMP, PRETRIAL, PRISON");
        assertThat(refused.get(11L)).contains("detention_facility: no facility '99999' is in the register");
        assertThat(refused.get(12L)).contains("the row has 4 fields where the header has 19");
        assertThat(refused.get(13L)).contains("sentence_years: 'ten' is not a whole number")
                .contains("release_conditions: a release needs its conditions");

        assertThat(eventTypes(cases.get(2L))).containsSubsequence("DetentionReported", "ReleaseRecorded");
        assertThat(eventTypes(cases.get(3L))).containsSubsequence("DetentionReported", "SentenceReported");
        assertThat(eventTypes(cases.get(4L))).containsSubsequence("DetentionReported", "DeathReported");
        assertThat(eventTypes(cases.get(5L)))
                .containsSubsequence("DetentionReported", "ReleaseRecorded", "DepartureReported");
        assertThat(eventTypes(cases.get(9L))).containsSubsequence("DetentionReported");
        assertThat(cases.values().stream().mapToLong(this::eventsOf).sum()).isEqualTo(10);
        assertThat(everyEventOpened()).as("events of refused rows").noneMatch(event -> event.contains(bad));

        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES)) {
            JsonNode tursun = opening(topic, cases.get(2L));
            assertThat(tursun.at("/person/name").asText()).isEqualTo("Tursun, Abdulla \"Aka\"");
            assertThat(tursun.at("/person/nameVariants").toString())
                    .contains("{\"text\":\"Турсун Абдулла\",\"script\":\"CYRILLIC\"}")
                    .contains("{\"text\":\"تۇرسۇن ئابدۇللا\",\"script\":\"ARABIC\"}")
                    .contains("{\"text\":\"吐尔逊·阿不都拉\",\"script\":\"CHINESE\"}");
            assertThat(tursun.at("/person/birth/ageFrom").asInt()).isEqualTo(40);
            assertThat(tursun.at("/person/birth/ageTo").asInt()).isEqualTo(49);
            assertThat(tursun.at("/person/birth/ageAsOfYear").asInt()).isEqualTo(2017);
            assertThat(tursun.at("/source/reference").asText()).isEqualTo("his wife " + good);
            assertThat(opening(topic, cases.get(3L)).at("/person/name").asText()).isEqualTo("Шайырбек Даулетхан");
            assertThat(opening(topic, cases.get(4L)).at("/person/name").asText()).isEqualTo("ئابدۇرېھىم ھېيت");
            assertThat(opening(topic, cases.get(5L)).at("/person/name").asText()).isEqualTo("古丽巴哈尔·海力瓦吉");
            assertThat(opening(topic, cases.get(9L)).at("/source/reference").asText())
                    .isEqualTo("a neighbour,\nwho saw it " + good);
        }
        assertThat(storedEvents() - before).as("events stored, status readings included")
                .isEqualTo(cases.values().stream().mapToLong(caseId -> eventTypes(caseId).size()).sum());
    }

    @Test
    void recordsNothingTwiceWhenTheSameFileIsImportedAgain() throws Exception {
        String file = FILE.replace("GOOD", "again-" + UUID.randomUUID()).replace("BAD", "again-bad");
        JsonNode first = json.readTree(upload(file).getBody());
        long before = storedEvents();

        ResponseEntity<String> again = upload(file);

        assertThat(again.getStatusCode()).isEqualTo(HttpStatus.OK);
        JsonNode second = json.readTree(again.getBody());
        assertThat(second.get("rows").asLong()).isEqualTo(11);
        assertThat(second.get("casesOpened").asLong()).isZero();
        assertThat(second.get("factsRecorded").asLong()).isZero();
        assertThat(second.get("alreadyImported").asLong()).isEqualTo(5);
        assertThat(casesByLine(second)).isEqualTo(casesByLine(first));
        assertThat(second.get("cases").findValuesAsText("imported")).containsOnly("BEFORE");
        assertThat(second.get("refused")).isEqualTo(first.get("refused"));
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void tellsHowFarTheImportHasGotWhileItRunsAndRecordsTheRowsAsTheSignedInUser() throws Exception {
        StringBuilder file = new StringBuilder("name,detention_date,detention_kind,source_type,source_reference\n");
        String run = UUID.randomUUID().toString();
        for (int i = 0; i < 250; i++) {
            file.append("Streamed Person ").append(i).append(",2018-0").append(1 + i % 9)
                    .append(",CAMP,RELATIVE_TESTIMONY,").append(run).append('\n');
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.get().token("volunteer.importer", List.of("OPERATOR")));
        headers.setAccept(List.of(MediaType.parseMediaType("application/x-ndjson")));

        ResponseEntity<String> answer = upload(file.toString().getBytes(StandardCharsets.UTF_8), headers);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(answer.getHeaders().getContentType()).hasToString("application/x-ndjson;charset=UTF-8");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : answer.getBody().split("\n")) {
            lines.add(json.readTree(line));
        }
        List<Integer> done = lines.stream().filter(line -> line.has("progress"))
                .map(line -> line.at("/progress/done").asInt()).toList();
        assertThat(done).contains(100, 200).isSorted();
        assertThat(lines.stream().filter(line -> line.has("progress")))
                .allSatisfy(line -> assertThat(line.at("/progress/rows").asInt()).isEqualTo(250));
        JsonNode summary = lines.get(lines.size() - 1).get("summary");
        assertThat(summary.get("rows").asInt()).isEqualTo(250);
        assertThat(summary.get("casesOpened").asInt()).isEqualTo(250);
        assertThat(summary.get("refused")).isEmpty();
        List<String> metadata = jdbc.sql("SELECT convert_from(metadata, 'UTF8') FROM domainevententry "
                        + "WHERE aggregateidentifier = ?")
                .param(summary.at("/cases/0/caseId").asText()).query(String.class).list();
        assertThat(metadata).isNotEmpty()
                .allSatisfy(entry -> assertThat(entry).contains("\"recordedBy\":\"volunteer.importer\""));
    }

    @Test
    void refusesAFileThatIsNoCsvOfKnownColumnsWholeAndStoresNothingOfIt() throws Exception {
        String goodRow = "Stored Never,2017-11,CAMP,RELATIVE_TESTIMONY\n";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("not UTF-8", new byte[]{(byte) 0xff, (byte) 0xfe, 0x00, 0x41, (byte) 0xc3, 0x28});
        files.put("empty", new byte[0]);
        files.put("JSON", "{\"person\":{\"name\":\"Stored Never\"}}".getBytes(StandardCharsets.UTF_8));
        files.put("no header", goodRow.getBytes(StandardCharsets.UTF_8));
        files.put("unknown column", ("name,detention_date,detention_kind,source_type,birthday\n"
                + goodRow.strip() + ",1977\n").getBytes(StandardCharsets.UTF_8));
        files.put("required column missing", ("name,detention_date,source_type\n"
                + "Stored Never,2017-11,RELATIVE_TESTIMONY\n").getBytes(StandardCharsets.UTF_8));
        files.put("quote left open after a good row", ("name,detention_date,detention_kind,source_type\n" + goodRow
                + "\"Stored Never,2017-11,CAMP,RELATIVE_TESTIMONY\n").getBytes(StandardCharsets.UTF_8));
        long before = storedEvents();

        List<String> details = new ArrayList<>();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            ResponseEntity<String> answer = upload(file.getValue(), SignedInClient.as(Role.OPERATOR));
            assertThat(answer.getStatusCode()).as(file.getKey() + ": " + answer.getBody())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).as(file.getKey())
                    .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(answer.getBody());
            assertThat(problem.path("field").asText()).as(file.getKey() + ": " + answer.getBody()).isEqualTo("file");
            details.add(problem.get("detail").asText());
        }

        assertThat(details.get(0)).contains("not UTF-8");
        assertThat(details.get(1)).contains("empty");
        assertThat(details.get(2)).contains("not known");
        assertThat(details.get(3)).contains("not known: 2017-11, camp, relative_testimony, stored never");
        assertThat(details.get(4)).contains("not known: birthday");
        assertThat(details.get(5)).contains("lacks the columns every row needs: detention_kind");
        assertThat(details.get(6)).contains("not RFC 4180 CSV");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void takesOnlyCsvAndOnlyFromOperatorsAndAdmins() throws Exception {
        String file = "name,detention_date,detention_kind,source_type\nRole Check,2017-11,CAMP,RELATIVE_TESTIMONY\n";
        byte[] bytes = file.getBytes(StandardCharsets.UTF_8);
        long before = storedEvents();

        assertThat(uploadWithoutToken(bytes).statusCode()).isEqualTo(HttpStatus.UNAUTHORIZED.value());
        assertThat(upload(bytes, SignedInClient.as(Role.VIEWER)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(upload(bytes, SignedInClient.as(Role.ANALYST)).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        HttpHeaders asJson = SignedInClient.as(Role.OPERATOR);
        asJson.setContentType(MediaType.APPLICATION_JSON);
        assertThat(http.postForEntity("/api/imports", new HttpEntity<>(bytes, asJson), String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        assertThat(storedEvents()).isEqualTo(before);

        assertThat(upload(bytes, SignedInClient.as(Role.ADMIN)).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void refusesAFileLargerThanTheLimitBeforeReadingIt() throws Exception {
        byte[] huge = new byte[16 * 1024 * 1024 + 1];
        Arrays.fill(huge, (byte) 'a');

        ResponseEntity<String> answer = upload(huge, SignedInClient.as(Role.OPERATOR));

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.PAYLOAD_TOO_LARGE);
        assertThat(json.readTree(answer.getBody()).get("detail").asText())
                .isEqualTo("The body is larger than 16777216 bytes; split the file and import the parts one after another");
    }

    private ResponseEntity<String> upload(String file) {
        return upload(file.getBytes(StandardCharsets.UTF_8), SignedInClient.as(Role.OPERATOR));
    }

    private ResponseEntity<String> upload(byte[] file, HttpHeaders headers) {
        headers.setContentType(CSV);
        return http.postForEntity("/api/imports", new HttpEntity<>(file, headers), String.class);
    }

    /** Past the shared client, which would sign in as an operator. */
    private HttpResponse<String> uploadWithoutToken(byte[] file) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/api/imports"))
                .header("Content-Type", CSV.toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<Long, String> casesByLine(JsonNode summary) {
        Map<Long, String> cases = new LinkedHashMap<>();
        summary.get("cases").forEach(row -> cases.put(row.get("line").asLong(), row.get("caseId").asText()));
        return cases;
    }

    private JsonNode opening(TopicReader topic, String caseId) throws Exception {
        List<ConsumerRecord<String, byte[]>> records = await().atMost(Duration.ofSeconds(60))
                .until(() -> topic.recordsWithKey(caseId), found -> found.stream()
                        .anyMatch(r -> "DetentionReported".equals(TopicReader.header(r, EventHeaders.EVENT_TYPE))));
        ConsumerRecord<String, byte[]> opening = records.stream()
                .filter(r -> "DetentionReported".equals(TopicReader.header(r, EventHeaders.EVENT_TYPE)))
                .findFirst().orElseThrow();
        return opened(new String(opening.value(), StandardCharsets.UTF_8), DetentionReported.class);
    }
}
