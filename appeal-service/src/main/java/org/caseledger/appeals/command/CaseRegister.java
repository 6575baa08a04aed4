package org.caseledger.appeals.command;

import org.caseledger.api.cases.CaseId;

/** The cases appeals can be filed for, as this service has learnt them from the cases topic. */
public interface CaseRegister {

    CaseStanding standingOf(CaseId caseId);

    /** Whether appeals can be filed for a case. */
    enum CaseStanding {
        /** Not (yet) known here: a case reported moments ago may still be on its way. */
        UNKNOWN,
        /** Appeals can be filed. */
        OPEN,
        /** Folded into another case; appeals go to that one. */
        MERGED,
        /** The person's data was erased; nothing more is recorded about them. */
        ERASED
    }
}
