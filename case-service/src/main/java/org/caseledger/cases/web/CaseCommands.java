package org.caseledger.cases.web;

import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDeparture;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.api.cases.ReportSentence;
import org.caseledger.cases.facilities.FacilityRegister;
import org.caseledger.platform.web.Problems;
import org.springframework.stereotype.Component;

/**
 * Turns requests into the commands they ask for, the same for a request sent on its own and for a row of an import:
 * an imported row is recorded exactly as an operator's requests would be.
 */
@Component
class CaseCommands {

    private final FacilityRegister facilities;

    CaseCommands(FacilityRegister facilities) {
        this.facilities = facilities;
    }

    ReportDetention open(ReportDetentionRequest request) {
        return new ReportDetention(CaseId.random(), request.person().toPerson(), detention(request.detention()),
                request.source().toSource());
    }

    ReportSentence sentence(CaseId caseId, SentenceRequest request, Long expectedVersion) {
        return new ReportSentence(caseId, request.date(), Text.orNull(request.court()), request.term().toTerm(),
                request.source().toSource(), expectedVersion);
    }

    RecordRelease release(CaseId caseId, ReleaseRequest request, Long expectedVersion) {
        return new RecordRelease(caseId, request.date(), request.conditions(), request.source().toSource(),
                expectedVersion);
    }

    ReportDeparture departure(CaseId caseId, DepartureRequest request, Long expectedVersion) {
        return new ReportDeparture(caseId, request.date(), Text.orNull(request.destinationCountry()),
                request.source().toSource(), expectedVersion);
    }

    ReportDeath death(CaseId caseId, DeathRequest request, Long expectedVersion) {
        return new ReportDeath(caseId, request.date(), Text.orNull(request.circumstances()), request.inCustody(),
                request.source().toSource(), expectedVersion);
    }

    Detention detention(DetentionRequest request) {
        return new Detention(request.date(), Text.orNull(request.place()), request.kind(),
                facility(request.facilityId()));
    }

    /** The register's facility, or null when none is named; a 422 when the register has no such id. */
    Facility facility(String facilityId) {
        String id = Text.orNull(facilityId);
        if (id == null) {
            return null;
        }
        return facilities.find(id).orElseThrow(() -> Problems.unprocessable("facilityId",
                "no facility '" + id + "' is in the register; give its register id, or describe the place instead"));
    }
}
