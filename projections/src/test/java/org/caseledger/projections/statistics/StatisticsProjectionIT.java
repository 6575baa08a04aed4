package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
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

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics model's apply code, driven directly with the events a consumer would hand it, against the real
 * PostgreSQL: what a case is counted by, the dated facts counted over time, the first detention and the latest
 * sentence worked out again as facts arrive and are retracted, merges and the sequence guard.
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

    private void opened(String detained) {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 1, new Person("Gulnar"),
                new Detention(ApproximateDate.parse(detained), "Ghulja", DetentionKind.CAMP), WITNESS)));
    }

    private FurtherDetentionReported further(String date, Source source) {
        return new FurtherDetentionReported(id, new Detention(ApproximateDate.parse(date), "Yining",
                DetentionKind.PRISON), source);
    }

    private SentenceReported sentence(String date, Term term, Source source) {
        return new SentenceReported(id, ApproximateDate.parse(date), "Ili court", term, source);
    }

    private CaseStatusDerived derived(CaseStatus status, DetentionKind kind, Facility facility, boolean disputed) {
        return new CaseStatusDerived(id, status, null, ApproximateDate.parse("2017"), kind, facility, null, null,
                disputed, List.of());
    }

    private Map<String, Object> caseRow() {
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
