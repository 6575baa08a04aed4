package org.caseledger.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.caseledger.local.EndToEndStack.get;
import static org.caseledger.local.EndToEndStack.getAsAdmin;
import static org.caseledger.local.EndToEndStack.post;
import static org.caseledger.local.EndToEndStack.postAsAdmin;

/**
 * A person recorded with names in four scripts, a named testimony giver, a relative and an appeal whose summary names
 * the person: their names are in no byte of the event stores (cases' and appeals') or of the topics' log segments on
 * disk, while an analyst reads the person's names through
 * projections (and an admin the giver's and the relative's, as the redaction rules allow); once all
 * three are erased they are in no projection table, no export and no log of the services it wrote to either, the
 * statistics are as they were, and the ledger still verifies.
 */
class PersonalDataErasureIT {

    static final String LATIN = "Ekpar Tursunbayuly";
    static final String CYRILLIC = "Экпар Турсунбайұлы";
    static final String ARABIC = "ئەكپار تۇرسۇنباي";
    static final String CHINESE = "艾克帕尔·吐尔逊拜";
    static final String GIVER = "Raziya Tursunbayqyzy";
    static final String RELATIVE = "Almas Tursunbayuly";
    static final String TESTIMONY = "Taken from the bazaar in Qorghas by two plain-clothes officers";
    /** An appeal's summary names the person too: by a spelling of their name of its own, found nowhere else. */
    static final String APPEALED_FOR = "Ekpar Tursunbai of Qorghas";
    static final String APPEAL = "His sister asked the ministry where " + APPEALED_FOR + " is held";
    static final List<String> PERSONAL = List.of(LATIN, CYRILLIC, ARABIC, CHINESE, GIVER, RELATIVE, TESTIMONY,
            APPEALED_FOR);

    static ServiceProcess caseService;
    static ServiceProcess projections;
    static ServiceProcess appealService;
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void startServices() {
        EndToEndStack stack = EndToEndStack.get();
        caseService = stack.caseService;
        projections = stack.projections;
        appealService = EndToEndStack.startAppealService(List.of(), List.of());
    }

    @AfterAll
    static void stopAppealService() {
        if (appealService != null) {
            appealService.close();
        }
    }

    @Test
    void anErasedPersonLeavesNoNameInAnyCopyAndTheFiguresAndTheLedgerStand() throws Exception {
        String caseId = created(post(caseService.url("/api/cases"), """
                {"person":{"name":"%s","nameVariants":[{"text":"%s","script":"CYRILLIC"},
                           {"text":"%s","script":"ARABIC"},{"text":"%s","script":"CHINESE"}],
                           "gender":"MALE","ethnicity":"Kazakh","hometown":{"county":"Qorghas","prefecture":"Ili"}},
                 "detention":{"date":"2018-03","place":"Qorghas","kind":"CAMP"},
                 "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"his sister's call"}}"""
                .formatted(LATIN, CYRILLIC, ARABIC, CHINESE))).get("caseId").asText();
        HttpResponse<String> testimony = post(caseService.url("/api/cases/" + caseId + "/testimonies"), """
                {"givenBy":{"relation":"SIBLING","named":{"name":"%s","consentToRecord":true}},"date":"2019-04",
                 "language":"kk","summary":"%s","consentToPublish":false,"visibility":"RESTRICTED",
                 "source":{"type":"RELATIVE_TESTIMONY"}}""".formatted(GIVER, TESTIMONY));
        assertThat(testimony.statusCode()).as(testimony.body()).isEqualTo(201);
        HttpResponse<String> relative = post(caseService.url("/api/cases/" + caseId + "/relatives"), """
                {"relation":"SIBLING","name":"%s","date":"2019-04","source":{"type":"RELATIVE_TESTIMONY"}}"""
                .formatted(RELATIVE));
        assertThat(relative.statusCode()).as(relative.body()).isEqualTo(201);
        String appealId = filedAppeal(caseId);
        HttpResponse<String> answer = post(appealService.url("/api/appeals/" + appealId + "/responses"), """
                {"type":"DENIED","date":"%s","summary":"%s is not a citizen, the ministry answered"}"""
                .formatted(LocalDate.now(ZoneOffset.UTC), APPEALED_FOR));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);

        JsonNode timeline = await().atMost(Duration.ofSeconds(60)).until(
                () -> read(getAsAdmin(projections.url("/api/cases/" + caseId + "/timeline"))),
                shown -> shown != null && shown.path("entries").size() >= 3
                        && shown.toString().contains(RELATIVE));
        assertThat(timeline.toString()).as("an admin reads them through projections").contains(GIVER, TESTIMONY);
        JsonNode shown = read(get(projections.url("/api/cases/" + caseId)));
        assertThat(shown.get("name").asText()).isEqualTo(LATIN);
        assertThat(shown.at("/person/nameVariants").toString()).contains(CYRILLIC, ARABIC, CHINESE);

        List<ConsumerRecordBytes> published = awaitPublished(caseId);
        assertThat(published).isNotEmpty();
        assertNoneIn("the event store", eventStore());
        assertNoneIn("the topic's log segments", logSegments(caseId));
        awaitPublished(Topics.APPEALS, "e2e_appeals", appealId);
        assertNoneIn("the appeals' event store", appealStore());
        assertNoneIn("the appeals topic's log segments", logSegments(Topics.APPEALS, appealId));
        await().atMost(Duration.ofSeconds(60)).until(
                () -> String.valueOf(read(get(projections.url("/api/cases/" + caseId + "/appeals")))),
                appeals -> appeals.contains(appealId));

        awaitProjectionsCaughtUp();
        JsonNode before = statistics();
        String testimonyId = subjectOf(published, "testimonyId");
        String relativeId = subjectOf(published, "relativeId");
        erase(caseId, "{\"reason\":\"asked by the family\",\"subjectId\":\"" + relativeId + "\"}");
        erase(caseId, "{\"reason\":\"withdrew consent\",\"subjectId\":\"" + testimonyId + "\"}");
        erase(caseId, "{\"reason\":\"his family is threatened\"}");

        await().atMost(Duration.ofSeconds(60)).until(
                () -> {
                    JsonNode erased = read(get(projections.url("/api/cases/" + caseId)));
                    return erased != null && "[erased]".equals(erased.path("name").asText());
                });
        awaitPublished(caseId);
        awaitProjectionsCaughtUp();

        assertNoneIn("the event store", eventStore());
        assertNoneIn("the topic's log segments", logSegments(caseId));
        assertNoneIn("the appeals' event store", appealStore());
        assertNoneIn("the appeals topic's log segments", logSegments(Topics.APPEALS, appealId));
        assertNoneIn("the projection tables", projectionTables());
        assertNoneIn("the cases export", List.of(bytes(getAsAdmin(projections.url("/api/exports/cases.csv")))));
        assertNoneIn("the events export", List.of(bytes(getAsAdmin(projections.url("/api/exports/events.jsonl")))));
        assertNoneIn("the timeline", List.of(bytes(getAsAdmin(projections.url("/api/cases/" + caseId + "/timeline")))));
        assertNoneIn("the logs of case-service, appeal-service and projections", serviceLogs());
        assertThat(statistics()).as("the statistics are as they were").isEqualTo(before);
        JsonNode verification = read(getAsAdmin(caseService.url("/api/admin/ledger/verification")));
        assertThat(verification.get("verified").asBoolean()).as(verification.toString()).isTrue();
    }

    private record ConsumerRecordBytes(byte[] value) {
    }

    /** The case's records once the topic holds every event the case's store holds. */
    private List<ConsumerRecordBytes> awaitPublished(String caseId) {
        return awaitPublished(Topics.CASES, "e2e_cases", caseId);
    }

    private List<ConsumerRecordBytes> awaitPublished(String topicName, String database, String aggregateId) {
        long stored = JdbcClient.create(RealInfrastructure.get().superuserDataSource(database))
                .sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?").param(aggregateId)
                .query(Long.class).single();
        try (TopicReader topic = new TopicReader(RealInfrastructure.get().kafkaBootstrapServers(), topicName)) {
            return await().atMost(Duration.ofSeconds(60))
                    .until(() -> topic.recordsWithKey(aggregateId), found -> found.size() >= stored).stream()
                    .map(record -> new ConsumerRecordBytes(record.value())).toList();
        }
    }

    /**
     * An appeal for the case, filed as soon as appeal-service has learnt of the case from the topic (until then it
     * answers that it knows no such case).
     */
    private String filedAppeal(String caseId) throws Exception {
        String body = """
                {"caseId":"%s","authorityId":"kz-foreign-ministry","channel":"LETTER","filedBy":"RELATIVE",
                 "date":"%s","summary":"%s"}""".formatted(caseId, LocalDate.now(ZoneOffset.UTC), APPEAL);
        HttpResponse<String> filed = await().atMost(Duration.ofSeconds(60))
                .until(() -> post(appealService.url("/api/appeals"), body), response -> response.statusCode() != 422);
        return created(filed).get("appealId").asText();
    }

    private void erase(String caseId, String body) throws Exception {
        HttpResponse<String> erased = postAsAdmin(caseService.url("/api/cases/" + caseId + "/erasure"), body);
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(201);
    }

    /** A testimony's or relative's id, as any reader of the topic sees it: ids are not personal data. */
    private String subjectOf(List<ConsumerRecordBytes> published, String field) throws IOException {
        for (ConsumerRecordBytes record : published) {
            JsonNode payload = json.readTree(record.value());
            if (payload.hasNonNull(field)) {
                return payload.get(field).asText();
            }
        }
        throw new AssertionError("No event on the topic carries " + field);
    }

    /** Every row of the event store, as the superuser reads it: the stored bytes of payload and metadata. */
    private static List<byte[]> eventStore() {
        return JdbcClient.create(RealInfrastructure.get().superuserDataSource("e2e_cases"))
                .sql("SELECT payload, metadata FROM domainevententry")
                .query((rows, n) -> concat(rows.getBytes("payload"), rows.getBytes("metadata"))).list();
    }

    private static List<byte[]> appealStore() {
        return JdbcClient.create(RealInfrastructure.get().superuserDataSource("e2e_appeals"))
                .sql("SELECT payload, metadata FROM domainevententry")
                .query((rows, n) -> concat(rows.getBytes("payload"), rows.getBytes("metadata"))).list();
    }

    /** Every row of every table of projections' database, as text. */
    private static List<byte[]> projectionTables() {
        JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource("e2e_projections"));
        List<String> tables = superuser.sql("SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'")
                .query(String.class).list();
        List<byte[]> rows = new ArrayList<>();
        for (String table : tables) {
            rows.addAll(superuser.sql("SELECT CAST(t AS TEXT) FROM " + table + " t").query(String.class).list().stream()
                    .map(row -> row.getBytes(StandardCharsets.UTF_8)).toList());
        }
        assertThat(tables).as("the read models' tables").contains("case_status", "case_history", "case_search_name",
                "timeline_entry", "timeline_detail");
        return rows;
    }

    /** The raw files of the cases topic's partitions on the broker's disk; they must hold the case's records. */
    private static List<byte[]> logSegments(String caseId) throws IOException {
        return logSegments(Topics.CASES, caseId);
    }

    /** The raw files of the topic's partitions on the broker's disk; they must hold the aggregate's records. */
    private static List<byte[]> logSegments(String topic, String aggregateId) throws IOException {
        List<Path> directories = RealInfrastructure.get().kafkaLogDirectories();
        assertThat(directories).as("the embedded broker's log directories").isNotEmpty();
        List<byte[]> files = new ArrayList<>();
        for (Path directory : directories) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path file : paths.filter(Files::isRegularFile)
                        .filter(path -> path.getParent().getFileName().toString().startsWith(topic + "-"))
                        .filter(path -> path.getFileName().toString().endsWith(".log")).toList()) {
                    files.add(Files.readAllBytes(file));
                }
            }
        }
        assertThat(files).as("the segments hold the records of " + aggregateId)
                .anySatisfy(file -> assertThat(indexOf(file, aggregateId.getBytes(StandardCharsets.UTF_8)))
                        .isNotNegative());
        return files;
    }

    /** What the services this test wrote to have logged since they started in this run. */
    private static List<byte[]> serviceLogs() throws IOException {
        List<byte[]> logs = new ArrayList<>();
        for (ServiceProcess service : List.of(caseService, appealService, projections)) {
            logs.add(service.output().getBytes(StandardCharsets.UTF_8));
        }
        return logs;
    }

    private static void assertNoneIn(String where, List<byte[]> contents) {
        for (String personal : PERSONAL) {
            byte[] utf8 = personal.getBytes(StandardCharsets.UTF_8);
            assertThat(contents).as(where + " holds no byte sequence of '" + personal + "'")
                    .allSatisfy(content -> assertThat(indexOf(content, utf8)).isNegative());
        }
    }

    private void awaitProjectionsCaughtUp() {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode standings = read(getAsAdmin(projections.url("/api/admin/projections")));
            if (standings == null || !standings.has("consumers")) {
                return false;
            }
            for (JsonNode consumer : standings.get("consumers")) {
                if (consumer.path("lag").asLong(-1) != 0) {
                    return false;
                }
            }
            return true;
        });
    }

    private JsonNode statistics() throws Exception {
        return read(get(projections.url("/api/statistics")));
    }

    private JsonNode created(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return json.readTree(response.body());
    }

    private JsonNode read(HttpResponse<String> response) {
        try {
            return response.statusCode() == 200 ? json.readTree(response.body()) : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static int indexOf(byte[] content, byte[] sought) {
        outer:
        for (int i = 0; i <= content.length - sought.length; i++) {
            for (int j = 0; j < sought.length; j++) {
                if (content[i + j] != sought[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
