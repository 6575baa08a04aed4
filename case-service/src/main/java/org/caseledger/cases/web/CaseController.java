package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.caseledger.api.cases.AcceptDuplicate;
import org.caseledger.api.cases.AttachEvidence;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ChangeVisibility;
import org.caseledger.api.cases.CorrectFact;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.LinkRelative;
import org.caseledger.api.cases.MergeCase;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.ReportCharge;
import org.caseledger.api.cases.ReportContactReestablished;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDeparture;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.api.cases.ReportFurtherDetention;
import org.caseledger.api.cases.ReportLossOfContact;
import org.caseledger.api.cases.ReportSentence;
import org.caseledger.api.cases.ReportTrial;
import org.caseledger.api.cases.ReportWhereabouts;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.cases.facilities.FacilityRegister;
import org.caseledger.cases.numbering.CaseNumbers;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.UUID;

/**
 * Operators record facts about a person here; each accepted request becomes events in the case's history. Every
 * write takes an optional {@code Idempotency-Key} and {@code If-Match}, and answers with the case version as ETag.
 */
@RestController
@RequestMapping("/api/cases")
@Tag(name = "cases", description = "Facts about a detained or disappeared person")
class CaseController {

    private final CaseWrites writes;
    private final CaseNumbers caseNumbers;
    private final FacilityRegister facilities;

    CaseController(CaseWrites writes, CaseNumbers caseNumbers, FacilityRegister facilities) {
        this.writes = writes;
        this.caseNumbers = caseNumbers;
        this.facilities = facilities;
    }

    @PostMapping
    @Operation(summary = "Open a case with the detention that was reported",
            description = "Issues the next citable case number; answers 201 with the case id and number.")
    ResponseEntity<?> reportDetention(@Valid @RequestBody ReportDetentionRequest request,
                                      @Parameter(hidden = true) WriteConditions conditions) {
        Detention detention = detention(request.detention());
        return writes.write(conditions, "/api/cases", request, () -> {
            CaseId caseId = CaseId.random();
            long caseNumber = caseNumbers.next();
            writes.send(new ReportDetention(caseId, caseNumber, request.person().toPerson(), detention,
                    request.source().toSource()));
            long version = writes.version(caseId.value());
            return ResponseEntity.created(URI.create("/api/cases/" + caseId.value()))
                    .eTag(CaseWrites.etag(version))
                    .body(new CaseOpened(caseId.value(), caseNumber, writes.firstEventId(caseId.value()), version));
        });
    }

    @PostMapping("/{caseId}/detentions")
    @Operation(summary = "Report that the person was detained again")
    ResponseEntity<?> reportFurtherDetention(@PathVariable String caseId,
                                             @Valid @RequestBody FurtherDetentionRequest request,
                                             @Parameter(hidden = true) WriteConditions conditions) {
        Detention detention = detention(request.detention());
        return writes.record(caseId, path(caseId, "detentions"), conditions, request, version ->
                new ReportFurtherDetention(CaseId.of(caseId), detention, request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/testimonies")
    @Operation(summary = "Record a testimony", description = "The giver's name is kept only with their consent.")
    ResponseEntity<?> recordTestimony(@PathVariable String caseId, @Valid @RequestBody TestimonyRequest request,
                                      @Parameter(hidden = true) WriteConditions conditions) {
        String testimonyId = UUID.randomUUID().toString();
        return writes.record(caseId, path(caseId, "testimonies"), conditions, request, version ->
                new RecordTestimony(CaseId.of(caseId), testimonyId,
                        new TestimonyGiver(request.givenBy().relation(), Text.orNull(request.givenBy().name())),
                        request.date(), request.language().strip(), request.summary().strip(),
                        request.consentToPublish(), request.visibility(), request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/whereabouts")
    @Operation(summary = "Report where the person is held, or a transfer")
    ResponseEntity<?> reportWhereabouts(@PathVariable String caseId, @Valid @RequestBody WhereaboutsRequest request,
                                        @Parameter(hidden = true) WriteConditions conditions) {
        Facility facility = facility(request.facilityId());
        return writes.record(caseId, path(caseId, "whereabouts"), conditions, request, version ->
                new ReportWhereabouts(CaseId.of(caseId), request.date(), Text.orNull(request.place()), facility,
                        request.kind(), request.transfer(), request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/contact")
    @Operation(summary = "Report that contact with the person was lost, or re-established")
    ResponseEntity<?> reportContact(@PathVariable String caseId, @Valid @RequestBody ContactRequest request,
                                    @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "contact"), conditions, request, version ->
                request.state() == ContactState.LOST
                        ? new ReportLossOfContact(CaseId.of(caseId), request.date(), request.source().toSource(), version)
                        : new ReportContactReestablished(CaseId.of(caseId), request.date(),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/charges")
    @Operation(summary = "Report a charge brought against the person")
    ResponseEntity<?> reportCharge(@PathVariable String caseId, @Valid @RequestBody ChargeRequest request,
                                   @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "charges"), conditions, request, version ->
                new ReportCharge(CaseId.of(caseId), request.date(), request.charge().strip(),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/trials")
    @Operation(summary = "Report a trial")
    ResponseEntity<?> reportTrial(@PathVariable String caseId, @Valid @RequestBody TrialRequest request,
                                  @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "trials"), conditions, request, version ->
                new ReportTrial(CaseId.of(caseId), request.date(), Text.orNull(request.court()),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/sentences")
    @Operation(summary = "Report a sentence")
    ResponseEntity<?> reportSentence(@PathVariable String caseId, @Valid @RequestBody SentenceRequest request,
                                     @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "sentences"), conditions, request, version ->
                new ReportSentence(CaseId.of(caseId), request.date(), Text.orNull(request.court()),
                        request.term().toTerm(), request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/releases")
    @Operation(summary = "Record a release and its conditions",
            description = "409 when no detention is on record; later releases (surveillance lifted) are facts too.")
    ResponseEntity<?> recordRelease(@PathVariable String caseId, @Valid @RequestBody ReleaseRequest request,
                                    @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "releases"), conditions, request, version ->
                new RecordRelease(CaseId.of(caseId), request.date(), request.conditions(),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/departures")
    @Operation(summary = "Report that the person left the country")
    ResponseEntity<?> reportDeparture(@PathVariable String caseId, @Valid @RequestBody DepartureRequest request,
                                      @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "departures"), conditions, request, version ->
                new ReportDeparture(CaseId.of(caseId), request.date(), Text.orNull(request.destinationCountry()),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/deaths")
    @Operation(summary = "Report the person's death")
    ResponseEntity<?> reportDeath(@PathVariable String caseId, @Valid @RequestBody DeathRequest request,
                                  @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "deaths"), conditions, request, version ->
                new ReportDeath(CaseId.of(caseId), request.date(), Text.orNull(request.circumstances()),
                        request.inCustody(), request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/relatives")
    @Operation(summary = "Link a relative, and their own case if they have one")
    ResponseEntity<?> linkRelative(@PathVariable String caseId, @Valid @RequestBody RelativeRequest request,
                                   @Parameter(hidden = true) WriteConditions conditions) {
        String relativeCaseId = Text.orNull(request.relativeCaseId());
        if (relativeCaseId != null && (relativeCaseId.equals(caseId) || !writes.exists(relativeCaseId))) {
            throw unprocessable("relativeCaseId", "No other case '" + relativeCaseId + "' exists to link as a relative");
        }
        String relativeId = UUID.randomUUID().toString();
        return writes.record(caseId, path(caseId, "relatives"), conditions, request, version ->
                new LinkRelative(CaseId.of(caseId), relativeId, request.relation(), Text.orNull(request.name()),
                        relativeCaseId == null ? null : CaseId.of(relativeCaseId), request.date(),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/evidence")
    @Operation(summary = "Attach evidence, identified by the SHA-256 of its file")
    ResponseEntity<?> attachEvidence(@PathVariable String caseId, @Valid @RequestBody EvidenceRequest request,
                                     @Parameter(hidden = true) WriteConditions conditions) {
        String evidenceId = UUID.randomUUID().toString();
        return writes.record(caseId, path(caseId, "evidence"), conditions, request, version ->
                new AttachEvidence(CaseId.of(caseId), evidenceId, request.sha256().toLowerCase(),
                        request.mediaType(), Text.orNull(request.description()), request.storedAt().strip(),
                        Text.orNull(request.capturedBy()), request.date(), request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/corrections")
    @Operation(summary = "Retract an earlier fact, saying why",
            description = "The fact stays in history; the status is read again without it.")
    ResponseEntity<?> correct(@PathVariable String caseId, @Valid @RequestBody CorrectionRequest request,
                              @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "corrections"), conditions, request, version ->
                new CorrectFact(CaseId.of(caseId), request.retractedEventId().strip(), request.reason().strip(),
                        request.source().toSource(), version));
    }

    @PostMapping("/{caseId}/merge")
    @Operation(summary = "Merge this duplicate case into another",
            description = "Both cases record the merge; the duplicate takes no more writes.")
    ResponseEntity<?> merge(@PathVariable String caseId, @Valid @RequestBody MergeRequest request,
                            @Parameter(hidden = true) WriteConditions conditions) {
        String into = request.intoCaseId().strip();
        if (into.equals(caseId)) {
            throw unprocessable("intoCaseId", "A case cannot be merged into itself");
        }
        String reason = request.reason().strip();
        return writes.write(conditions, path(caseId, "merge"), request, () -> {
            if (!writes.exists(into)) {
                throw unprocessable("intoCaseId", "No case '" + into + "' exists to merge into");
            }
            writes.send(new AcceptDuplicate(CaseId.of(into), CaseId.of(caseId), reason, null));
            String eventId = writes.send(new MergeCase(CaseId.of(caseId), CaseId.of(into), reason,
                    conditions.expectedVersion()));
            long version = writes.version(caseId);
            return ResponseEntity.status(HttpStatus.CREATED).eTag(CaseWrites.etag(version))
                    .body(new FactRecorded(caseId, eventId, version));
        });
    }

    @PostMapping("/{caseId}/visibility")
    @Operation(summary = "Change who may see the case")
    ResponseEntity<?> changeVisibility(@PathVariable String caseId, @Valid @RequestBody VisibilityRequest request,
                                       @Parameter(hidden = true) WriteConditions conditions) {
        return writes.record(caseId, path(caseId, "visibility"), conditions, request, version ->
                new ChangeVisibility(CaseId.of(caseId), request.visibility(), request.reason().strip(), version));
    }

    private Detention detention(DetentionRequest request) {
        return new Detention(request.date(), Text.orNull(request.place()), request.kind(),
                facility(request.facilityId()));
    }

    private Facility facility(String facilityId) {
        String id = Text.orNull(facilityId);
        if (id == null) {
            return null;
        }
        return facilities.find(id).orElseThrow(() -> unprocessable("facilityId",
                "No facility '" + id + "' is in the register; give its register id, or describe the place instead"));
    }

    private static String path(String caseId, String facts) {
        return "/api/cases/" + caseId + "/" + facts;
    }

    static ErrorResponseException unprocessable(String field, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY, detail);
        problem.setTitle("Cannot be recorded");
        problem.setProperty("field", field);
        return new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
    }
}
