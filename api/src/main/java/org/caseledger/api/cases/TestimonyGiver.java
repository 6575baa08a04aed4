package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/**
 * Who gave a testimony: their relation always, their name only when they consented to it being kept.
 *
 * @param consentToRecordName true when the giver agreed that their name be kept, which a name requires; null in
 *                            testimonies recorded before the ledger asked for that consent
 */
public record TestimonyGiver(Relation relation,
                             @PersonalData(subject = "testimonyId") String name,
                             Boolean consentToRecordName) {

    /** A giver who is not named. */
    public static TestimonyGiver unnamed(Relation relation) {
        return new TestimonyGiver(relation, null, false);
    }

    /** A giver named with their consent. */
    public static TestimonyGiver named(Relation relation, String name) {
        return new TestimonyGiver(relation, name, true);
    }

    /** Whether a name is given without the giver's consent to keep it. */
    public boolean namedWithoutConsent() {
        return name != null && !Boolean.TRUE.equals(consentToRecordName);
    }
}
