package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
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
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics model's apply code, driven directly with the events a consumer would hand it, against the real
 * PostgreSQL: what a case is counted by, the dated facts counted over time, the first detention and the latest
 * sentence worked out again as facts arrive and are retracted, merges and the sequence guard; and a poll's events
 * applied at once, which must leave the rows, their versions as of each moment and the counts as record by record.
 */
class StatisticsProjectionIT {

    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    private static final Source UNLIKELY = new Source(SourceType.WITNESS_TESTIMONY, Reliability.UNLIKELY, null);
    private static JdbcClient jdbc;

    private final ProjectedEvents events = new ProjectedEvents();
    private final String caseId = CaseId.random().value();
    private final CaseId id = new CaseId(caseId);
    private StatisticsProjection projection;

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase("projections_statistics_apply");
    }

    @BeforeEach
    void setUp() {
        projection = new StatisticsProjection(jdbc);
    }

    @Test
    void openedCaseIsCountedByWhatThePersonsRecordSays() {
        Person person = new Person("Gulnar", List.of(), Gender.FEMALE, new Birth(null, 40, 49, 2017), " Kazakh ",
                List.of("CN"), new Hometown(" Zhaosu ", "Ili "), null);
        ConsumedEvent opening = events.of(caseId, 0, new DetentionReported(id, 1, person,
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS));

        projection.apply(opening);

        Map<String, Object> row = caseRow();
        assertThat(row).containsEntry("status", "UNKNOWN").containsEntry("disputed", false)
                .containsEntry("gender", "FEMALE").containsEntry("ethnicity", "Kazakh")
                .containsEntry("prefecture", "Ili").containsEntry("county", "Zhaosu")
                .containsEntry("born_from", 1968).containsEntry("born_to", 1977)
                .containsEntry("first_detention", "2017-11").containsEntry("first_detention_start", "2017-11-01")
                .containsEntry("first_detention_end", "2017-11-30").containsEntry("version", 0L)
                .containsEntry("sentenced", false);
        assertThat(facts()).containsExactly(
                opening.eventId() + " 0 DETENTION 2017-11 2017-11-01..2017-11-30 2017/11 credible");
    }

    @Test
    void openedCaseWithoutDetailsIsCountedAmongTheUnknown() {
        ConsumedEvent opening = events.of(caseId, 0, new DetentionReported(id, 1,
                new Person("Gulnar", List.of(), null, null, "  ", List.of(), new Hometown(null, " "), null), null,
                null));

        projection.apply(opening);

        assertThat(caseRow()).containsEntry("gender", null).containsEntry("ethnicity", null)
                .containsEntry("prefecture", null).containsEntry("county", null).containsEntry("born_from", null)
                .containsEntry("born_to", null).containsEntry("first_detention", null);
        assertThat(facts()).containsExactly(opening.eventId() + " 0 DETENTION - -..- -/- credible");
    }

    @Test
    void openedCaseOfNoRecordedPersonIsCountedAmongTheUnknown() {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 1, null,
                new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP), WITNESS)));

        assertThat(caseRow()).containsEntry("gender", null).containsEntry("ethnicity", null)
                .containsEntry("county", null).containsEntry("first_detention", "2017");
    }

    @Test
    void personWithoutHometownIsCountedWithoutOne() {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 1,
                new Person("Gulnar", List.of(), Gender.MALE, new Birth(1980, null, null, null), "Uyghur", List.of(),
                        null, null), null, WITNESS)));

        assertThat(caseRow()).containsEntry("prefecture", null).containsEntry("county", null)
                .containsEntry("born_from", 1980).containsEntry("born_to", 1980).containsEntry("gender", "MALE");
    }

    @Test
    void aCountyReadAsTheErasedPlaceholderIsNoCounty() {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 1,
                new Person("[erased]", List.of(), Gender.MALE, new Birth(null, 30, 39, 2018), "Uyghur", List.of(),
                        new Hometown("[erased]", "Kashgar"), null), null, WITNESS)));

        assertThat(caseRow()).containsEntry("county", null).containsEntry("prefecture", "Kashgar")
                .containsEntry("born_from", 1979).containsEntry("born_to", 1988);
    }

    @Test
    void firstDetentionIsTheEarliestCredibleOneOnRecordAndMovesWhenItIsRetracted() {
        opened("2018-03");
        projection.apply(events.of(caseId, 1, further("2019", WITNESS)));
        assertThat(caseRow()).containsEntry("first_detention", "2018-03");

        ConsumedEvent earlier = events.of(caseId, 2, further("2017-05", WITNESS));
        projection.apply(earlier);
        projection.apply(events.of(caseId, 3, further("2016", UNLIKELY)));
        projection.apply(events.of(caseId, 4, new FurtherDetentionReported(id, null, WITNESS)));
        assertThat(caseRow()).containsEntry("first_detention", "2017-05")
                .containsEntry("first_detention_start", "2017-05-01");

        projection.apply(events.of(caseId, 5, new FactCorrected(id, earlier.eventId(), "another person", WITNESS)));

        assertThat(caseRow()).containsEntry("first_detention", "2018-03").containsEntry("version", 5L);
        assertThat(facts()).hasSize(5).anyMatch(fact -> fact.contains(" 3 DETENTION 2016 ") && fact.endsWith("doubted"))
                .anyMatch(fact -> fact.startsWith(earlier.eventId()) && fact.endsWith("retracted"));
    }

    @Test
    void releasesAndDeathsAreCountedInTheMonthOrYearTheyAreDated() {
        opened("2017");
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.SURVEILLANCE, UNLIKELY));
        projection.apply(release);
        ConsumedEvent death = events.of(caseId, 2, new DeathReported(id, ApproximateDate.parse("2020"), null, true,
                null));
        projection.apply(death);

        assertThat(facts()).contains(
                release.eventId() + " 1 RELEASE 2018-12 2018-12-01..2018-12-31 2018/12 doubted",
                death.eventId() + " 2 DEATH 2020 2020-01-01..2020-12-31 2020/- credible");
        assertThat(caseRow()).containsEntry("version", 2L);
    }

    @Test
    void latestSentenceByDateIsTheOneCountedUntilRetracted() {
        opened("2017");
        ConsumedEvent first = events.of(caseId, 1, sentence("2019", new Term(10, 6, false), WITNESS));
        projection.apply(first);
        assertThat(caseRow()).containsEntry("sentenced", true).containsEntry("sentence_years", 10)
                .containsEntry("sentence_months", 6).containsEntry("sentence_life", false);

        ConsumedEvent reportedLaterDatedEarlier = events.of(caseId, 2, sentence("2018", new Term(5, 0, false),
                WITNESS));
        projection.apply(reportedLaterDatedEarlier);
        projection.apply(events.of(caseId, 3, sentence("2021", new Term(0, 0, true), UNLIKELY)));
        assertThat(caseRow()).containsEntry("sentence_years", 10);

        projection.apply(events.of(caseId, 4, new FactCorrected(id, first.eventId(), "appeal record", WITNESS)));
        assertThat(caseRow()).containsEntry("sentenced", true).containsEntry("sentence_years", 5)
                .containsEntry("sentence_months", 0);

        projection.apply(events.of(caseId, 5, new FactCorrected(id, reportedLaterDatedEarlier.eventId(), "rumour",
                WITNESS)));
        assertThat(caseRow()).containsEntry("sentenced", false).containsEntry("sentence_years", null)
                .containsEntry("sentence_life", null);
    }

    @Test
    void undatedSentenceGivesWayToADatedOneEvenWithoutATerm() {
        opened("2017");
        projection.apply(events.of(caseId, 1, new SentenceReported(id, null, null, new Term(0, 0, true), WITNESS)));
        projection.apply(events.of(caseId, 2, new SentenceReported(id, ApproximateDate.parse("2019"), null, null,
                WITNESS)));

        assertThat(caseRow()).containsEntry("sentenced", true).containsEntry("sentence_years", null)
                .containsEntry("sentence_life", null);
        assertThat(facts()).anyMatch(fact -> fact.contains(" 1 SENTENCE - ") && fact.endsWith("credible"));
    }

    @Test
    void derivedStatusIsCountedWithTheDetentionItNamesAndKeepsTheLastNamedOne() {
        opened("2017");
        Facility camp = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        projection.apply(events.of(caseId, 1, derived(CaseStatus.DETAINED, DetentionKind.CAMP, camp, true)));
        assertThat(caseRow()).containsEntry("status", "DETAINED").containsEntry("disputed", true)
                .containsEntry("detention_kind", "CAMP").containsEntry("facility_id", "106")
                .containsEntry("facility_name", "Zhaosu County Camp");

        projection.apply(events.of(caseId, 2, derived(CaseStatus.RELEASED, null, null, false)));
        assertThat(caseRow()).containsEntry("status", "RELEASED").containsEntry("disputed", false)
                .containsEntry("detention_kind", "CAMP").containsEntry("facility_id", "106")
                .containsEntry("facility_name", "Zhaosu County Camp");

        projection.apply(events.of(caseId, 3, derived(null, DetentionKind.PRISON,
                new Facility(" ", "unnamed", null, null), false)));
        assertThat(caseRow()).containsEntry("status", "UNKNOWN").containsEntry("detention_kind", "PRISON")
                .containsEntry("facility_id", "106").containsEntry("facility_name", "Zhaosu County Camp")
                .containsEntry("version", 3L);

        projection.apply(events.of(caseId, 4, derived(CaseStatus.DETAINED, null,
                new Facility("107", null, null, null), false)));
        assertThat(caseRow()).containsEntry("facility_id", "107").containsEntry("facility_name", null);
    }

    /**
     * An earlier event published again after later ones were applied would count the case by what it said then, or
     * count its facts a second time.
     */
    @Test
    void earlierEventPublishedAgainAfterLaterOnesChangesNothing() {
        opened("2017");
        CaseStatusDerived detained = derived(CaseStatus.DETAINED, DetentionKind.CAMP, null, true);
        ConsumedEvent first = events.of(caseId, 1, detained);
        projection.apply(first);
        projection.apply(events.of(caseId, 2, derived(CaseStatus.RELEASED, null, null, false)));

        projection.apply(events.of(caseId, 1, detained, first.eventId()));
        projection.apply(events.of(caseId, 2, further("2015", WITNESS)));

        assertThat(caseRow()).containsEntry("status", "RELEASED").containsEntry("disputed", false)
                .containsEntry("first_detention", "2017").containsEntry("version", 2L);
        assertThat(facts()).hasSize(1);
    }

    @Test
    void openingPublishedTwiceIsAppliedOnce() {
        DetentionReported opening = new DetentionReported(id, 1, new Person("Gulnar", List.of(), Gender.FEMALE, null,
                null, List.of(), null, null), new Detention(ApproximateDate.parse("2017"), "Ghulja",
                DetentionKind.CAMP), WITNESS);
        ConsumedEvent first = events.of(caseId, 0, opening);
        projection.apply(first);
        projection.apply(events.of(caseId, 1, derived(CaseStatus.DETAINED, null, null, false)));

        projection.apply(events.of(caseId, 0, opening, first.eventId()));

        assertThat(caseRow()).containsEntry("status", "DETAINED").containsEntry("version", 1L);
        assertThat(facts()).hasSize(1);
    }

    @Test
    void eventOfACaseNeverOpenedHereIsLeftOut() {
        projection.apply(events.of(caseId, 1, further("2017", WITNESS)));
        projection.apply(events.of(caseId, 2, derived(CaseStatus.DETAINED, null, null, false)));

        assertThat(jdbc.sql("SELECT count(*) FROM statistics_case WHERE case_id = ?").param(caseId)
                .query(Long.class).single()).isZero();
        assertThat(facts()).isEmpty();
    }

    @Test
    void correctionOfAFactNotCountedHereChangesNoFact() {
        opened("2017");
        projection.apply(events.of(caseId, 1, new FactCorrected(id, "a-testimony", "mistaken", WITNESS)));

        assertThat(caseRow()).containsEntry("first_detention", "2017").containsEntry("version", 1L);
        assertThat(facts()).noneMatch(fact -> fact.endsWith("retracted"));
    }

    @Test
    void mergedDuplicateNamesTheCaseItWasMergedInto() {
        opened("2017");
        String survivor = CaseId.random().value();

        projection.apply(events.of(caseId, 1, new CaseMerged(id, new CaseId(survivor), "same person")));

        assertThat(caseRow()).containsEntry("merged_into", survivor).containsEntry("version", 1L);
    }

    @Test
    void pollAppliedAtOnceLeavesWhatRecordByRecordLeaves() {
        Facility camp = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        appliedInOnePollAsRecordByRecord(caseId -> {
            CaseId id = new CaseId(caseId);
            return List.of(events.of(caseId, 0, opening(id, "2018-03")),
                    events.of(caseId, 1, derived(id, CaseStatus.DETAINED, DetentionKind.CAMP, camp, false)),
                    events.of(caseId, 2, further(id, "2017-05", WITNESS)),
                    events.of(caseId, 3, further(id, "2016", UNLIKELY)),
                    events.of(caseId, 4, sentence(id, "2019", new Term(10, 0, false), WITNESS)),
                    events.of(caseId, 5, derived(id, CaseStatus.SENTENCED, DetentionKind.PRISON, null, true)),
                    events.of(caseId, 6, new ReleaseRecorded(id, ApproximateDate.parse("2022-01"),
                            ReleaseConditions.SURVEILLANCE, WITNESS)),
                    events.of(caseId, 7, new DeathReported(id, ApproximateDate.parse("2023"), null, true, null)));
        });
    }

    /**
     * A command's events are stored at one moment: an opening and the status derived with it leave the row the
     * opening and the status would leave one after the other, whose first version was replaced at that very moment,
     * and the same counts, versions and facts; in one poll the row is written once, with both.
     */
    @Test
    void openingAndTheStatusDerivedWithItAreWrittenAsOneRow() {
        Facility camp = new Facility("106", "Zhaosu County Camp", "Ili", "CAMP");
        Function<String, List<ConsumedEvent>> history = caseId -> {
            CaseId id = new CaseId(caseId);
            return List.of(events.of(caseId, 0, opening(id, "2018-03")),
                    events.storedWith(caseId, 1, derived(id, CaseStatus.DETAINED, DetentionKind.CAMP, camp, true), 0),
                    events.of(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                            ReleaseConditions.FREE, WITNESS)),
                    events.storedWith(caseId, 3, derived(id, CaseStatus.RELEASED, null, null, false), 2));
        };
        String inOnePoll = appliedInOnePollAsRecordByRecord(history);

        assertThat(caseRow(inOnePoll)).containsEntry("status", "RELEASED").containsEntry("facility_id", "106")
                .containsEntry("version", 3L);
        assertThat(jdbc.sql("SELECT count(*) FROM statistics_case_version WHERE case_id = ?").param(inOnePoll)
                .query(Long.class).single()).isEqualTo(2);

        String opened = CaseId.random().value();
        long changesBefore = caseChanges();
        projection.beginBatch(List.of(opened));
        history.apply(opened).subList(0, 2).forEach(projection::apply);
        projection.finishBatch();
        assertThat(caseChanges() - changesBefore).as("states the case's row left and took").isEqualTo(1);
        assertThat(caseRow(opened)).containsEntry("status", "DETAINED").containsEntry("disputed", true)
                .containsEntry("detention_kind", "CAMP").containsEntry("version", 1L);
    }

    /**
     * The ledger's clock reads nanoseconds and PostgreSQL keeps microseconds: a command's events stored between two
     * microseconds leave the rows and versions they leave stored at a whole one, whether one poll brings the opening
     * and the status derived with it or each comes in a poll of its own, whichever way the moment lies from the
     * microseconds around it.
     */
    @Test
    void openingAndItsStatusStoredBetweenTwoMicrosecondsLeaveTheSameRowsWhicheverPollsBringThem() {
        List<Function<String, List<ConsumedEvent>>> histories = new ArrayList<>();
        for (int nanos : new int[] {123_456_000, 123_456_001, 123_456_499, 123_456_500, 123_456_501, 123_456_999,
                999_999_500}) {
            Instant storedAt = ProjectedEvents.recordedAt(0).plusNanos(nanos);
            histories.add(caseId -> {
                CaseId id = new CaseId(caseId);
                return List.of(events.storedAt(caseId, 0, opening(id, "2018-03"), storedAt),
                        events.storedAt(caseId, 1, derived(id, CaseStatus.DETAINED, DetentionKind.CAMP, null, false),
                                storedAt),
                        events.storedAt(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                                ReleaseConditions.FREE, WITNESS), storedAt.plusNanos(400)),
                        events.storedAt(caseId, 3, derived(id, CaseStatus.RELEASED, null, null, false),
                                storedAt.plusNanos(400)));
            });
        }
        List<String> inOnePoll = appliedInOnePollAsRecordByRecord(histories);

        for (String polled : inOnePoll) {
            assertThat(jdbc.sql("""
                            SELECT status FROM statistics_case_version WHERE case_id = ?
                             ORDER BY recorded_from LIMIT 1""").param(polled).query(String.class).single())
                    .as("the case as first known, with the status derived with its opening").isNotEqualTo("UNKNOWN");
        }
    }

    @Test
    void openingAndItsStatusDeliveredTwiceInOnePollCountOnce() {
        String twice = appliedInOnePollAsRecordByRecord(caseId -> {
            CaseId id = new CaseId(caseId);
            ConsumedEvent opening = events.of(caseId, 0, opening(id, "2018"));
            ConsumedEvent detained = events.storedWith(caseId, 1,
                    derived(id, CaseStatus.DETAINED, DetentionKind.CAMP, null, false), 0);
            return List.of(opening, detained, opening, detained);
        });

        assertThat(facts(twice)).hasSize(1);
        assertThat(caseRow(twice)).containsEntry("status", "DETAINED").containsEntry("version", 1L);
    }

    @Test
    void eventDeliveredTwiceInOnePollCountsOnce() {
        String twice = appliedInOnePollAsRecordByRecord(caseId -> {
            CaseId id = new CaseId(caseId);
            ConsumedEvent opening = events.of(caseId, 0, opening(id, "2018"));
            CaseStatusDerived detained = derived(id, CaseStatus.DETAINED, DetentionKind.CAMP, null, false);
            ConsumedEvent firstStatus = events.of(caseId, 1, detained);
            ConsumedEvent release = events.of(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                    ReleaseConditions.FREE, WITNESS));
            return List.of(opening, firstStatus, release,
                    events.of(caseId, 3, derived(id, CaseStatus.RELEASED, null, null, false)),
                    events.of(caseId, 1, detained, firstStatus.eventId()),
                    events.of(caseId, 0, opening(id, "2018"), opening.eventId()),
                    events.of(caseId, 2, release.payload().orElseThrow(), release.eventId()));
        });

        assertThat(facts(twice)).hasSize(2);
        assertThat(caseRow(twice)).containsEntry("status", "RELEASED").containsEntry("version", 3L);
    }

    /** A release is held back until the poll ends, unless a retraction comes first and needs it written. */
    @Test
    void factRetractedInThePollThatBroughtItCountsForNothing() {
        String retracted = appliedInOnePollAsRecordByRecord(caseId -> {
            CaseId id = new CaseId(caseId);
            ConsumedEvent earlier = events.of(caseId, 1, further(id, "2016", WITNESS));
            ConsumedEvent release = events.of(caseId, 2, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                    ReleaseConditions.FREE, WITNESS));
            return List.of(events.of(caseId, 0, opening(id, "2018")), earlier, release,
                    events.of(caseId, 3, new FactCorrected(id, release.eventId(), "rumour", WITNESS)),
                    events.of(caseId, 4, new FactCorrected(id, earlier.eventId(), "another person", WITNESS)));
        });

        assertThat(caseRow(retracted)).containsEntry("first_detention", "2018").containsEntry("version", 4L);
        assertThat(facts(retracted)).hasSize(3).filteredOn(fact -> fact.endsWith("retracted")).hasSize(2);
    }

    @Test
    void caseMergedInThePollThatBroughtItsFactsDropsOutWithThem() {
        String survivor = CaseId.random().value();
        String merged = appliedInOnePollAsRecordByRecord(caseId -> {
            CaseId id = new CaseId(caseId);
            return List.of(events.of(caseId, 0, opening(id, "2018")),
                    events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2019"),
                            ReleaseConditions.FREE, WITNESS)),
                    events.of(caseId, 2, new CaseMerged(id, new CaseId(survivor), "same person")),
                    events.of(caseId, 3, new DeathReported(id, ApproximateDate.parse("2020"), null, true, null)));
        });

        assertThat(caseRow(merged)).containsEntry("merged_into", survivor).containsEntry("version", 3L);
        assertThat(jdbc.sql("SELECT bool_or(counted) FROM statistics_fact WHERE case_id = ?").param(merged)
                .query(Boolean.class).single()).isFalse();
    }

    /**
     * The releases and deaths of several cases that a poll holds back go in one statement, whose triggers count and
     * version its facts together (V39): the same rows, versions and counts, per filter value too, as one at a time.
     */
    @Test
    void factsOfSeveralCasesInOneStatementCountAsRecordByRecord() {
        List<Function<CaseId, List<Object>>> histories = List.of(
                person -> List.of(opening(person, "2017-04", Gender.FEMALE, new Hometown("Zhaosu", "Ili")),
                        new ReleaseRecorded(person, ApproximateDate.parse("2019-02"), ReleaseConditions.FREE, WITNESS),
                        new DeathReported(person, ApproximateDate.parse("2021"), null, true, null)),
                person -> List.of(opening(person, "2018", Gender.MALE, new Hometown("Ghulja", "Ili")),
                        new ReleaseRecorded(person, ApproximateDate.parse("2019-02"), ReleaseConditions.FREE, WITNESS),
                        new ReleaseRecorded(person, ApproximateDate.parse("2020"), ReleaseConditions.FREE, UNLIKELY)),
                person -> List.of(opening(person, "2018-11", Gender.FEMALE, new Hometown("Kashgar", "Kashgar")),
                        new DeathReported(person, ApproximateDate.parse("2019-02"), null, true, null)));
        Map<String, BigDecimal> before = counts();

        appliedInOnePollAsRecordByRecord(histories.stream().map(this::inSequence).toList());

        assertThat(difference(before, counts())).as("what both applications counted").isNotEmpty();
    }

    /** The history's events as the records of a case, in sequence. */
    private Function<String, List<ConsumedEvent>> inSequence(Function<CaseId, List<Object>> history) {
        return caseId -> {
            List<Object> payloads = history.apply(new CaseId(caseId));
            return IntStream.range(0, payloads.size())
                    .mapToObj(sequence -> events.of(caseId, sequence, payloads.get(sequence))).toList();
        };
    }

    /** A poll whose transaction rolled back leaves nothing held for the events applied after it. */
    @Test
    void abandonedPollIsForgotten() {
        ConsumedEvent opening = events.of(caseId, 0, opening(id, "2018"));
        jdbc.sql("BEGIN").update();
        projection.beginBatch(List.of(caseId));
        projection.apply(opening);
        jdbc.sql("ROLLBACK").update();
        projection.abandonBatch();

        projection.apply(opening);

        assertThat(caseRow()).containsEntry("first_detention", "2018").containsEntry("version", 0L);
        assertThat(facts()).hasSize(1);
    }

    /**
     * Applies the history of one case record by record, and the same history of another case in one poll, and
     * expects the same rows, the same versions as of each moment and the same changes to the counts.
     *
     * @return the case applied in one poll
     */
    private String appliedInOnePollAsRecordByRecord(Function<String, List<ConsumedEvent>> history) {
        return appliedInOnePollAsRecordByRecord(List.of(history)).get(0);
    }

    /**
     * Applies each history to a case of its own record by record, then each again to another case, all in one poll,
     * their records taken in turn (each case's first, then each one's second, …), and expects for each case the same
     * rows and versions as of each moment, and the same changes to the counts from the poll as from the records.
     *
     * @return the cases applied in one poll, in the histories' order
     */
    private List<String> appliedInOnePollAsRecordByRecord(List<Function<String, List<ConsumedEvent>>> histories) {
        List<String> byRecord = histories.stream().map(history -> CaseId.random().value()).toList();
        List<String> inOnePoll = histories.stream().map(history -> CaseId.random().value()).toList();
        Map<String, BigDecimal> before = counts();
        for (int each = 0; each < histories.size(); each++) {
            histories.get(each).apply(byRecord.get(each)).forEach(projection::apply);
        }
        Map<String, BigDecimal> between = counts();
        List<List<ConsumedEvent>> polled = new ArrayList<>();
        for (int each = 0; each < histories.size(); each++) {
            polled.add(histories.get(each).apply(inOnePoll.get(each)));
        }
        projection.beginBatch(inOnePoll);
        int longest = polled.stream().mapToInt(List::size).max().orElse(0);
        for (int turn = 0; turn < longest; turn++) {
            for (List<ConsumedEvent> records : polled) {
                if (turn < records.size()) {
                    projection.apply(records.get(turn));
                }
            }
        }
        projection.finishBatch();

        for (int each = 0; each < histories.size(); each++) {
            assertThat(state(inOnePoll.get(each))).isEqualTo(state(byRecord.get(each))).isNotEmpty();
        }
        assertThat(difference(between, counts())).isEqualTo(difference(before, between));
        return inOnePoll;
    }

    /** The case's row, facts and versions, each as JSON without the ids that differ from case to case. */
    private List<String> state(String caseId) {
        List<String> state = new ArrayList<>();
        for (String query : List.of(
                "SELECT (to_jsonb(c) - 'case_id')::TEXT FROM statistics_case c WHERE case_id = ?",
                "SELECT (to_jsonb(f) - 'case_id' - 'event_id')::TEXT FROM statistics_fact f WHERE case_id = ? "
                        + "ORDER BY sequence",
                "SELECT (to_jsonb(v) - 'case_id')::TEXT FROM statistics_case_version v WHERE case_id = ? "
                        + "ORDER BY recorded_from",
                "SELECT (to_jsonb(v) - 'case_id' - 'event_id')::TEXT FROM statistics_fact_version v "
                        + "WHERE case_id = ? ORDER BY sequence, recorded_from")) {
            state.addAll(jdbc.sql(query).param(caseId).query(String.class).list());
        }
        return state;
    }

    /**
     * The counts' changes written so far, without a filter and per filter value, and the cells of the cases' states
     * kept so far, summed per cell.
     */
    private Map<String, BigDecimal> counts() {
        Map<String, BigDecimal> counts = new HashMap<>();
        jdbc.sql("""
                        WITH unfolded AS (
                            SELECT 'all' AS filter, NULL AS value, breakdown, key, label, cases, disputed
                              FROM statistics_count_change
                            UNION ALL
                            SELECT filter, value, breakdown, key, label, cases, disputed
                              FROM statistics_filter_count_change
                            UNION ALL
                            SELECT COALESCE(filter, 'all'), value, breakdown, key, label, cases, disputed
                              FROM statistics_case_states_unfolded())
                        SELECT concat_ws('|', filter, value, breakdown, key, label, 'disputed') AS cell,
                               sum(disputed) AS n
                          FROM unfolded GROUP BY filter, value, breakdown, key, label
                        UNION ALL
                        SELECT concat_ws('|', filter, value, breakdown, key, label), sum(cases)
                          FROM unfolded GROUP BY filter, value, breakdown, key, label""")
                .query(rs -> {
                    counts.put(rs.getString("cell"), rs.getBigDecimal("n"));
                });
        return counts;
    }

    private static Map<String, BigDecimal> difference(Map<String, BigDecimal> from, Map<String, BigDecimal> to) {
        Map<String, BigDecimal> difference = new HashMap<>();
        to.forEach((cell, count) -> {
            BigDecimal change = count.subtract(from.getOrDefault(cell, BigDecimal.ZERO));
            if (change.signum() != 0) {
                difference.put(cell, change.stripTrailingZeros());
            }
        });
        return difference;
    }

    private static DetentionReported opening(CaseId id, String detained) {
        return opening(id, detained, Gender.FEMALE, new Hometown("Zhaosu", "Ili"));
    }

    /**
     * Every event of a case applied in order moves its version, one the statistics have nothing to do with and one of a
     * type not known here too, and the moment the row is known from stays that of its last change: the consumer's
     * sequence guard reads each case's last sequence applied there, and a version left behind would hold every later
     * event of the case back. In a poll the versions are given as the poll holds them.
     */
    @Test
    void eventsWithNothingToCountMoveTheVersionTheSequenceGuardReads() {
        String other = CaseId.random().value();
        opened("2018-03");

        projection.apply(events.of(caseId, 1, new ContactLost(id, ApproximateDate.parse("2019"), WITNESS)));
        assertThat(caseRow()).containsEntry("version", 1L);
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 1L));

        projection.beginBatch(List.of(caseId, other));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 1L));
        projection.apply(events.ofUnknownType(caseId, 2));
        projection.apply(events.of(other, 0, opening(new CaseId(other), "2017", Gender.MALE, null)));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));
        projection.finishBatch();

        assertThat(caseRow()).containsEntry("version", 2L).containsEntry("status", "UNKNOWN");
        assertThat(jdbc.sql("SELECT recorded_at FROM statistics_case WHERE case_id = ?").param(caseId)
                .query(Timestamp.class).single().toInstant()).isEqualTo(ProjectedEvents.recordedAt(0));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));

        projection.apply(events.of(caseId, 3, new ReleaseRecorded(id, ApproximateDate.parse("2020"), null, WITNESS)));
        assertThat(caseRow()).containsEntry("version", 3L);
        assertThat(facts()).hasSize(2);
        assertThat(events.appliedBefore()).isZero();
    }

    private static DetentionReported opening(CaseId id, String detained, Gender gender, Hometown hometown) {
        return new DetentionReported(id, 1, new Person("Gulnar", List.of(), gender, new Birth(1980, null, null, null),
                "Uyghur", List.of(), hometown, null),
                new Detention(ApproximateDate.parse(detained), "Ghulja", DetentionKind.CAMP), WITNESS);
    }

    private void opened(String detained) {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 1, new Person("Gulnar"),
                new Detention(ApproximateDate.parse(detained), "Ghulja", DetentionKind.CAMP), WITNESS)));
    }

    private FurtherDetentionReported further(String date, Source source) {
        return further(id, date, source);
    }

    private static FurtherDetentionReported further(CaseId id, String date, Source source) {
        return new FurtherDetentionReported(id, new Detention(ApproximateDate.parse(date), "Yining",
                DetentionKind.PRISON), source);
    }

    private SentenceReported sentence(String date, Term term, Source source) {
        return sentence(id, date, term, source);
    }

    private static SentenceReported sentence(CaseId id, String date, Term term, Source source) {
        return new SentenceReported(id, ApproximateDate.parse(date), "Ili court", term, source);
    }

    private CaseStatusDerived derived(CaseStatus status, DetentionKind kind, Facility facility, boolean disputed) {
        return derived(id, status, kind, facility, disputed);
    }

    private static CaseStatusDerived derived(CaseId id, CaseStatus status, DetentionKind kind, Facility facility,
                                             boolean disputed) {
        return new CaseStatusDerived(id, status, null, ApproximateDate.parse("2017"), kind, facility, null, null,
                disputed, List.of());
    }

    /** The states of cases' rows kept for the counts and not folded yet: two for each change of a row, one for a row opened. */
    private long caseChanges() {
        return jdbc.sql("SELECT count(*) FROM statistics_case_change").query(Long.class).single();
    }

    private Map<String, Object> caseRow() {
        return caseRow(caseId);
    }

    private Map<String, Object> caseRow(String caseId) {
        return jdbc.sql("""
                        SELECT status, disputed, detention_kind, facility_id, facility_name, gender, ethnicity,
                               prefecture, county, born_from, born_to, first_detention,
                               first_detention_start::TEXT AS first_detention_start,
                               first_detention_end::TEXT AS first_detention_end, sentenced, sentence_years,
                               sentence_months, sentence_life, merged_into, version
                          FROM statistics_case WHERE case_id = ?""")
                .param(caseId).query().singleRow();
    }

    /** Each fact of the case in a line: event, sequence, kind, date, span, year/month, credible or not, retracted. */
    private List<String> facts() {
        return facts(caseId);
    }

    private List<String> facts(String caseId) {
        return jdbc.sql("""
                        SELECT concat_ws(' ', event_id, sequence, kind, coalesce(fact_date, '-'),
                                         coalesce(fact_start::TEXT, '-') || '..' || coalesce(fact_end::TEXT, '-'),
                                         coalesce(fact_year::TEXT, '-') || '/' || coalesce(fact_month::TEXT, '-'),
                                         CASE WHEN credible THEN 'credible' ELSE 'doubted' END,
                                         CASE WHEN retracted THEN 'retracted' END)
                          FROM statistics_fact WHERE case_id = ? ORDER BY sequence""")
                .param(caseId).query(String.class).list();
    }
}
