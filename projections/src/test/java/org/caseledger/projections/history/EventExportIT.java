package org.caseledger.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.Redeliveries;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.StoredPositions;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The events export read line by line as any JSON Lines reader would: the events this test published, in the order
 * they were recorded (not the order they were published in), cut by since and until, redacted for each role as the
 * case view and the timeline are, and logged. Each test records its events in a window of recording time of its own,
 * decades back, and exports only that window, so the other tests' events do not move what is compared.
 */
class EventExportIT extends RunningProjections {

    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "second interview");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static final String NAME = "Гульбахар Жалилова";
    static final String GIVER = "Мехрибан Жалилова";
    static final String RELATIVE = "ئەخمەت جالىل";
    static final String TESTIMONY = "She was taken from the school at night";
    static final String APPEAL = "Мы просим сообщить, где содержится наша сестра";
    static final String ANSWER = "No such person is known to the ministry";
    final ObjectMapper json = new ObjectMapper();
    @Autowired
    MeterRegistry registry;
    @Autowired
    CaseHistoryProjection history;

    @Test
    void exportsTheEventsInTheOrderTheyWereRecordedFromSinceUntilUntil() throws Exception {
        Instant t0 = window();
        String first = CaseId.random().value();
        String second = CaseId.random().value();
        List<String> ids = new ArrayList<>();
        try (TopicWriter topic = writer()) {
            // Published case by case, recorded interleaved: the export follows the recording, not the topic.
            ids.add(topic.publishRecordedAt(second, 0, opened(second, "Second"), UUID.randomUUID().toString(),
                    t0.plusSeconds(1)));
            ids.add(topic.publishRecordedAt(second, 1, released(second), UUID.randomUUID().toString(),
                    t0.plusSeconds(3)));
            ids.add(topic.publishRecordedAt(first, 0, opened(first, "First"), UUID.randomUUID().toString(), t0));
            ids.add(topic.publishRecordedAt(first, 1, released(first), UUID.randomUUID().toString(),
                    t0.plusSeconds(2)));
            ids.add(topic.publishRecordedAt(first, 2, new CaseVisibilityChanged(new CaseId(first), Visibility.PUBLIC,
                    "family asks for it"), UUID.randomUUID().toString(), t0.plusSeconds(4)));
        }
        String all = "?since=" + t0 + "&until=" + t0.plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> export(all, Role.ADMIN).size() == 5);

        List<JsonNode> lines = export(all, Role.ADMIN);
        assertThat(lines).extracting(line -> line.get("caseId").asText() + "/" + line.get("sequence").asLong())
                .containsExactly(first + "/0", second + "/0", first + "/1", second + "/1", first + "/2");
        assertThat(lines).extracting(line -> line.get("eventId").asText())
                .containsExactly(ids.get(2), ids.get(0), ids.get(3), ids.get(1), ids.get(4));
        assertThat(lines).extracting(line -> line.get("type").asText()).containsExactly("DetentionReported",
                "DetentionReported", "ReleaseRecorded", "ReleaseRecorded", "CaseVisibilityChanged");
        assertThat(lines).extracting(line -> Instant.parse(line.get("recordedAt").asText())).containsExactly(t0,
                t0.plusSeconds(1), t0.plusSeconds(2), t0.plusSeconds(3), t0.plusSeconds(4));
        JsonNode opened = lines.get(0);
        assertThat(opened.get("revision").asText()).isEqualTo("2");
        assertThat(opened.get("recordedBy").asText()).isEqualTo("volunteer-7");
        assertThat(opened.at("/payload/person/name").asText()).isEqualTo("First " + NAME);
        assertThat(opened.at("/payload/detention/kind").asText()).isEqualTo("CAMP");
        assertThat(opened.at("/payload/source/reference").asText()).isEqualTo("second interview");
        assertThat(lines.get(2).at("/payload/conditions").asText()).isEqualTo("SURVEILLANCE");
        assertThat(opened.get("visibility").asText()).as("the case's visibility now").isEqualTo("PUBLIC");
        assertThat(lines.get(1).get("visibility").asText()).isEqualTo("RESTRICTED");

        assertThat(export("?since=" + t0.plusSeconds(1) + "&until=" + t0.plusSeconds(3), Role.ADMIN))
                .as("since is included, until is not")
                .extracting(line -> line.get("eventId").asText()).containsExactly(ids.get(0), ids.get(3));
        assertThat(export("?since=" + t0.plusSeconds(3) + "&until=" + t0.plusSeconds(60), Role.ADMIN))
                .extracting(line -> line.get("eventId").asText()).containsExactly(ids.get(1), ids.get(4));
        assertThat(export("?until=" + t0.plusSeconds(1), Role.ADMIN))
                .extracting(line -> line.get("eventId").asText()).contains(ids.get(2)).doesNotContain(ids.get(0));
    }

    @Test
    void withholdsFromEachRoleWhatTheCaseViewAndTheTimelineWithholdAndLogsWhatItShows() throws Exception {
        Instant t0 = window();
        String restricted = CaseId.random().value();
        String confidential = CaseId.random().value();
        try (TopicWriter topic = writer()) {
            topic.publishRecordedAt(restricted, 0, opened(restricted, "Restricted"), UUID.randomUUID().toString(), t0);
            topic.publishRecordedAt(restricted, 1, testimony(restricted), UUID.randomUUID().toString(),
                    t0.plusSeconds(1));
            topic.publishRecordedAt(restricted, 2, relative(restricted), UUID.randomUUID().toString(),
                    t0.plusSeconds(2));
            topic.publishRecordedAt(confidential, 0, opened(confidential, "Confidential"),
                    UUID.randomUUID().toString(), t0.plusSeconds(3));
            topic.publishRecordedAt(confidential, 1, testimony(confidential), UUID.randomUUID().toString(),
                    t0.plusSeconds(4));
            topic.publishRecordedAt(confidential, 2, new CaseVisibilityChanged(new CaseId(confidential),
                    Visibility.CONFIDENTIAL, "family under pressure"), UUID.randomUUID().toString(), t0.plusSeconds(5));
        }
        String window = "?since=" + t0 + "&until=" + t0.plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> export(window, Role.ADMIN).size() == 6);

        List<JsonNode> admin = export(window, Role.ADMIN);
        assertThat(admin).allSatisfy(line -> assertThat(line.get("redacted")).isEmpty());
        assertThat(admin.get(0).at("/payload/person/name").asText()).isEqualTo("Restricted " + NAME);
        assertThat(admin.get(1).at("/payload/givenBy/name").asText()).isEqualTo(GIVER);
        assertThat(admin.get(2).at("/payload/name").asText()).isEqualTo(RELATIVE);
        assertThat(admin.get(3).at("/payload/person/name").asText()).isEqualTo("Confidential " + NAME);
        assertThat(admin.get(4).at("/payload/summary").asText()).isEqualTo(TESTIMONY);

        for (Role role : List.of(Role.ANALYST, Role.OPERATOR)) {
            List<JsonNode> lines = export(window, role);
            assertThat(lines).hasSize(6);
            JsonNode opened = lines.get(0);
            assertThat(opened.at("/payload/person/name").asText()).isEqualTo("Restricted " + NAME);
            assertThat(opened.get("recordedBy").asText()).isEqualTo("volunteer-7");
            assertThat(opened.get("redacted")).isEmpty();
            JsonNode testimony = lines.get(1);
            assertThat(testimony.at("/payload/summary").asText()).isEqualTo(TESTIMONY);
            assertThat(testimony.at("/payload/givenBy/name").isNull()).isTrue();
            assertThat(testimony.at("/payload/givenBy/relation").asText()).isEqualTo("SPOUSE");
            assertThat(strings(testimony.get("redacted"))).containsExactly("payload.givenBy.name");
            JsonNode relative = lines.get(2);
            assertThat(relative.at("/payload/name").isNull()).isTrue();
            assertThat(strings(relative.get("redacted"))).containsExactly("payload.name");
            for (JsonNode hidden : lines.subList(3, 6)) {
                assertThat(hidden.get("visibility").asText()).isEqualTo("CONFIDENTIAL");
                assertThat(hidden.get("recordedBy").isNull()).isTrue();
                assertThat(strings(hidden.get("redacted"))).contains("recordedBy");
            }
            assertThat(lines.get(3).at("/payload/person").isNull()).isTrue();
            assertThat(lines.get(3).at("/payload/source/reference").isNull()).isTrue();
            assertThat(lines.get(3).at("/payload/caseNumber").asLong()).isPositive();
            assertThat(strings(lines.get(3).get("redacted")))
                    .containsExactly("recordedBy", "payload.source.reference", "payload.person");
            assertThat(strings(lines.get(4).get("redacted"))).containsExactly("recordedBy",
                    "payload.source.reference", "payload.summary", "payload.givenBy.name");
            String text = lines.toString();
            assertThat(text).doesNotContain("Confidential " + NAME, GIVER, RELATIVE);
        }

        ResponseEntity<String> viewer = http.exchange("/api/exports/events.jsonl" + window, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.VIEWER)), String.class);
        assertThat(viewer.getStatusCode()).as("a viewer reads no timeline").isEqualTo(HttpStatus.FORBIDDEN);
        assertThat(viewer.getBody()).doesNotContain(NAME);

        List<JsonNode> restrictedLog = logged(restricted);
        assertThat(restrictedLog).extracting(entry -> entry.get("role").asText())
                .contains("ANALYST", "OPERATOR", "ADMIN").doesNotContain("VIEWER");
        assertThat(restrictedLog).filteredOn(entry -> entry.get("role").asText().equals("ANALYST"))
                .allSatisfy(entry -> assertThat(strings(entry.get("dataClasses")))
                        .containsExactly("PERSON", "PROVENANCE", "TESTIMONY_TEXT"));
        assertThat(logged(confidential)).extracting(entry -> entry.get("role").asText())
                .containsOnly("ADMIN").isNotEmpty();
        assertThat(logged(confidential)).allSatisfy(entry -> assertThat(strings(entry.get("dataClasses")))
                .contains("TESTIMONY_GIVER_NAME", "RELATIVE_NAME"));
    }

    @Test
    void theEventsOfACasesAppealsComeAmongItsOwnTheirSummariesWithheldAsATestimonysTextIs() throws Exception {
        Instant t0 = window();
        String restricted = CaseId.random().value();
        String confidential = CaseId.random().value();
        AuthorityId ministry = AuthorityId.random();
        AppealId asked = AppealId.random();
        AppealId hidden = AppealId.random();
        LocalDate filedOn = LocalDate.parse("2019-03-01");
        try (TopicWriter topic = writer();
             TopicWriter appeals = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.APPEALS,
                     "Appeal", "volunteer-7");
             TopicWriter authorities = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(),
                     Topics.APPEALS, "Authority", "volunteer-7")) {
            topic.publishRecordedAt(restricted, 0, opened(restricted, "Restricted"), UUID.randomUUID().toString(), t0);
            topic.publishRecordedAt(confidential, 0, opened(confidential, "Confidential"),
                    UUID.randomUUID().toString(), t0.plusSeconds(1));
            topic.publishRecordedAt(confidential, 1, new CaseVisibilityChanged(new CaseId(confidential),
                    Visibility.CONFIDENTIAL, "family under pressure"), UUID.randomUUID().toString(), t0.plusSeconds(2));
            authorities.publishRecordedAt(ministry.value(), 0, new AuthorityRegistered(ministry,
                    "Ministry of Foreign Affairs", AuthorityKind.FOREIGN_MINISTRY, "KZ", 30), UUID.randomUUID().toString(),
                    t0.plusSeconds(3));
            appeals.publishRecordedAt(asked.value(), 0, new AppealFiled(asked, new CaseId(restricted), ministry,
                    AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn, APPEAL, filedOn.plusDays(30), null),
                    UUID.randomUUID().toString(), t0.plusSeconds(4));
            appeals.publishRecordedAt(hidden.value(), 0, new AppealFiled(hidden, new CaseId(confidential), ministry,
                    AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn, APPEAL, filedOn.plusDays(30), null),
                    UUID.randomUUID().toString(), t0.plusSeconds(5));
            appeals.publishRecordedAt(asked.value(), 1, new AppealResponseOverdue(asked, ministry,
                    filedOn.plusDays(30)), UUID.randomUUID().toString(), t0.plusSeconds(6));
            appeals.publishRecordedAt(asked.value(), 2, new AppealResponseRecorded(asked, new CaseId(restricted),
                    ResponseType.DENIED, filedOn.plusDays(40), ANSWER), UUID.randomUUID().toString(), t0.plusSeconds(7));
            topic.publishRecordedAt(restricted, 1, released(restricted), UUID.randomUUID().toString(),
                    t0.plusSeconds(8));
        }
        String window = "?since=" + t0 + "&until=" + t0.plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> export(window, Role.ADMIN).size() == 8);

        List<JsonNode> admin = export(window, Role.ADMIN);
        assertThat(admin).as("in recording order, the authority's registration not among them")
                .extracting(line -> line.get("aggregateType").asText() + " " + line.get("type").asText())
                .containsExactly("Case DetentionReported", "Case DetentionReported", "Case CaseVisibilityChanged",
                        "Appeal AppealFiled", "Appeal AppealFiled", "Appeal AppealResponseOverdue",
                        "Appeal AppealResponseRecorded", "Case ReleaseRecorded");
        assertThat(admin.subList(3, 7)).extracting(line -> line.get("appealId").asText() + "/"
                        + line.get("sequence").asLong() + " of " + line.get("caseId").asText())
                .as("an overdue silence names no case; it is its appeal's")
                .containsExactly(asked.value() + "/0 of " + restricted, hidden.value() + "/0 of " + confidential,
                        asked.value() + "/1 of " + restricted, asked.value() + "/2 of " + restricted);
        assertThat(admin.get(0).has("appealId")).isFalse();
        assertThat(admin.get(3).at("/payload/summary").asText()).isEqualTo(APPEAL);
        assertThat(admin.get(4).at("/payload/summary").asText()).isEqualTo(APPEAL);
        assertThat(admin.get(6).at("/payload/summary").asText()).isEqualTo(ANSWER);
        assertThat(admin.get(4).get("visibility").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(admin).allSatisfy(line -> assertThat(line.get("redacted")).isEmpty());

        List<JsonNode> analyst = export(window, Role.ANALYST);
        assertThat(analyst).hasSize(8);
        assertThat(analyst.get(3).at("/payload/summary").asText()).isEqualTo(APPEAL);
        assertThat(analyst.get(3).get("recordedBy").asText()).isEqualTo("volunteer-7");
        assertThat(analyst.get(6).at("/payload/summary").asText()).isEqualTo(ANSWER);
        JsonNode confidentialAppeal = analyst.get(4);
        assertThat(confidentialAppeal.at("/payload/summary").isNull()).isTrue();
        assertThat(confidentialAppeal.at("/payload/authorityId").asText()).isEqualTo(ministry.value());
        assertThat(strings(confidentialAppeal.get("redacted"))).containsExactly("recordedBy", "payload.summary");

        assertThat(logged(restricted)).filteredOn(entry -> entry.get("role").asText().equals("ANALYST"))
                .isNotEmpty()
                .allSatisfy(entry -> assertThat(strings(entry.get("dataClasses"))).contains("APPEALS"));
        assertThat(logged(confidential)).as("which authority was appealed to for the person is shown to the analyst")
                .extracting(entry -> entry.get("role").asText()).contains("ANALYST", "ADMIN");
    }

    /** An event published twice is kept once and counted once as a redelivery. */
    @Test
    void anEventPublishedTwiceIsKeptOnceAndCountedOnceAsARedelivery() throws Exception {
        long before = Redeliveries.absorbedBy(registry, "projections.case-history");
        Instant t0 = window();
        String twice = CaseId.random().value();
        String eventId = UUID.randomUUID().toString();
        try (TopicWriter topic = writer()) {
            topic.publishRecordedAt(twice, 0, opened(twice, "Twice"), eventId, t0);
            topic.publishRecordedAt(twice, 0, opened(twice, "Twice"), eventId, t0);
            topic.publishRecordedAt(twice, 1, released(twice), UUID.randomUUID().toString(), t0.plusSeconds(1));
            StoredPositions.awaitReadPast(jdbc, "projections.case-history", topic.lastWritten());
        }

        assertThat(jdbc.sql("SELECT count(*) FROM case_history WHERE case_id = ?").param(twice)
                .query(Long.class).single()).isEqualTo(2);
        assertThat(Redeliveries.absorbedBy(registry, "projections.case-history")).isEqualTo(before + 1);
        assertThat(export("?since=" + t0 + "&until=" + t0.plusSeconds(60), Role.ADMIN))
                .extracting(line -> line.get("sequence").asLong()).containsExactly(0L, 1L);
    }

    /**
     * A poll's case events are kept in one statement: a second copy beside the first in that statement is kept once
     * and counted as applied before, as a copy that finds the first in the table is.
     */
    @Test
    void twoCopiesOfAnEventInOneBatchAreKeptOnceAndTheSecondIsCountedAsAppliedBefore() {
        String caseId = CaseId.random().value();
        String eventId = UUID.randomUUID().toString();
        AtomicInteger appliedBefore = new AtomicInteger();
        Function<Long, ConsumedEvent> copy = offset -> new ConsumedEvent("DetentionReported", "2", eventId, caseId, 0,
                window(), Optional.of("volunteer-7"), Optional.empty(), Optional.of(opened(caseId, "Copied")),
                Topics.CASES, 0, offset, appliedBefore::incrementAndGet);

        history.beginBatch(List.of(caseId));
        history.apply(copy.apply(1L));
        history.apply(copy.apply(2L));
        history.finishBatch();
        assertThat(appliedBefore).hasValue(1);

        history.beginBatch(List.of(caseId));
        history.apply(copy.apply(3L));
        history.finishBatch();
        assertThat(appliedBefore).hasValue(2);
        assertThat(jdbc.sql("SELECT count(*) FROM case_history WHERE case_id = ?").param(caseId)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anExportThatShowsNoPersonalDataLeavesNoRowInTheLog() throws Exception {
        Instant t0 = window();
        String confidential = CaseId.random().value();
        try (TopicWriter topic = writer()) {
            topic.publishRecordedAt(confidential, 0, opened(confidential, "Hidden"), UUID.randomUUID().toString(), t0);
            topic.publishRecordedAt(confidential, 1, new CaseVisibilityChanged(new CaseId(confidential),
                    Visibility.CONFIDENTIAL, "family under pressure"), UUID.randomUUID().toString(), t0.plusSeconds(1));
        }
        String window = "?since=" + t0 + "&until=" + t0.plusSeconds(60);
        await().atMost(Duration.ofSeconds(60)).until(() -> export(window, Role.ANALYST).size() == 2);

        assertThat(export(window, Role.ANALYST).get(0).at("/payload/person").isNull()).isTrue();
        assertThat(logged(confidential)).isEmpty();
    }

    @Test
    void aBadMomentIsRefusedNamingItsParameter() throws Exception {
        for (String[] bad : List.of(new String[]{"since=yesterday", "since"},
                new String[]{"until=2019-06-30", "until"},
                new String[]{"since=2019-06-30T00:00:00Z&until=2019-06-29T00:00:00Z", "until"})) {
            ResponseEntity<String> response = http.exchange("/api/exports/events.jsonl?" + bad[0], HttpMethod.GET,
                    new HttpEntity<>(SignedInClient.as(Role.ANALYST)), String.class);

            assertThat(response.getStatusCode()).as(bad[0]).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            JsonNode problem = json.readTree(response.getBody());
            assertThat(problem.get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
            assertThat(problem.get("detail").asText()).as(bad[0]).contains(bad[1]);
        }
    }

    /** A minute of recording time of this test's own, somewhere in the 1990s. */
    private static Instant window() {
        return Instant.parse("1990-01-01T00:00:00Z")
                .plusSeconds(60 * ThreadLocalRandom.current().nextLong(5_000_000));
    }

    private static TopicWriter writer() {
        return new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case", "volunteer-7");
    }

    private static DetentionReported opened(String caseId, String name) {
        return new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), new Person(name + " " + NAME),
                new Detention(ApproximateDate.parse("2018-05"), "Ghulja", DetentionKind.CAMP), SOURCE);
    }

    private static ReleaseRecorded released(String caseId) {
        return new ReleaseRecorded(new CaseId(caseId), ApproximateDate.parse("2019-02"),
                ReleaseConditions.SURVEILLANCE, SOURCE);
    }

    private static TestimonyRecorded testimony(String caseId) {
        return new TestimonyRecorded(new CaseId(caseId), "testimony-1", TestimonyGiver.named(Relation.SPOUSE, GIVER),
                ApproximateDate.parse("2019"), "ug", TESTIMONY, false, null, SOURCE);
    }

    private static RelativeLinked relative(String caseId) {
        return new RelativeLinked(new CaseId(caseId), "relative-1", Relation.SIBLING, RELATIVE, null,
                ApproximateDate.parse("2019"), SOURCE);
    }

    /** The export as the role reads it, one JSON object a line. */
    private List<JsonNode> export(String query, Role role) throws IOException {
        ResponseEntity<byte[]> response = http.exchange("/api/exports/events.jsonl" + query, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(role)), byte[].class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getHeaders().getContentType().isCompatibleWith(
                MediaType.parseMediaType(EventExportController.MEDIA_TYPE))).isTrue();
        String body = new String(response.getBody() == null ? new byte[0] : response.getBody(),
                StandardCharsets.UTF_8);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            if (!line.isEmpty()) {
                lines.add(json.readTree(line));
            }
        }
        assertThat(body.isEmpty() || body.endsWith("\n")).as("every line ends in a line feed").isTrue();
        return lines;
    }

    private List<JsonNode> logged(String caseId) throws IOException {
        ResponseEntity<String> response = http.exchange("/api/admin/access-log?size=500&caseId=" + caseId,
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        List<JsonNode> entries = new ArrayList<>();
        json.readTree(response.getBody()).get("items").forEach(entry -> {
            if (entry.get("endpoint").asText().equals(EventExportController.ENDPOINT)) {
                entries.add(entry);
            }
        });
        return entries;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
