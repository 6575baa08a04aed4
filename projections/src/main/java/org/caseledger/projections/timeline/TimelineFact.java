package org.caseledger.projections.timeline;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.WhereaboutsReported;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * What the timeline keeps of one event: its date, its source, what it is about, and a short summary a person can
 * scan. Summaries never quote a value marked as personal data (names, testimony text, occupation): they can be kept
 * and shown where the person's own data may not, and erasing a person leaves nothing here to rewrite.
 *
 * @param subjectId the testimony, evidence or relative the fact is about, so that repeated facts count once
 */
record TimelineFact(ApproximateDate date, Source source, String subjectId, String summary) {

    static final int LONGEST_SUMMARY = 240;

    TimelineFact {
        summary = shortened(summary);
    }

    /** The timeline entry for an event, or empty for one that is not a fact of the case (its derived status). */
    static Optional<TimelineFact> of(Object event) {
        return Optional.ofNullable(SUMMARIES.get(event.getClass())).map(summary -> summary.apply(event));
    }

    private static final Map<Class<?>, Function<Object, TimelineFact>> SUMMARIES = summaries();

    private static Map<Class<?>, Function<Object, TimelineFact>> summaries() {
        Map<Class<?>, Function<Object, TimelineFact>> summaries = new HashMap<>();
        summary(summaries, DetentionReported.class, e -> fact(e.detention() == null ? null : e.detention().date(),
                e.source(), "Case opened: reported detained" + detention(e.detention())));
        summary(summaries, FurtherDetentionReported.class, e -> fact(e.detention() == null ? null
                : e.detention().date(), e.source(), "Reported detained again" + detention(e.detention())));
        summary(summaries, TestimonyRecorded.class, e -> new TimelineFact(e.date(), e.source(), e.testimonyId(),
                "Testimony recorded" + (e.givenBy() == null ? "" : " from " + relation(e.givenBy().relation()))
                        + (e.language() == null ? "" : ", in " + e.language())));
        summary(summaries, WhereaboutsReported.class, e -> fact(e.date(), e.source(),
                (e.transfer() ? "Reported transferred" : "Reported held") + kind(e.kind())
                        + place(e.place(), e.facility())));
        summary(summaries, ContactLost.class, e -> fact(e.date(), e.source(), "Family lost contact"));
        summary(summaries, ContactReestablished.class, e -> fact(e.date(), e.source(), "Contact re-established"));
        summary(summaries, ChargeReported.class, e -> fact(e.date(), e.source(),
                "Reported charged" + (e.charge() == null ? "" : ": " + e.charge())));
        summary(summaries, TrialReported.class, e -> fact(e.date(), e.source(),
                "Reported tried" + (e.court() == null ? "" : " by " + e.court())));
        summary(summaries, SentenceReported.class, e -> fact(e.date(), e.source(),
                "Reported sentenced" + term(e.term()) + (e.court() == null ? "" : " by " + e.court())));
        summary(summaries, ReleaseRecorded.class, e -> fact(e.date(), e.source(),
                "Reported released" + conditions(e.conditions())));
        summary(summaries, DepartureReported.class, e -> fact(e.date(), e.source(), "Reported to have left the "
                + "country" + (e.destinationCountry() == null ? "" : " for " + e.destinationCountry())));
        summary(summaries, DeathReported.class, e -> fact(e.date(), e.source(), "Reported dead"
                + (e.inCustody() ? " in custody" : "") + (e.circumstances() == null ? "" : ": " + e.circumstances())));
        summary(summaries, RelativeLinked.class, e -> new TimelineFact(e.date(), e.source(), e.relativeId(),
                "Relative put on record: " + relation(e.relation())
                        + (e.relativeCaseId() == null ? "" : ", who has case " + e.relativeCaseId().value())));
        summary(summaries, EvidenceAttached.class, e -> new TimelineFact(e.date(), e.source(), e.evidenceId(),
                "Evidence attached" + (e.mediaType() == null ? "" : " (" + e.mediaType() + ")")
                        + (e.description() == null ? "" : ": " + e.description())));
        summary(summaries, CaseMerged.class, e -> fact(null, null,
                "Merged as a duplicate into case " + e.intoCaseId().value() + reason(e.reason())));
        summary(summaries, DuplicateCaseMerged.class, e -> fact(null, null,
                "Duplicate case " + e.duplicateCaseId().value() + " merged into this one" + reason(e.reason())));
        summary(summaries, CaseVisibilityChanged.class, e -> fact(null, null,
                "Visibility set to " + e.visibility() + reason(e.reason())));
        summary(summaries, PersonalDataErased.class, e -> fact(null, null, "Personal data of "
                + switch (e.subject()) {
                    case PERSON -> "the person";
                    case TESTIMONY_GIVER -> "a testimony's giver";
                    case RELATIVE -> "a relative";
                } + " erased"));
        return Map.copyOf(summaries);
    }

    private static <T> void summary(Map<Class<?>, Function<Object, TimelineFact>> summaries, Class<T> type,
                                    Function<T, TimelineFact> summary) {
        summaries.put(type, event -> summary.apply(type.cast(event)));
    }

    /** A correction names the fact it retracts by type and date, which only the timeline knows. */
    static TimelineFact correction(FactCorrected correction, Optional<RetractedFact> retracted) {
        String what = retracted
                .map(fact -> "the " + fact.type() + (fact.date() == null ? "" : " of " + fact.date()))
                .orElse("event " + correction.retractedEventId());
        return new TimelineFact(null, correction.source(), null, "Retracted " + what + reason(correction.reason()));
    }

    /** The type and date of a fact being retracted, as the timeline has it. */
    record RetractedFact(String type, String date) {
    }

    private static TimelineFact fact(ApproximateDate date, Source source, String summary) {
        return new TimelineFact(date, source, null, summary);
    }

    private static String detention(Detention detention) {
        return detention == null ? "" : kind(detention.kind()) + place(detention.place(), detention.facility());
    }

    private static String kind(DetentionKind kind) {
        if (kind == null) {
            return "";
        }
        return switch (kind) {
            case POLICE_CUSTODY -> " in police custody";
            case CAMP -> " in a camp";
            case PRETRIAL -> " in pretrial detention";
            case PRISON -> " in prison";
        };
    }

    private static String place(String place, Facility facility) {
        StringJoiner where = new StringJoiner(", ", " at ", "").setEmptyValue("");
        if (facility != null && facility.name() != null) {
            where.add(facility.name());
        }
        if (place != null && !place.isBlank()) {
            where.add(place);
        }
        return where.toString();
    }

    private static String conditions(ReleaseConditions conditions) {
        if (conditions == null) {
            return "";
        }
        return switch (conditions) {
            case FREE -> ", free";
            case SURVEILLANCE -> " under surveillance";
            case MOVEMENT_RESTRICTED -> " with movement restricted";
            case FORCED_LABOUR -> " into forced labour";
        };
    }

    private static String term(Term term) {
        if (term == null) {
            return "";
        }
        if (term.life()) {
            return " to life";
        }
        StringJoiner length = new StringJoiner(" ", " to ", "").setEmptyValue("");
        if (term.years() > 0) {
            length.add(term.years() + (term.years() == 1 ? " year" : " years"));
        }
        if (term.months() > 0) {
            length.add(term.months() + (term.months() == 1 ? " month" : " months"));
        }
        return length.toString();
    }

    private static String relation(Relation relation) {
        if (relation == null) {
            return "someone";
        }
        return switch (relation) {
            case SPOUSE -> "a spouse";
            case PARENT -> "a parent";
            case CHILD -> "a child";
            case SIBLING -> "a sibling";
            case OTHER_RELATIVE -> "another relative";
            case FRIEND -> "a friend";
            case NEIGHBOUR -> "a neighbour";
            case COLLEAGUE -> "a colleague";
            case SELF -> "the person themself";
            case OTHER -> "someone else";
        };
    }

    private static String reason(String reason) {
        return reason == null || reason.isBlank() ? "" : ": " + reason;
    }

    /** Cut at a code point, never inside a surrogate pair, so that a cut summary is still valid text. */
    private static String shortened(String summary) {
        if (summary.codePointCount(0, summary.length()) <= LONGEST_SUMMARY) {
            return summary;
        }
        return summary.substring(0, summary.offsetByCodePoints(0, LONGEST_SUMMARY - 1)) + "…";
    }
}
