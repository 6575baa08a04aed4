package org.caseledger.projections.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A case and its timeline as the ledger knew them at a past moment, checked against a fold of the test's own over
 * the history it published: facts recorded on different days, a release retracted by a correction recorded later,
 * statuses the case derived as it went, a duplicate merged into it, each asked for just before, at and just after
 * the moment it was recorded.
 */
class AsOfIT extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(3_000_000_000L + System.nanoTime() % 1_000_000_000L);
    private static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "his wife");
    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY, Reliability.UNSURE, "a neighbour");
    private static final Source COURT = new Source(SourceType.COURT_RECORD, Reliability.HIGH, "verdict 2019-77");

    private static TopicWriter topic;

    private final List<Recorded> history = new ArrayList<>();

    @BeforeAll
    static void openTopic() {
        topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case", "volunteer-3");
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    /** An event as the test published it: where it stands in its case's history and when it was recorded. */
    private record Recorded(String caseId, long sequence, String eventId, Instant recordedAt, Object event) {
    }

    @Test
    void aCaseAndItsTimelineAsOfAnyMomentAreWhatTheLedgerKnewThen() throws Exception {
        String caseId = CaseId.random().value();
        String duplicateId = CaseId.random().value();
        CaseId id = new CaseId(caseId);
        String detention = record(caseId, "2019-01-10T09:00:00Z", opening(caseId, "Ilham Abdulla", "2017-11"));
        record(caseId, "2019-01-10T09:00:01Z", derived(caseId, CaseStatus.DETAINED, detention, "2017-11", null));
        String release = record(caseId, "2019-03-01T14:30:00Z",
                new ReleaseRecorded(id, date("2018-12"), ReleaseConditions.SURVEILLANCE, WITNESS));
        record(caseId, "2019-03-01T14:30:01Z", derived(caseId, CaseStatus.RELEASED, release, "2018-12", null));
        String duplicateOpening = record(duplicateId, "2019-04-02T08:00:00Z",
                opening(duplicateId, "Ilham Abdullah", "2017"));
        record(duplicateId, "2019-04-02T08:00:01Z",
                derived(duplicateId, CaseStatus.DETAINED, duplicateOpening, "2017", null));
        record(caseId, "2019-05-20T11:00:00Z", new FactCorrected(id, release, "the neighbour took it back", WIFE));
        record(caseId, "2019-05-20T11:00:01Z", derived(caseId, CaseStatus.DETAINED, detention, "2017-11", null));
        String sentence = record(caseId, "2019-08-03T16:45:00Z",
                new SentenceReported(id, date("2019-07"), "Kashgar Intermediate Court", new Term(10, 0, false), COURT));
        record(caseId, "2019-08-03T16:45:01Z",
                derived(caseId, CaseStatus.SENTENCED, sentence, "2019-07", new Term(10, 0, false)));
        record(duplicateId, "2019-09-09T10:00:00Z", new CaseMerged(new CaseId(duplicateId), id, "same person"));
        record(caseId, "2019-09-09T10:00:01Z", new DuplicateCaseMerged(id, new CaseId(duplicateId), "same person"));
        awaitHistory();

        for (Instant moment : momentsAround(history)) {
            for (String aCase : List.of(caseId, duplicateId)) {
                assertShownAsKnownAt(aCase, moment);
            }
        }
        assertShownAsKnownAt(caseId, "2019-03-01", Instant.parse("2019-03-01T23:59:59.999999Z"));
        assertShownAsKnownAt(caseId, "2019-03-02T00:30:00+06:00", Instant.parse("2019-03-01T18:30:00Z"));
        assertThat(JSON.readTree(get(caseId).getBody()).get("version").asLong())
                .as("the live case, after every read of its past").isEqualTo(8);
        assertThat(JSON.readTree(get(caseId).getBody()).get("status").asText()).isEqualTo("SENTENCED");
    }

    @Test
    void aCaseKnownThenIsWithheldByTheStricterOfItsVisibilityThenAndNow() throws Exception {
        String published = CaseId.random().value();
        String protectedLater = CaseId.random().value();
        record(published, "2020-02-01T09:00:00Z", opening(published, "Mahmut Ablet", "2018"));
        record(published, "2020-02-02T09:00:00Z", new CaseVisibilityChanged(new CaseId(published),
                Visibility.CONFIDENTIAL, "his brother is still inside"));
        record(published, "2020-02-03T09:00:00Z", new CaseVisibilityChanged(new CaseId(published),
                Visibility.PUBLIC, "the family asked to publish"));
        record(protectedLater, "2020-02-01T09:00:00Z", opening(protectedLater, "Rahile Dawut", "2017-12"));
        record(protectedLater, "2020-02-05T09:00:00Z", new CaseVisibilityChanged(new CaseId(protectedLater),
                Visibility.CONFIDENTIAL, "threats against her daughter"));
        awaitHistory();

        assertThat(read(published, null, Role.VIEWER).get("redacted")).as("public now").isEmpty();
        JsonNode restrictedThen = read(published, "2020-02-01T12:00:00Z", Role.VIEWER);
        assertThat(restrictedThen.get("person").isNull()).as("restricted then, public now").isTrue();
        assertThat(restrictedThen.get("visibility").asText()).isEqualTo("RESTRICTED");
        JsonNode confidentialThen = read(published, "2020-02-02T12:00:00Z", Role.ANALYST);
        assertThat(confidentialThen.get("person").isNull()).as("confidential then, public now").isTrue();
        assertThat(confidentialThen.get("visibility").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(read(published, "2020-02-01T12:00:00Z", Role.ANALYST).get("person").get("name").asText())
                .isEqualTo("Mahmut Ablet");

        JsonNode beforeProtection = read(protectedLater, "2020-02-01T12:00:00Z", Role.ANALYST);
        assertThat(beforeProtection.get("person").isNull()).as("restricted then, confidential now").isTrue();
        assertThat(beforeProtection.get("redacted").toString()).isEqualTo("[\"name\",\"person\"]");
        JsonNode timeline = JSON.readTree(http.exchange("/api/cases/" + protectedLater
                        + "/timeline?asOf=2020-02-01T12:00:00Z", HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ANALYST)), String.class).getBody());
        assertThat(timeline.get("visibility").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(timeline.get("entries").get(0).get("recordedBy").isNull()).isTrue();
        assertThat(timeline.get("entries").get(0).get("redacted").toString()).contains("recordedBy");
        assertThat(read(protectedLater, "2020-02-01T12:00:00Z", Role.ADMIN).get("person").get("name").asText())
                .isEqualTo("Rahile Dawut");
    }

    @Test
    void aReadOfThePastWithAPersonsDataIsLoggedAsSuch() throws Exception {
        String caseId = CaseId.random().value();
        record(caseId, "2021-06-01T09:00:00Z", opening(caseId, "Sanubar Tursun", "2019"));
        awaitHistory();

        read(caseId, "2021-06-02", Role.ANALYST);
        read(caseId, "2021-06-02", Role.VIEWER);

        assertThat(loggedEndpoints(caseId, "analyst")).containsExactly("GET /api/cases/{caseId}?asOf");
        assertThat(loggedEndpoints(caseId, "viewer")).as("the person withheld from a viewer").isEmpty();
    }

    @Test
    void anAsOfThatIsNoMomentOrIsStillToComeIsRefusedNamingIt() throws Exception {
        String caseId = CaseId.random().value();
        for (String path : List.of("/api/cases/" + caseId, "/api/cases/" + caseId + "/timeline")) {
            for (String asOf : List.of("yesterday", "2019-06-31", "2019-06-30T12:00:00",
                    Instant.now().plus(Duration.ofDays(1)).toString())) {
                ResponseEntity<String> refused = http.getForEntity(path + "?asOf=" + asOf, String.class);

                assertThat(refused.getStatusCode()).as(path + "?asOf=" + asOf).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                JsonNode problem = JSON.readTree(refused.getBody());
                assertThat(problem.get("field").asText()).isEqualTo("asOf");
                assertThat(problem.get("detail").asText()).startsWith("asOf: '" + asOf + "'");
            }
        }
    }

    private void assertShownAsKnownAt(String caseId, Instant moment) throws Exception {
        assertShownAsKnownAt(caseId, moment.toString(), moment);
    }

    /** The case and its timeline as the service answers for {@code asOf}, and as the test's own fold has them. */
    private void assertShownAsKnownAt(String caseId, String asOf, Instant moment) throws Exception {
        List<Recorded> known = history.stream()
                .filter(event -> event.caseId().equals(caseId) && !event.recordedAt().isAfter(moment))
                .toList();
        String what = caseId + " as of " + asOf;
        ResponseEntity<String> view = http.exchange("/api/cases/" + caseId + "?asOf=" + asOf, HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        ResponseEntity<String> timeline = http.exchange("/api/cases/" + caseId + "/timeline?asOf=" + asOf,
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class);
        if (known.isEmpty()) {
            assertThat(view.getStatusCode()).as(what).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(timeline.getStatusCode()).as(what).isEqualTo(HttpStatus.NOT_FOUND);
            return;
        }
        assertThat(view.getStatusCode()).as(what + ": " + view.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(timeline.getStatusCode()).as(what + ": " + timeline.getBody()).isEqualTo(HttpStatus.OK);
        assertThat(caseShown(JSON.readTree(view.getBody()))).as(what).isEqualTo(caseKnown(known));
        assertThat(entriesShown(JSON.readTree(timeline.getBody()))).as(what).isEqualTo(entriesKnown(known));
    }

    /** What the case view says, in the terms of the test's fold. */
    private record CaseKnown(long version, Instant lastEventAt, String status, String statusSince,
                             String decidingEventId, String term, String mergedInto, List<String> mergedDuplicates) {
    }

    private static CaseKnown caseShown(JsonNode view) {
        List<String> duplicates = new ArrayList<>();
        view.get("mergedDuplicates").forEach(duplicate -> duplicates.add(duplicate.asText()));
        return new CaseKnown(view.get("version").asLong(), Instant.parse(view.get("lastEventAt").asText()),
                view.get("status").asText(), text(view.get("statusSince")),
                view.get("decidingFact").isNull() ? null : view.get("decidingFact").get("eventId").asText(),
                view.get("term").isNull() ? null : view.get("term").get("years").asInt() + "y",
                text(view.get("mergedInto")), duplicates);
    }

    /** The test's own fold: the last status the case derived, its merges, its last event. */
    private static CaseKnown caseKnown(List<Recorded> known) {
        Recorded last = known.get(known.size() - 1);
        Optional<CaseStatusDerived> status = known.stream().map(Recorded::event)
                .filter(CaseStatusDerived.class::isInstance).map(CaseStatusDerived.class::cast)
                .reduce((earlier, later) -> later);
        String mergedInto = known.stream().map(Recorded::event).filter(CaseMerged.class::isInstance)
                .map(merge -> ((CaseMerged) merge).intoCaseId().value()).reduce((earlier, later) -> later)
                .orElse(null);
        List<String> duplicates = known.stream().map(Recorded::event).filter(DuplicateCaseMerged.class::isInstance)
                .map(merge -> ((DuplicateCaseMerged) merge).duplicateCaseId().value()).toList();
        return new CaseKnown(last.sequence(), last.recordedAt(),
                status.map(derived -> derived.status().name()).orElse("UNKNOWN"),
                status.map(derived -> derived.since().toString()).orElse(null),
                status.map(CaseStatusDerived::decidingEventId).orElse(null),
                status.map(CaseStatusDerived::term).filter(Objects::nonNull).map(term -> term.years() + "y")
                        .orElse(null),
                mergedInto, duplicates);
    }

    /** A timeline entry, in the terms of the test's fold: which event, and which correction retracted it. */
    private record EntryKnown(String eventId, Instant recordedAt, String retractedBy) {
    }

    private static List<EntryKnown> entriesShown(JsonNode timeline) {
        List<EntryKnown> entries = new ArrayList<>();
        timeline.get("entries").forEach(entry -> entries.add(new EntryKnown(entry.get("eventId").asText(),
                Instant.parse(entry.get("recordedAt").asText()), text(entry.get("retractedBy")))));
        return entries;
    }

    /** Every fact known, in order, retracted only by a correction known too; a derived status is no fact. */
    private static List<EntryKnown> entriesKnown(List<Recorded> known) {
        return known.stream()
                .filter(event -> !(event.event() instanceof CaseStatusDerived))
                .map(event -> new EntryKnown(event.eventId(), event.recordedAt(), known.stream()
                        .filter(correction -> correction.event() instanceof FactCorrected corrected
                                && corrected.retractedEventId().equals(event.eventId()))
                        .map(Recorded::eventId).findFirst().orElse(null)))
                .toList();
    }

    /** A second before, the moment itself and a second after each event was recorded. */
    private static TreeSet<Instant> momentsAround(List<Recorded> history) {
        TreeSet<Instant> moments = new TreeSet<>();
        history.forEach(event -> {
            moments.add(event.recordedAt().minusSeconds(1));
            moments.add(event.recordedAt());
            moments.add(event.recordedAt().plusSeconds(1));
        });
        return moments;
    }

    private List<String> loggedEndpoints(String caseId, String user) throws Exception {
        JsonNode log = JSON.readTree(http.exchange("/api/admin/access-log?caseId=" + caseId + "&user=" + user,
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(Role.ADMIN)), String.class).getBody());
        List<String> endpoints = new ArrayList<>();
        log.get("items").forEach(row -> endpoints.add(row.get("endpoint").asText()));
        return endpoints;
    }

    private JsonNode read(String caseId, String asOf, Role role) throws Exception {
        ResponseEntity<String> answer = http.exchange("/api/cases/" + caseId + (asOf == null ? "" : "?asOf=" + asOf),
                HttpMethod.GET, new HttpEntity<>(SignedInClient.as(role)), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(answer.getBody());
    }

    private String record(String caseId, String recordedAt, Object event) {
        long sequence = history.stream().filter(recorded -> recorded.caseId().equals(caseId)).count();
        String eventId = UUID.randomUUID().toString();
        topic.publishRecordedAt(caseId, sequence, event, eventId, Instant.parse(recordedAt));
        history.add(new Recorded(caseId, sequence, eventId, Instant.parse(recordedAt), event));
        return eventId;
    }

    /** Until the history (as a read of the present moment shows it) and the live case view hold every event. */
    private void awaitHistory() throws Exception {
        for (String caseId : history.stream().map(Recorded::caseId).distinct().toList()) {
            long last = history.stream().filter(event -> event.caseId().equals(caseId))
                    .mapToLong(Recorded::sequence).max().orElseThrow();
            awaitVersion(caseId, last);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ResponseEntity<String> now = http.getForEntity("/api/cases/" + caseId + "?asOf=" + Instant.now(),
                        String.class);
                return now.getStatusCode() == HttpStatus.OK
                        && JSON.readTree(now.getBody()).get("version").asLong() == last;
            });
        }
    }

    private static DetentionReported opening(String caseId, String name, String date) {
        return new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), new Person(name),
                new Detention(date(date), "Kashgar", DetentionKind.CAMP), WIFE);
    }

    private static CaseStatusDerived derived(String caseId, CaseStatus status, String decidingEventId, String since,
                                             Term term) {
        return new CaseStatusDerived(new CaseId(caseId), status, decidingEventId, date(since),
                status == CaseStatus.DETAINED ? DetentionKind.CAMP : null, null,
                status == CaseStatus.RELEASED ? ReleaseConditions.SURVEILLANCE : null, term, false, List.of());
    }

    private static ApproximateDate date(String text) {
        return ApproximateDate.parse(text);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
