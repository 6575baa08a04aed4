package org.caseledger.projections.timeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
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
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.security.Role;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline's apply code, driven directly with the events a consumer would hand it, against the real PostgreSQL:
 * the facts in recording order with their sources, the personal data kept apart, corrections, visibility and the
 * sequence guard, read back through the timeline's own query.
 */
class TimelineProjectionIT {

    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY, Reliability.LIKELY,
            "the neighbour's account");
    private static JdbcClient jdbc;

    private final ProjectedEvents events = new ProjectedEvents();
    private final String caseId = CaseId.random().value();
    private final CaseId id = new CaseId(caseId);
    private TimelineProjection projection;
    private TimelineQueries queries;

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase("projections_timeline_apply");
    }

    @BeforeEach
    void setUp() {
        projection = new TimelineProjection(jdbc);
        queries = new TimelineQueries(jdbc);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger(TimelineProjection.class)).detachAndStopAllAppenders();
    }

    @Test
    void factIsPutOnTheTimelineWithItsDateSourceAndRecorder() {
        ConsumedEvent opening = opened();

        CaseTimeline timeline = timeline();
        assertThat(timeline.version()).isZero();
        assertThat(timeline.entries()).hasSize(1);
        CaseTimeline.Entry entry = timeline.entries().get(0);
        assertThat(entry.eventId()).isEqualTo(opening.eventId());
        assertThat(entry.sequence()).isZero();
        assertThat(entry.type()).isEqualTo("DetentionReported");
        assertThat(entry.date()).isEqualTo("2017-11");
        assertThat(entry.source()).isEqualTo(new CaseTimeline.Source(SourceType.WITNESS_TESTIMONY,
                Reliability.LIKELY, "the neighbour's account"));
        assertThat(entry.recordedBy()).isEqualTo(ProjectedEvents.RECORDER);
        assertThat(entry.recordedAt()).isEqualTo(ProjectedEvents.recordedAt(0));
        assertThat(entry.summary()).isEqualTo("Case opened: reported detained in a camp at Ghulja");
        assertThat(entry.retracted()).isFalse();
        assertThat(entry.testimony()).isNull();
        assertThat(entry.relative()).isNull();
    }

    @Test
    void factWithoutDateOrReliabilityIsShownWithout() {
        projection.apply(events.of(caseId, 0, new DetentionReported(id, 7, new Person("Gulnar"), null,
                new Source(SourceType.MEDIA_REPORT, null, null))));

        CaseTimeline.Entry entry = timeline().entries().get(0);
        assertThat(entry.date()).isNull();
        assertThat(entry.source()).isEqualTo(new CaseTimeline.Source(SourceType.MEDIA_REPORT, null, null));
    }

    @Test
    void factsFollowInRecordingOrderAndTheCaseVersionWithThem() {
        opened();
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.SURVEILLANCE, WITNESS));
        projection.apply(release);

        CaseTimeline timeline = timeline();
        assertThat(timeline.version()).isEqualTo(1);
        assertThat(timeline.entries()).extracting(CaseTimeline.Entry::type)
                .containsExactly("DetentionReported", "ReleaseRecorded");
        assertThat(timeline.entries().get(1).summary()).isEqualTo("Reported released under surveillance");
        assertThat(timeline.entries().get(1).sequence()).isEqualTo(1);
    }

    @Test
    void derivedStatusIsNoFactOfTheTimelineButMovesItsVersion() {
        opened();

        projection.apply(events.of(caseId, 1, new CaseStatusDerived(id, CaseStatus.DETAINED, null,
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, null, null, null, false, List.of())));

        assertThat(timeline().entries()).hasSize(1);
        assertThat(timeline().version()).isEqualTo(1);
    }

    /**
     * The version is the case's last sequence applied, which the consumer's sequence guard reads: one left behind by
     * an event of a type not known here would hold every later event of the case back. In a poll the versions are
     * given as the poll holds them.
     */
    @Test
    void eventOfATypeThisConsumerDoesNotKnowShowsNothingButMovesTheVersion() {
        opened();

        projection.apply(events.ofUnknownType(caseId, 1));
        assertThat(timeline().version()).isEqualTo(1);
        assertThat(timeline().entries()).hasSize(1);
        assertThat(events.appliedBefore()).isZero();

        String other = CaseId.random().value();
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 1L));
        projection.beginBatch(List.of(caseId, other));
        projection.apply(events.ofUnknownType(caseId, 2));
        projection.apply(events.ofUnknownType(other, 0));
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));
        projection.finishBatch();
        assertThat(projection.lastSequences(List.of(caseId, other))).isEqualTo(Map.of(caseId, 2L, other, 0L));
        assertThat(timeline().version()).isEqualTo(2);
    }

    @Test
    void testimonyKeepsWhoGaveItAndWhatTheySaidApartFromItsSummary() {
        opened();
        ConsumedEvent testimony = events.of(caseId, 1, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.named(Relation.SPOUSE, "Aigul"), ApproximateDate.parse("2019-02"), "kk",
                "He was taken from home in the night", false, Visibility.CONFIDENTIAL, WITNESS));

        projection.apply(testimony);

        CaseTimeline.Entry entry = timeline().entries().get(1);
        assertThat(entry.summary()).isEqualTo("Testimony recorded from a spouse, in kk");
        assertThat(entry.testimony()).isEqualTo(new CaseTimeline.Testimony(Relation.SPOUSE, "Aigul", "kk",
                "He was taken from home in the night", Visibility.CONFIDENTIAL));
        assertThat(subjectOf(testimony)).isEqualTo("testimony-1");
    }

    @Test
    void testimonyOfAnUnknownGiverKeepsItsTextWithoutGiver() {
        opened();
        projection.apply(events.of(caseId, 1, new TestimonyRecorded(id, "testimony-1", null, null, null,
                "He was taken from home in the night", false, null, WITNESS)));

        assertThat(timeline().entries().get(1).testimony()).isEqualTo(new CaseTimeline.Testimony(null, null, null,
                "He was taken from home in the night", null));
    }

    @Test
    void relativeKeepsTheirRelationAndNameApartFromTheSummary() {
        opened();
        ConsumedEvent relative = events.of(caseId, 1, new RelativeLinked(id, "relative-1", Relation.SIBLING,
                "Aigul", null, null, WITNESS));

        projection.apply(relative);

        CaseTimeline.Entry entry = timeline().entries().get(1);
        assertThat(entry.summary()).isEqualTo("Relative put on record: a sibling");
        assertThat(entry.relative()).isEqualTo(new CaseTimeline.Relative(Relation.SIBLING, "Aigul"));
        assertThat(entry.testimony()).isNull();
        assertThat(subjectOf(relative)).isEqualTo("relative-1");
    }

    @Test
    void relativeOfAnUnstatedRelationIsKeptWithoutOne() {
        opened();
        projection.apply(events.of(caseId, 1, new RelativeLinked(id, "relative-1", null, "Aigul", null, null,
                WITNESS)));

        assertThat(timeline().entries().get(1).relative()).isEqualTo(new CaseTimeline.Relative(null, "Aigul"));
    }

    @Test
    void visibilityChangeIsAnEntryAndRedactsTheTimeline() {
        opened();

        projection.apply(events.of(caseId, 1, new CaseVisibilityChanged(id, Visibility.CONFIDENTIAL, "threats")));

        CaseTimeline timeline = timeline();
        assertThat(timeline.visibility()).isEqualTo(Visibility.CONFIDENTIAL);
        assertThat(timeline.version()).isEqualTo(1);
        assertThat(timeline.entries().get(1).summary()).isEqualTo("Visibility set to CONFIDENTIAL: threats");
        assertThat(timeline.entries().get(1).source()).isNull();
        assertThat(queries.findTimeline(caseId, Role.ANALYST, null).orElseThrow().entries().get(0).recordedBy())
                .as("provenance of a confidential case is for administrators").isNull();

        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(id, null, "unsure")));

        assertThat(jdbc.sql("SELECT visibility IS NULL FROM timeline_case WHERE case_id = ?").param(caseId)
                .query(Boolean.class).single()).isTrue();
    }

    @Test
    void visibilityChangedAsTheCasesFirstEventOpensItsTimeline() {
        projection.apply(events.of(caseId, 3, new CaseVisibilityChanged(id, Visibility.PUBLIC, "asked")));

        CaseTimeline timeline = timeline();
        assertThat(timeline.version()).isEqualTo(3);
        assertThat(timeline.visibility()).isEqualTo(Visibility.PUBLIC);
    }

    @Test
    void correctionMarksTheFactItRetractsWhichStays() {
        ListAppender<ILoggingEvent> warned = warned();
        opened();
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.FREE, WITNESS));
        projection.apply(release);
        ConsumedEvent correction = events.of(caseId, 2, new FactCorrected(id, release.eventId(), "another person",
                WITNESS));
        projection.apply(correction);
        projection.apply(events.of(caseId, 3, new FactCorrected(id, release.eventId(), "said again", null)));

        List<CaseTimeline.Entry> entries = timeline().entries();
        assertThat(entries).hasSize(4);
        assertThat(entries.get(1).retracted()).isTrue();
        assertThat(entries.get(1).retractedBy()).as("retracted by its first correction").isEqualTo(correction.eventId());
        assertThat(entries.get(1).retractionReason()).isEqualTo("another person");
        assertThat(entries.get(2).summary()).isEqualTo("Retracted the ReleaseRecorded of 2018-12: another person");
        assertThat(entries.get(2).eventId()).isEqualTo(correction.eventId());
        assertThat(entries.get(2).retracted()).isFalse();
        assertThat(entries.get(3).source()).isNull();
        assertThat(entries.get(0).retracted()).isFalse();
        assertThat(warned.list).as("a correction of a fact on the timeline is no anomaly").isEmpty();
    }

    @Test
    void correctionOfAnEventNotOnTheTimelineNamesItByItsIdAndSaysSo() {
        ListAppender<ILoggingEvent> warned = warned();
        opened();

        ConsumedEvent correction = events.of(caseId, 1, new FactCorrected(id, "no-such-event", "mistaken", WITNESS));
        projection.apply(correction);

        assertThat(timeline().entries().get(1).summary()).isEqualTo("Retracted event no-such-event: mistaken");
        assertThat(warned.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly("Correction "
                + correction.eventId() + " of case " + caseId + " retracts event no-such-event, which is not on the "
                + "case's timeline");
    }

    /**
     * An earlier event published again after later ones were applied would take the timeline back to the visibility
     * it had then, and add a second entry for what was said once.
     */
    @Test
    void earlierEventPublishedAgainAfterLaterOnesChangesNothing() {
        opened();
        CaseVisibilityChanged madePublic = new CaseVisibilityChanged(id, Visibility.PUBLIC, "asked");
        ConsumedEvent first = events.of(caseId, 1, madePublic);
        projection.apply(first);
        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(id, Visibility.CONFIDENTIAL, "threats")));

        projection.apply(events.of(caseId, 1, madePublic, first.eventId()));
        projection.apply(events.of(caseId, 2, new CaseMerged(id, CaseId.random(), "same person")));

        CaseTimeline timeline = timeline();
        assertThat(timeline.visibility()).isEqualTo(Visibility.CONFIDENTIAL);
        assertThat(timeline.version()).isEqualTo(2);
        assertThat(timeline.entries()).extracting(CaseTimeline.Entry::summary).containsExactly(
                "Case opened: reported detained in a camp at Ghulja", "Visibility set to PUBLIC: asked",
                "Visibility set to CONFIDENTIAL: threats");
        assertThat(events.appliedBefore()).isEqualTo(2);
    }

    @Test
    void eventPublishedTwiceInARowIsAppliedOnce() {
        ConsumedEvent opening = opened();
        projection.apply(events.of(caseId, 0, opening.payload().orElseThrow(), opening.eventId()));

        assertThat(timeline().entries()).hasSize(1);
        assertThat(events.appliedBefore()).isEqualTo(1);
    }

    /**
     * A poll's records are applied as one batch, the entries held back until it is finished: a
     * correction in the poll that reported the fact finds it and marks it all the same.
     */
    @Test
    void correctionInThePollThatReportedTheFactMarksIt() {
        ListAppender<ILoggingEvent> warned = warned();
        ConsumedEvent release = events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.FREE, WITNESS));
        ConsumedEvent correction = events.of(caseId, 2, new FactCorrected(id, release.eventId(), "another person",
                WITNESS));

        projection.beginBatch(List.of(caseId));
        opened();
        projection.apply(release);
        projection.apply(correction);
        projection.finishBatch();

        List<CaseTimeline.Entry> entries = timeline().entries();
        assertThat(entries).hasSize(3);
        assertThat(entries.get(1).retractedBy()).isEqualTo(correction.eventId());
        assertThat(entries.get(2).summary()).isEqualTo("Retracted the ReleaseRecorded of 2018-12: another person");
        assertThat(timeline().version()).isEqualTo(2);
        assertThat(warned.list).isEmpty();
    }

    /** A poll that holds events twice, once after later ones, applies each once and keeps each one's details. */
    @Test
    void eventsDeliveredTwiceInOnePollAreAppliedOnce() {
        CaseVisibilityChanged madePublic = new CaseVisibilityChanged(id, Visibility.PUBLIC, "asked");
        ConsumedEvent first = events.of(caseId, 1, madePublic);

        projection.beginBatch(List.of(caseId));
        ConsumedEvent opening = opened();
        projection.apply(first);
        projection.apply(events.of(caseId, 2, new CaseVisibilityChanged(id, Visibility.CONFIDENTIAL, "threats")));
        projection.apply(events.of(caseId, 1, madePublic, first.eventId()));
        projection.apply(events.of(caseId, 0, opening.payload().orElseThrow(), opening.eventId()));
        projection.apply(events.of(caseId, 3, new RelativeLinked(id, "relative-1", Relation.SIBLING, "Aigul", null,
                null, WITNESS)));
        projection.finishBatch();

        CaseTimeline timeline = timeline();
        assertThat(timeline.visibility()).isEqualTo(Visibility.CONFIDENTIAL);
        assertThat(timeline.version()).isEqualTo(3);
        assertThat(timeline.entries()).extracting(CaseTimeline.Entry::summary).containsExactly(
                "Case opened: reported detained in a camp at Ghulja", "Visibility set to PUBLIC: asked",
                "Visibility set to CONFIDENTIAL: threats", "Relative put on record: a sibling");
        assertThat(timeline.entries().get(3).relative()).isEqualTo(new CaseTimeline.Relative(Relation.SIBLING,
                "Aigul"));
        assertThat(events.appliedBefore()).isEqualTo(2);
    }

    /** An erasure in the poll that recorded a testimony erases it as it would one recorded before. */
    @Test
    void erasureInThePollThatRecordedTheTestimonyErasesItsText() {
        projection.beginBatch(List.of(caseId));
        opened();
        projection.apply(events.of(caseId, 1, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.named(Relation.SPOUSE, "Aigul"), ApproximateDate.parse("2019-02"), "kk",
                "He was taken from home in the night", false, null, WITNESS)));
        projection.apply(events.of(caseId, 2, new PersonalDataErased(id, caseId, DataSubject.PERSON,
                Instant.parse("2024-05-01T00:00:00Z"))));
        projection.finishBatch();

        List<CaseTimeline.Entry> entries = timeline().entries();
        assertThat(entries.get(1).testimony().text()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(entries.get(1).source().reference()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(entries.get(0).source().reference()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(timeline().version()).isEqualTo(2);
    }

    /** A poll reads its cases' versions at its start: an event applied in an earlier poll is not applied again. */
    @Test
    void pollLeavesAnEventAppliedInAnEarlierPoll() {
        ConsumedEvent opening = opened();

        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 0, opening.payload().orElseThrow(), opening.eventId()));
        projection.apply(events.of(caseId, 1, new ReleaseRecorded(id, ApproximateDate.parse("2018-12"),
                ReleaseConditions.FREE, WITNESS)));
        projection.finishBatch();

        assertThat(timeline().entries()).hasSize(2);
        assertThat(timeline().version()).isEqualTo(1);
        assertThat(events.appliedBefore()).isEqualTo(1);
    }

    /** A batch abandoned (its transaction rolled back) leaves nothing held back, and the next apply writes at once. */
    @Test
    void abandonedPollIsForgotten() {
        opened();
        ReleaseRecorded release = new ReleaseRecorded(id, ApproximateDate.parse("2018-12"), ReleaseConditions.FREE,
                WITNESS);
        projection.beginBatch(List.of(caseId));
        projection.apply(events.of(caseId, 1, release));
        projection.abandonBatch();
        assertThat(timeline().entries()).hasSize(1);

        projection.apply(events.of(caseId, 1, release));

        assertThat(timeline().entries()).hasSize(2);
        assertThat(timeline().version()).isEqualTo(1);
    }

    private ConsumedEvent opened() {
        ConsumedEvent opening = events.of(caseId, 0, new DetentionReported(id, 7, new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), WITNESS));
        projection.apply(opening);
        return opening;
    }

    /** The timeline as an administrator reads it: nothing withheld. */
    private CaseTimeline timeline() {
        return queries.findTimeline(caseId, Role.ADMIN, null).orElseThrow();
    }

    /** The projection's warnings from here on about this case alone. */
    private ListAppender<ILoggingEvent> warned() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>() {
            @Override
            protected void append(ILoggingEvent event) {
                if (event.getLevel().isGreaterOrEqual(Level.WARN) && event.getFormattedMessage().contains(caseId)) {
                    super.append(event);
                }
            }
        };
        appender.start();
        ((Logger) LoggerFactory.getLogger(TimelineProjection.class)).addAppender(appender);
        return appender;
    }

    private String subjectOf(ConsumedEvent event) {
        return jdbc.sql("SELECT subject_id FROM timeline_entry WHERE case_id = ? AND event_id = ?")
                .params(caseId, event.eventId()).query(String.class).single();
    }
}
