package org.caseledger.api.cases;

import org.caseledger.api.PersonalData;

/** Who gave a testimony: their relation always, their name only when they consented to it being kept. */
public record TestimonyGiver(Relation relation, @PersonalData(subject = "testimonyId") String name) {
}
