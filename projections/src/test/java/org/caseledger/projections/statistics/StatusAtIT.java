package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.FactCorrected;
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
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cases by what had happened to them by a date ({@code at}, the facts' own dates), checked against a reading of
 * the test's own over the facts it published: detentions, sentences, releases and deaths known to the year, the
 * month or the day, a retracted release, a fact from an unlikely source, a merged duplicate.
 */
class StatusAtIT extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(5_000_000_000L + System.nanoTime() % 1_000_000_000L);
    private static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "his wife");
    private static final Source RUMOUR = new Source(SourceType.MEDIA_REPORT, Reliability.UNLIKELY, "a forum post");
    private static TopicWriter topic;

    private final String prefecture = "At-" + UUID.randomUUID();
    private final List<Fact> facts = new ArrayList<>();

    @BeforeAll
    static void openTopic() {
        topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case", "volunteer-9");
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    /** A dated fact as the test published it, and whether it still stands. */
    private record Fact(String caseId, String eventId, int order, String status, ApproximateDate date,
                        boolean credible, boolean[] retracted) {
    }

    @Test
    void countsTheCasesByWhatHadHappenedToThemByTheDateTheFactsGive() throws Exception {
        String releasedLate = opened("2017-11");
        fact(releasedLate, 1, "RELEASED", "2018-12", new ReleaseRecorded(new CaseId(releasedLate), date("2018-12"),
                ReleaseConditions.SURVEILLANCE, WIFE));
        opened("2018");
        String sentenced = opened("2017-05");
        fact(sentenced, 1, "SENTENCED", "2018-03", new SentenceReported(new CaseId(sentenced), date("2018-03"),
                "Ili Intermediate Court", new Term(12, 0, false), WIFE));
        String retractedRelease = opened("2017-02");
        String release = fact(retractedRelease, 1, "RELEASED", "2018-01", new ReleaseRecorded(
                new CaseId(retractedRelease), date("2018-01"), ReleaseConditions.FREE, WIFE));
        topic.publish(retractedRelease, 2, new FactCorrected(new CaseId(retractedRelease), release, "mistaken", WIFE));
        retract(release);
        String died = opened("2016");
        fact(died, 1, "DECEASED", "2018-07-14", new DeathReported(new CaseId(died), date("2018-07-14"), null, true,
                WIFE));
        opened("2019-03");
        String duplicate = opened("2017");
        topic.publish(duplicate, 1, new CaseMerged(new CaseId(duplicate), new CaseId(releasedLate), "same person"));
        facts.removeIf(fact -> fact.caseId().equals(duplicate));
        String rumoured = CaseId.random().value();
        String rumour = topic.publish(rumoured, 0, opening(rumoured, "2017-01", RUMOUR));
        facts.add(new Fact(rumoured, rumour, 0, "DETAINED", date("2017-01"), false, new boolean[1]));

        await().atMost(Duration.ofSeconds(60)).until(() -> statistics("2030").at("/statusAt/n").asInt() == 6);
        for (String at : List.of("2015", "2016-06", "2017", "2017-06-30", "2017-12-31", "2018-06-30", "2018-07",
                "2018-12-15", "2018", "2019-12-31")) {
            JsonNode shown = statistics(at).get("statusAt");
            Expected expected = expected(date(at).latest());

            assertThat(cells(shown)).as("at=" + at).isEqualTo(expected.cells());
            assertThat(shown.get("n").asInt()).as("n at=" + at).isEqualTo(expected.n());
            assertThat(shown.get("unknown").asInt()).as("unknown at=" + at).isEqualTo(expected.unknown());
            assertThat(shown.at("/filters/at").asText()).isEqualTo(at);
        }
        assertThat(statistics(null).has("statusAt")).as("without at").isFalse();
    }

    @Test
    void anAtThatIsNoDateIsRefusedNamingIt() throws Exception {
        for (String at : List.of("2018-13", "end of 2018", "2018-12-31T00:00:00Z")) {
            ResponseEntity<String> refused = http.getForEntity("/api/statistics?at=" + at, String.class);

            assertThat(refused.getStatusCode()).as(at).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(JSON.readTree(refused.getBody()).get("field").asText()).isEqualTo("at");
        }
    }

    private record Expected(Map<String, Integer> cells, int n, int unknown) {
    }

    /**
     * The test's own reading: of the standing facts, those whose every day lies on or before {@code at} happened;
     * the latest of them decides; one that may lie either side and says otherwise makes the case unknown.
     */
    private Expected expected(LocalDate at) {
        Map<String, Integer> cells = new TreeMap<>();
        int n = 0;
        int unknown = 0;
        for (String caseId : facts.stream().map(Fact::caseId).distinct().toList()) {
            List<Fact> standing = facts.stream()
                    .filter(fact -> fact.caseId().equals(caseId) && fact.credible() && !fact.retracted()[0])
                    .toList();
            Optional<String> happened = standing.stream()
                    .filter(fact -> !fact.date().latest().isAfter(at))
                    .max(Comparator.comparing((Fact fact) -> fact.date().earliest())
                            .thenComparing(fact -> fact.date().latest()).thenComparing(Fact::order))
                    .map(Fact::status);
            List<String> perhaps = standing.stream()
                    .filter(fact -> !fact.date().earliest().isAfter(at) && fact.date().latest().isAfter(at))
                    .map(Fact::status).toList();
            if (happened.isEmpty() && perhaps.isEmpty()) {
                continue;
            }
            n++;
            if (perhaps.stream().anyMatch(status -> !Optional.of(status).equals(happened))) {
                unknown++;
            } else {
                cells.merge(happened.orElseThrow(), 1, Integer::sum);
            }
        }
        return new Expected(cells, n, unknown);
    }

    private static Map<String, Integer> cells(JsonNode breakdown) {
        Map<String, Integer> cells = new TreeMap<>();
        breakdown.get("cells").forEach(cell -> cells.put(cell.get("key").asText(), cell.get("count").asInt()));
        return cells;
    }

    private JsonNode statistics(String at) throws Exception {
        ResponseEntity<String> answer = http.getForEntity("/api/statistics?prefecture=" + prefecture
                + (at == null ? "" : "&at=" + at), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(answer.getBody());
    }

    private String opened(String detained) {
        String caseId = CaseId.random().value();
        String eventId = topic.publish(caseId, 0, opening(caseId, detained, WIFE));
        facts.add(new Fact(caseId, eventId, 0, "DETAINED", date(detained), true, new boolean[1]));
        return caseId;
    }

    private DetentionReported opening(String caseId, String detained, Source source) {
        return new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                new Person("Person " + caseId, List.of(), null, null, null, List.of(), new Hometown(null, prefecture),
                        null),
                new Detention(date(detained), "Ghulja", DetentionKind.CAMP), source);
    }

    private String fact(String caseId, int sequence, String status, String date, Object event) {
        String eventId = topic.publish(caseId, sequence, event);
        facts.add(new Fact(caseId, eventId, sequence, status, date(date), true, new boolean[1]));
        return eventId;
    }

    private void retract(String eventId) {
        facts.stream().filter(fact -> fact.eventId().equals(eventId)).forEach(fact -> fact.retracted()[0] = true);
    }

    private static ApproximateDate date(String text) {
        return ApproximateDate.parse(text);
    }
}
