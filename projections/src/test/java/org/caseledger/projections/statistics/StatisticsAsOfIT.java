package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.platform.kafka.ConsumedEvent;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The statistics as the ledger knew them at past moments ({@code asOf}, by recording time), checked against a fold
 * of the test's own over a generated history it published as recorded over five years: facts, statuses, retractions,
 * merges and appeals recorded on different days, some a moment apart, some by a clock that lagged behind the one that
 * recorded the case's previous event. The fold reads the events alone: what of each case and appeal was known at a
 * moment is its events up to the first one recorded after it.
 */
class StatisticsAsOfIT extends RunningProjections {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicLong CASE_NUMBERS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);
    private static final Instant FIRST_RECORDED = Instant.parse("2019-01-01T09:00:00Z");
    private static final int CASES = 150;
    private static TopicWriter cases;
    private static TopicWriter appeals;

    private final String prefecture = "AsOf-" + UUID.randomUUID();
    private final List<Recorded> history = new ArrayList<>();

    @BeforeAll
    static void openTopics() {
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        cases = new TopicWriter(kafka, Topics.CASES, "Case", "volunteer-11");
        appeals = new TopicWriter(kafka, Topics.APPEALS, "Appeal", "volunteer-11");
    }

    @AfterAll
    static void closeTopics() {
        cases.close();
        appeals.close();
    }

    /** An event as published, with the moment it was recorded at. */
    private record Recorded(ConsumedEvent event, Instant recordedAt) {

        String aggregateId() {
            return event.aggregateId();
        }

        Object payload() {
            return event.payload().orElseThrow();
        }
    }

    @Test
    void countsWhatWasKnownAtEachMomentAndNothingRecordedLater() throws Exception {
        publishGeneratedHistory();
        Instant lastRecorded = history.stream().map(Recorded::recordedAt).max(Comparator.naturalOrder()).orElseThrow();
        Known now = known(Instant.now());
        long casesNow = now.counted().size();
        long appealsNow = now.appeals().values().stream()
                .filter(appeal -> now.counted().containsKey(appeal.caseId)).count();
        await().atMost(Duration.ofMinutes(8)).until(() -> {
            JsonNode live = statistics("");
            return live.at("/byStatus/n").asLong() == casesNow && live.at("/appeals/all/filed").asLong() == appealsNow;
        });
        List<Instant> moments = new ArrayList<>(List.of(FIRST_RECORDED.minusSeconds(1), FIRST_RECORDED,
                Instant.parse("2019-06-30T23:59:59.999999Z"), Instant.parse("2020-03-01T00:00:00Z"),
                Instant.parse("2021-07-14T12:00:00Z"), Instant.parse("2022-12-31T23:59:59.999999Z"), lastRecorded));
        Recorded retraction = history.stream().filter(recorded -> recorded.payload() instanceof FactCorrected)
                .skip(1).findFirst().orElseThrow();
        Recorded merge = history.stream().filter(recorded -> recorded.payload() instanceof CaseMerged)
                .findFirst().orElseThrow();
        for (Recorded turning : List.of(retraction, merge)) {
            moments.add(turning.recordedAt().minus(1, ChronoUnit.MICROS));
            moments.add(turning.recordedAt());
        }
        for (Instant moment : moments) {
            Known expected = known(moment);
            JsonNode shown = statistics("&asOf=" + moment + "&at=2018-06-30");

            assertThat(shown.at("/filters/asOf").asText()).isEqualTo(moment.toString());
            assertThat(figures(shown)).as("asOf=" + moment).isEqualTo(expected.figures(moment));
            assertThat(statusAt(shown.get("statusAt"))).as("asOf=" + moment + "&at=2018-06-30")
                    .isEqualTo(expected.statusAt(LocalDate.parse("2018-06-30")));
        }
        assertThat(figures(statistics(""))).as("without asOf").isEqualTo(now.figures(Instant.now()));
        assertThat(figures(statistics("&asOf=" + LocalDate.now(ZoneOffset.UTC).minusDays(1))))
                .as("asOf yesterday, a day: by its end")
                .isEqualTo(now.figures(LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .minus(1, ChronoUnit.MICROS)));
    }

    @Test
    void anAsOfThatIsNoMomentOrStillToComeIsRefusedNamingIt() throws Exception {
        for (String asOf : List.of("2019-13-01", "yesterday", "2019-06-30T12:00:00", Instant.now().plusSeconds(3600)
                .toString())) {
            assertRefused("/api/statistics?asOf=" + asOf, asOf);
        }
    }

    @Test
    void anAsOfBeforeTheStatisticsKeptEveryStateIsRefusedNotGuessed() throws Exception {
        jdbc.sql("UPDATE statistics_history SET kept_since = '2021-01-01T00:00:00Z'").update();
        try {
            JsonNode refused = assertRefused("/api/statistics?asOf=2020-12-31", "before kept since");
            assertThat(refused.get("detail").asText()).contains("2021-01-01T00:00:00Z").contains("rebuild");
            assertThat(http.getForEntity("/api/statistics?asOf=2021-01-01", String.class).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        } finally {
            jdbc.sql("UPDATE statistics_history SET kept_since = '-infinity'").update();
        }
    }

    private JsonNode assertRefused(String path, String what) throws Exception {
        ResponseEntity<String> refused = http.getForEntity(path, String.class);
        assertThat(refused.getStatusCode()).as(what).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = JSON.readTree(refused.getBody());
        assertThat(problem.get("field").asText()).isEqualTo("asOf");
        return problem;
    }

    /**
     * The generated cases, moved to a prefecture of this test's own, with their appeals, each event recorded days
     * to months after the one before it in its case or appeal; one event in twelve recorded in the same second as
     * the one before, and one in twenty by a clock an hour behind the previous event's.
     */
    private void publishGeneratedHistory() {
        GeneratedLedger ledger = new GeneratedLedger(11);
        SplittableRandom random = new SplittableRandom(17);
        for (long number = 1; number <= CASES; number++) {
            Instant opened = FIRST_RECORDED.plus(number * 9, ChronoUnit.DAYS);
            Map<String, Instant> last = new LinkedHashMap<>();
            for (ConsumedEvent event : ledger.caseNumber(number)) {
                Object payload = event.payload().orElseThrow();
                if (payload instanceof DetentionReported opening) {
                    Person person = opening.person();
                    Hometown hometown = person.hometown();
                    payload = new DetentionReported(opening.caseId(), CASE_NUMBERS.incrementAndGet(),
                            new Person(person.name(), person.nameVariants(), person.gender(), person.birth(),
                                    person.ethnicity(), person.citizenships(),
                                    new Hometown(hometown == null ? null : hometown.county(), prefecture),
                                    person.occupation()),
                            opening.detention(), opening.source());
                }
                Instant previous = last.get(event.aggregateId());
                Instant recordedAt;
                if (previous == null) {
                    recordedAt = payload instanceof AppealFiled
                            ? opened.plus(20 + random.nextInt(200), ChronoUnit.DAYS) : opened;
                } else {
                    int roll = random.nextInt(100);
                    recordedAt = roll < 8 ? previous : roll < 13 ? previous.minus(1, ChronoUnit.HOURS)
                            : previous.plus(1 + random.nextInt(60), ChronoUnit.DAYS)
                            .plusSeconds(random.nextInt(86_400));
                }
                last.put(event.aggregateId(), recordedAt);
                ConsumedEvent published = new ConsumedEvent(event.type(), event.revision(), event.eventId(),
                        event.aggregateId(), event.sequence(), recordedAt, event.recordedBy(), event.correlationId(),
                        Optional.of(payload), event.topic(), 0, 0, () -> {
                });
                (event.topic().equals(Topics.APPEALS) ? appeals : cases).publishRecordedAt(event.aggregateId(),
                        event.sequence(), payload, event.eventId(), recordedAt);
                history.add(new Recorded(published, recordedAt));
            }
        }
    }

    /** A case as known at a moment. */
    private static final class KnownCase {

        String status = "UNKNOWN";
        boolean disputed;
        String facility;
        Gender gender;
        boolean merged;
        final List<KnownFact> facts = new ArrayList<>();
    }

    private record KnownFact(String eventId, String kind, ApproximateDate date, boolean credible, long order,
                             boolean[] retracted) {

        boolean standing() {
            return credible && !retracted[0];
        }
    }

    private static final class KnownAppeal {

        String caseId;
        String authority;
        LocalDate filedOn;
        boolean answered;
        boolean overdue;
        boolean closed;
    }

    private record Known(Map<String, KnownCase> cases, Map<String, KnownAppeal> appeals) {

        /** The cases counted: known, and not merged into another by then. */
        Map<String, KnownCase> counted() {
            Map<String, KnownCase> counted = new TreeMap<>();
            cases.forEach((id, known) -> {
                if (!known.merged) {
                    counted.put(id, known);
                }
            });
            return counted;
        }

        Map<String, Object> figures(Instant moment) {
            Map<String, KnownCase> counted = counted();
            Map<String, Object> figures = new TreeMap<>();
            figures.put("byStatus", tally(counted.values().stream().map(known -> known.status).toList(), "UNKNOWN"));
            figures.put("disputed", counted.values().stream().filter(known -> known.disputed).count());
            figures.put("byGender", tally(counted.values().stream()
                    .map(known -> known.gender == null ? null : known.gender.name()).toList(), "UNKNOWN"));
            figures.put("byFacility", tally(counted.values().stream().map(known -> known.facility).toList(), null));
            figures.put("byYearOfFirstDetention", tally(counted.values().stream()
                    .map(known -> known.facts.stream()
                            .filter(fact -> fact.kind().equals("DETENTION") && fact.standing())
                            .min(Comparator.comparing((KnownFact fact) -> fact.date().earliest())
                                    .thenComparing(fact -> fact.date().latest()))
                            .map(fact -> Integer.toString(fact.date().year())).orElse(null))
                    .toList(), null));
            for (String kind : List.of("DETENTION", "RELEASE", "SENTENCE", "DEATH")) {
                figures.put("overTime:" + kind, tally(counted.values().stream()
                        .flatMap(known -> known.facts.stream())
                        .filter(fact -> fact.kind().equals(kind) && fact.standing())
                        .map(fact -> fact.date().month() == null ? fact.date().year() + ""
                                : "%04d-%02d".formatted(fact.date().year(), fact.date().month()))
                        .toList(), null));
            }
            LocalDate day = LocalDate.ofInstant(moment, ZoneOffset.UTC);
            List<KnownAppeal> appealsCounted = appeals.values().stream()
                    .filter(appeal -> counted.containsKey(appeal.caseId)).toList();
            figures.put("appeals:filed", tally(appealsCounted.stream().map(appeal -> appeal.authority).toList(),
                    null));
            figures.put("appeals:answered", tally(appealsCounted.stream().filter(appeal -> appeal.answered)
                    .map(appeal -> appeal.authority).toList(), null));
            figures.put("appeals:overdueNow", appealsCounted.stream()
                    .filter(appeal -> appeal.overdue && !appeal.answered && !appeal.closed).count());
            figures.put("appeals:longestSilenceDays", appealsCounted.stream()
                    .filter(appeal -> !appeal.answered && !appeal.closed)
                    .map(appeal -> ChronoUnit.DAYS.between(appeal.filedOn, day))
                    .max(Comparator.naturalOrder()).orElse(null));
            return figures;
        }

        /** As {@code StatusAtIT} reads the facts' own dates, over the facts known then. */
        Map<String, Object> statusAt(LocalDate at) {
            Map<String, Object> cells = new TreeMap<>();
            int n = 0;
            int unknown = 0;
            for (KnownCase known : counted().values()) {
                List<KnownFact> standing = known.facts.stream().filter(KnownFact::standing).toList();
                Optional<String> happened = standing.stream()
                        .filter(fact -> !fact.date().latest().isAfter(at))
                        .max(Comparator.comparing((KnownFact fact) -> fact.date().earliest())
                                .thenComparing(fact -> fact.date().latest()).thenComparing(KnownFact::order))
                        .map(fact -> statusOf(fact.kind()));
                List<String> perhaps = standing.stream()
                        .filter(fact -> !fact.date().earliest().isAfter(at) && fact.date().latest().isAfter(at))
                        .map(fact -> statusOf(fact.kind())).toList();
                if (happened.isEmpty() && perhaps.isEmpty()) {
                    continue;
                }
                n++;
                if (perhaps.stream().anyMatch(status -> !Optional.of(status).equals(happened))) {
                    unknown++;
                } else {
                    cells.merge(happened.orElseThrow(), 1, (a, b) -> (Integer) a + (Integer) b);
                }
            }
            cells.put("n", n);
            cells.put("unknown", unknown);
            return cells;
        }

        private static String statusOf(String kind) {
            return switch (kind) {
                case "DETENTION" -> "DETAINED";
                case "SENTENCE" -> "SENTENCED";
                case "RELEASE" -> "RELEASED";
                default -> "DECEASED";
            };
        }

        /** Counts by key, with the total as "n" and those of no key (or the given one) as "unknown". */
        private static Map<String, Long> tally(List<String> keys, String unknownKey) {
            Map<String, Long> tally = new TreeMap<>();
            long unknown = 0;
            for (String key : keys) {
                if (key == null || key.equals(unknownKey)) {
                    unknown++;
                } else {
                    tally.merge(key, 1L, Long::sum);
                }
            }
            tally.put("n", (long) keys.size());
            tally.put("unknown", unknown);
            return tally;
        }
    }

    /**
     * The test's own fold: of every case and appeal, its events up to the first one recorded after {@code moment},
     * applied by what each event says.
     */
    private Known known(Instant moment) {
        Map<String, List<Recorded>> byAggregate = new LinkedHashMap<>();
        history.forEach(recorded -> byAggregate.computeIfAbsent(recorded.aggregateId(), id -> new ArrayList<>())
                .add(recorded));
        Map<String, KnownCase> knownCases = new LinkedHashMap<>();
        Map<String, KnownAppeal> knownAppeals = new LinkedHashMap<>();
        byAggregate.forEach((id, events) -> {
            for (Recorded recorded : events) {
                if (recorded.recordedAt().isAfter(moment)) {
                    break;
                }
                long order = recorded.event().sequence();
                Object payload = recorded.payload();
                KnownCase known = knownCases.get(id);
                if (payload instanceof DetentionReported opening) {
                    KnownCase opened = new KnownCase();
                    opened.gender = opening.person().gender();
                    opened.facts.add(fact(recorded, "DETENTION", opening.detention().date(), opening.source(),
                            order));
                    knownCases.put(id, opened);
                } else if (payload instanceof FurtherDetentionReported detention) {
                    known.facts.add(fact(recorded, "DETENTION", detention.detention().date(), detention.source(),
                            order));
                } else if (payload instanceof ReleaseRecorded release) {
                    known.facts.add(fact(recorded, "RELEASE", release.date(), release.source(), order));
                } else if (payload instanceof SentenceReported sentence) {
                    known.facts.add(fact(recorded, "SENTENCE", sentence.date(), sentence.source(), order));
                } else if (payload instanceof DeathReported death) {
                    known.facts.add(fact(recorded, "DEATH", death.date(), death.source(), order));
                } else if (payload instanceof FactCorrected correction) {
                    known.facts.stream().filter(fact -> fact.eventId().equals(correction.retractedEventId()))
                            .forEach(fact -> fact.retracted()[0] = true);
                } else if (payload instanceof CaseStatusDerived derived) {
                    known.status = derived.status().name();
                    known.disputed = derived.disputed();
                    if (derived.facility() != null) {
                        known.facility = derived.facility().id();
                    }
                } else if (payload instanceof CaseMerged) {
                    known.merged = true;
                } else if (payload instanceof AppealFiled filed) {
                    KnownAppeal appeal = new KnownAppeal();
                    appeal.caseId = filed.caseId().value();
                    appeal.authority = filed.authorityId().value();
                    appeal.filedOn = filed.filedOn();
                    knownAppeals.put(id, appeal);
                } else if (payload instanceof AppealResponseRecorded) {
                    knownAppeals.get(id).answered = true;
                } else if (payload instanceof AppealResponseOverdue) {
                    knownAppeals.get(id).overdue = true;
                } else if (payload instanceof AppealClosed) {
                    knownAppeals.get(id).closed = true;
                } else {
                    throw new IllegalStateException("not generated: " + payload);
                }
            }
        });
        return new Known(knownCases, knownAppeals);
    }

    private static KnownFact fact(Recorded recorded, String kind, ApproximateDate date, Source source, long order) {
        return new KnownFact(recorded.event().eventId(), kind, date, source == null || source.isCredible(), order,
                new boolean[1]);
    }

    /** The answer's figures, in the shape of the fold's. */
    private static Map<String, Object> figures(JsonNode shown) {
        Map<String, Object> figures = new TreeMap<>();
        figures.put("byStatus", cells(shown.get("byStatus")));
        figures.put("disputed", shown.at("/byStatus/disputed").asLong());
        figures.put("byGender", cells(shown.get("byGender")));
        figures.put("byFacility", cells(shown.get("byFacility")));
        figures.put("byYearOfFirstDetention", cells(shown.get("byYearOfFirstDetention")));
        Map<String, String> kinds = Map.of("DETENTION", "detentions", "RELEASE", "releases", "SENTENCE", "sentences",
                "DEATH", "deaths");
        kinds.forEach((kind, name) -> {
            JsonNode overTime = shown.at("/overTime/" + name);
            Map<String, Long> cells = new TreeMap<>();
            overTime.get("byMonth").forEach(cell -> cells.put(cell.get("key").asText(), cell.get("count").asLong()));
            overTime.get("byYearOnly").forEach(cell -> cells.put(cell.get("key").asText(),
                    cell.get("count").asLong()));
            cells.put("n", overTime.get("n").asLong());
            cells.put("unknown", overTime.get("unknown").asLong());
            figures.put("overTime:" + kind, cells);
        });
        Map<String, Long> filed = new TreeMap<>();
        Map<String, Long> answered = new TreeMap<>();
        shown.at("/appeals/byAuthority").forEach(authority -> {
            filed.put(authority.get("authorityId").asText(), authority.get("filed").asLong());
            if (authority.get("answered").asLong() > 0) {
                answered.put(authority.get("authorityId").asText(), authority.get("answered").asLong());
            }
        });
        filed.put("n", shown.at("/appeals/all/filed").asLong());
        filed.put("unknown", 0L);
        answered.put("n", shown.at("/appeals/all/answered").asLong());
        answered.put("unknown", 0L);
        figures.put("appeals:filed", filed);
        figures.put("appeals:answered", answered);
        figures.put("appeals:overdueNow", shown.at("/appeals/all/overdueNow").asLong());
        JsonNode silence = shown.at("/appeals/all/longestSilenceDays");
        figures.put("appeals:longestSilenceDays", silence.isMissingNode() || silence.isNull() ? null
                : silence.asLong());
        return figures;
    }

    private static Map<String, Long> cells(JsonNode breakdown) {
        Map<String, Long> cells = new TreeMap<>();
        breakdown.get("cells").forEach(cell -> cells.put(cell.get("key").asText(), cell.get("count").asLong()));
        cells.put("n", breakdown.get("n").asLong());
        cells.put("unknown", breakdown.get("unknown").asLong());
        return cells;
    }

    private static Map<String, Object> statusAt(JsonNode breakdown) {
        Map<String, Object> cells = new TreeMap<>();
        breakdown.get("cells").forEach(cell -> cells.put(cell.get("key").asText(), cell.get("count").asInt()));
        cells.put("n", breakdown.get("n").asInt());
        cells.put("unknown", breakdown.get("unknown").asInt());
        return cells;
    }

    private JsonNode statistics(String query) throws Exception {
        ResponseEntity<String> answer = http.getForEntity("/api/statistics?prefecture=" + prefecture + query,
                String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(answer.getBody());
    }
}
