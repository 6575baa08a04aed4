package org.caseledger.appeals.command;

import org.caseledger.api.cases.CaseId;

import java.util.HashMap;
import java.util.Map;

/** The cases the appeal service knows, as a test puts them on record. */
class CasesOnRecord implements CaseRegister {

    private final Map<CaseId, CaseStanding> standings = new HashMap<>();

    CasesOnRecord with(CaseId caseId, CaseStanding standing) {
        standings.put(caseId, standing);
        return this;
    }

    @Override
    public CaseStanding standingOf(CaseId caseId) {
        return standings.getOrDefault(caseId, CaseStanding.UNKNOWN);
    }
}
