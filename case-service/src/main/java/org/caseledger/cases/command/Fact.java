package org.caseledger.cases.command;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.Term;

/**
 * A dated fact on a case's record, as the status rules see it.
 *
 * @param order   position in the case's history, for facts of the same date
 * @param reading what the fact says of the person's status; null for facts that say nothing of it
 */
record Fact(String eventId, long order, Kind kind, ApproximateDate date, Source source, Reading reading,
            boolean retracted) {

    enum Kind {
        DETENTION, WHEREABOUTS, CONTACT_LOST, CONTACT_REESTABLISHED, CHARGE, TRIAL, SENTENCE, RELEASE, DEPARTURE,
        DEATH, TESTIMONY, RELATIVE, EVIDENCE;

        boolean holdsPerson() {
            return this == DETENTION || this == WHEREABOUTS;
        }

        /** Still accepted when dated after a death: they speak about the person, not of them being alive. */
        boolean allowedAfterDeath() {
            return this == TESTIMONY || this == RELATIVE || this == EVIDENCE;
        }
    }

    /** A status and its details, as one fact states them. */
    record Reading(CaseStatus status, DetentionKind detentionKind, Facility facility,
                   ReleaseConditions releaseConditions, Term term) {

        static Reading of(CaseStatus status) {
            return new Reading(status, null, null, null, null);
        }
    }

    boolean counts() {
        return !retracted && (source == null || source.isCredible());
    }

    Fact retract() {
        return new Fact(eventId, order, kind, date, source, reading, true);
    }
}
