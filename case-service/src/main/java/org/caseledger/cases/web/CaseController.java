package org.caseledger.cases.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.caseledger.api.Identifiers;
import org.caseledger.api.cases.AcceptDuplicate;
import org.caseledger.api.cases.AttachEvidence;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.ChangeVisibility;
import org.caseledger.api.cases.CorrectFact;
import org.caseledger.api.cases.ErasePersonalData;
import org.caseledger.api.cases.LinkRelative;
import org.caseledger.api.cases.MergeCase;
import org.caseledger.api.cases.RecordTestimony;
import org.caseledger.api.cases.ReportCharge;
import org.caseledger.api.cases.ReportContactReestablished;
import org.caseledger.api.cases.ReportFurtherDetention;
import org.caseledger.api.cases.ReportLossOfContact;
import org.caseledger.api.cases.ReportTrial;
import org.caseledger.api.cases.ReportWhereabouts;
import org.caseledger.platform.axon.AggregateLookup;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.command.Recorded;
import org.caseledger.platform.web.Problems;
import org.caseledger.platform.web.WriteAnswers;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Operators record facts about a person here; each accepted request becomes events in the case's history. A request
 * is turned into commands, sent through {@link CommandWrites}, and answered from what was recorded. Every write takes
 * an optional {@code Idempotency-Key} and {@code If-Match}, and answers with the case version as ETag.
 */
@RestController
@RequestMapping("/api/cases")
@Tag(name = "cases", description = "Facts about a detained or disappeared person")
class CaseController {

    private final CommandWrites writes;
    private final AggregateLookup records;
    private final CaseCommands build;

    CaseController(CommandWrites writes, AggregateLookup records, CaseCommands build) {
        this.writes = writes;
        this.records = records;
        this.build = build;
    }

    @PostMapping
    @Operation(summary = "Open a case with the detention that was reported",
            description = "Issues the next citable case number; answers 201 with the case id and number.")
    ResponseEntity<NewCaseReceipt> reportDetention(@Valid @RequestBody ReportDetentionRequest request,
                                                   WriteConditions conditions) {
        Recorded recorded = send(conditions, request, build.open(request));
        Recorded.Event opening = recorded.first();
        String caseId = opening.aggregateId();
        return WriteAnswers.created(recorded, caseId, URI.create("/api/cases/" + caseId), new NewCaseReceipt(
                caseId, recorded.result(0, Long.class), opening.eventId(), recorded.versionOf(caseId)));
    }

    @PostMapping("/{caseId}/detentions")
    @Operation(summary = "Report that the person was detained again")
    ResponseEntity<FactReceipt> reportFurtherDetention(@PathVariable String caseId,
                                                       @Valid @RequestBody FurtherDetentionRequest request,
                                                       WriteConditions conditions) {
        return record(caseId, conditions, request, new ReportFurtherDetention(CaseId.of(caseId),
                build.detention(request.detention()), request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/testimonies")
    @Operation(summary = "Record a testimony", description = "The giver's name is kept only with their consent to record it "
            + "(`givenBy.named.consentToRecord`); a name without it is refused.")
    ResponseEntity<FactReceipt> recordTestimony(@PathVariable String caseId,
                                                @Valid @RequestBody TestimonyRequest request,
                                                WriteConditions conditions) {
        String testimonyId = Identifiers.next();
        return record(caseId, conditions, request, new RecordTestimony(CaseId.of(caseId), testimonyId,
                request.givenBy().toGiver(),
                request.date(), request.language().strip(), request.summary().strip(), request.consentToPublish(),
                request.visibility(), request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/whereabouts")
    @Operation(summary = "Report where the person is held, or a transfer")
    ResponseEntity<FactReceipt> reportWhereabouts(@PathVariable String caseId,
                                                  @Valid @RequestBody WhereaboutsRequest request,
                                                  WriteConditions conditions) {
        return record(caseId, conditions, request, new ReportWhereabouts(CaseId.of(caseId), request.date(),
                Text.orNull(request.place()), build.facility(request.facilityId()), request.kind(), request.transfer(),
                request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/contact")
    @Operation(summary = "Report that contact with the person was lost, or re-established")
    ResponseEntity<FactReceipt> reportContact(@PathVariable String caseId, @Valid @RequestBody ContactRequest request,
                                              WriteConditions conditions) {
        CaseId id = CaseId.of(caseId);
        return record(caseId, conditions, request, request.state() == ContactState.LOST
                ? new ReportLossOfContact(id, request.date(), request.source().toSource(), conditions.expectedVersion())
                : new ReportContactReestablished(id, request.date(), request.source().toSource(),
                conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/charges")
    @Operation(summary = "Report a charge brought against the person")
    ResponseEntity<FactReceipt> reportCharge(@PathVariable String caseId, @Valid @RequestBody ChargeRequest request,
                                             WriteConditions conditions) {
        return record(caseId, conditions, request, new ReportCharge(CaseId.of(caseId), request.date(),
                request.charge().strip(), request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/trials")
    @Operation(summary = "Report a trial")
    ResponseEntity<FactReceipt> reportTrial(@PathVariable String caseId, @Valid @RequestBody TrialRequest request,
                                            WriteConditions conditions) {
        return record(caseId, conditions, request, new ReportTrial(CaseId.of(caseId), request.date(),
                Text.orNull(request.court()), request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/sentences")
    @Operation(summary = "Report a sentence")
    ResponseEntity<FactReceipt> reportSentence(@PathVariable String caseId,
                                               @Valid @RequestBody SentenceRequest request,
                                               WriteConditions conditions) {
        return record(caseId, conditions, request,
                build.sentence(CaseId.of(caseId), request, conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/releases")
    @Operation(summary = "Record a release and its conditions",
            description = "409 when no detention is on record; later releases (surveillance lifted) are facts too.")
    ResponseEntity<FactReceipt> recordRelease(@PathVariable String caseId, @Valid @RequestBody ReleaseRequest request,
                                              WriteConditions conditions) {
        return record(caseId, conditions, request,
                build.release(CaseId.of(caseId), request, conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/departures")
    @Operation(summary = "Report that the person left the country")
    ResponseEntity<FactReceipt> reportDeparture(@PathVariable String caseId,
                                                @Valid @RequestBody DepartureRequest request,
                                                WriteConditions conditions) {
        return record(caseId, conditions, request,
                build.departure(CaseId.of(caseId), request, conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/deaths")
    @Operation(summary = "Report the person's death")
    ResponseEntity<FactReceipt> reportDeath(@PathVariable String caseId, @Valid @RequestBody DeathRequest request,
                                            WriteConditions conditions) {
        return record(caseId, conditions, request,
                build.death(CaseId.of(caseId), request, conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/relatives")
    @Operation(summary = "Link a relative, and their own case if they have one")
    ResponseEntity<FactReceipt> linkRelative(@PathVariable String caseId, @Valid @RequestBody RelativeRequest request,
                                             WriteConditions conditions) {
        String relativeCaseId = Text.orNull(request.relativeCaseId());
        if (relativeCaseId != null && (relativeCaseId.equals(caseId) || !records.exists(relativeCaseId))) {
            throw Problems.unprocessable("relativeCaseId",
                    "no other case '" + relativeCaseId + "' exists to link as a relative");
        }
        String relativeId = Identifiers.next();
        return record(caseId, conditions, request, new LinkRelative(CaseId.of(caseId), relativeId,
                request.relation(), Text.orNull(request.name()),
                relativeCaseId == null ? null : CaseId.of(relativeCaseId), request.date(),
                request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/evidence")
    @Operation(summary = "Attach evidence, identified by the SHA-256 of its file")
    ResponseEntity<FactReceipt> attachEvidence(@PathVariable String caseId,
                                               @Valid @RequestBody EvidenceRequest request,
                                               WriteConditions conditions) {
        String evidenceId = Identifiers.next();
        return record(caseId, conditions, request, new AttachEvidence(CaseId.of(caseId), evidenceId,
                request.sha256().toLowerCase(), request.mediaType(), Text.orNull(request.description()),
                request.storedAt().strip(), Text.orNull(request.capturedBy()), request.date(),
                request.source().toSource(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/corrections")
    @Operation(summary = "Retract an earlier fact, saying why",
            description = "The fact stays in history; the status is read again without it.")
    ResponseEntity<FactReceipt> correct(@PathVariable String caseId, @Valid @RequestBody CorrectionRequest request,
                                        WriteConditions conditions) {
        return record(caseId, conditions, request, new CorrectFact(CaseId.of(caseId),
                request.retractedEventId().strip(), request.reason().strip(), request.source().toSource(),
                conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/merge")
    @Operation(summary = "Merge this duplicate case into another",
            description = "Both cases record the merge; the duplicate takes no more writes.")
    ResponseEntity<FactReceipt> merge(@PathVariable String caseId, @Valid @RequestBody MergeRequest request,
                                      WriteConditions conditions) {
        String into = request.intoCaseId().strip();
        if (into.equals(caseId)) {
            throw Problems.unprocessable("intoCaseId", "a case cannot be merged into itself");
        }
        if (!records.exists(into)) {
            throw Problems.unprocessable("intoCaseId", "no case '" + into + "' exists to merge into");
        }
        String reason = request.reason().strip();
        return record(caseId, conditions, request,
                new AcceptDuplicate(CaseId.of(into), CaseId.of(caseId), reason, null),
                new MergeCase(CaseId.of(caseId), CaseId.of(into), reason, conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/visibility")
    @Operation(summary = "Change who may see the case")
    ResponseEntity<FactReceipt> changeVisibility(@PathVariable String caseId,
                                                 @Valid @RequestBody VisibilityRequest request,
                                                 WriteConditions conditions) {
        return record(caseId, conditions, request, new ChangeVisibility(CaseId.of(caseId), request.visibility(),
                request.reason().strip(), conditions.expectedVersion()));
    }

    @PostMapping("/{caseId}/erasure")
    @Operation(summary = "Erase the personal data of the case's person, or of one of its testimony givers or relatives",
            description = "Destroys the subject's data key and records PersonalDataErased, which holds no personal data: "
                    + "every copy of their values (event store, topics, read models, exports) is unreadable from then "
                    + "on, while dates, statuses, facilities and counts stay. Erasing the case's person closes the case "
                    + "to further facts. The reason is kept with the destroyed key, not in the ledger (docs/personal-data.md).")
    ResponseEntity<FactReceipt> erasePersonalData(@PathVariable String caseId,
                                                  @Valid @RequestBody ErasureRequest request,
                                                  WriteConditions conditions) {
        return record(caseId, conditions, request, new ErasePersonalData(CaseId.of(caseId),
                Text.orNull(request.subjectId()), request.reason().strip(), conditions.expectedVersion()));
    }

    /** Records a fact on the case, answered with the event that records it and the case's new version. */
    private ResponseEntity<FactReceipt> record(String caseId, WriteConditions conditions, Object request,
                                               Object... commands) {
        Recorded recorded = send(conditions, request, commands);
        return WriteAnswers.created(recorded, caseId,
                new FactReceipt(caseId, recorded.firstOf(caseId).eventId(), recorded.versionOf(caseId)));
    }

    private Recorded send(WriteConditions conditions, Object request, Object... commands) {
        return writes.send(conditions.idempotencyKey(), conditions.requestLine(), request, commands);
    }
}
