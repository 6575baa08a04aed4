package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.CloseAppeal;
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.RecordFollowUp;
import org.caseledger.api.cases.CaseId;
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
import java.time.Clock;
import java.time.LocalDate;

/**
 * Operators record appeals here and what became of them. A request is turned into a command, sent through
 * {@link CommandWrites}, and answered from what was recorded. Every write takes an optional
 * {@code Idempotency-Key} and {@code If-Match}, and answers with the appeal's version as ETag, as case-service does.
 */
@RestController
@RequestMapping("/api/appeals")
@Tag(name = "appeals", description = "Appeals to authorities for a case, and what became of them")
class AppealController {

    private static final String FILED = EventCatalogue.nameOf(AppealFiled.class);
    private static final String SEALED = "The summary is personal data of the case's person: it is stored and "
            + "published sealed with their key, which case-service holds. 422 naming caseId when case-service has no "
            + "key for the person (a case recorded before its personal data was sealed); 503 with Retry-After while "
            + "case-service does not answer. Either way nothing is stored; a summary about an erased person is "
            + "stored as [erased].";

    private final CommandWrites writes;
    private final Clock clock;

    AppealController(CommandWrites writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    @PostMapping
    @Operation(summary = "File an appeal to an authority for a case",
            description = "The case must be known to the appeal service (it learns cases from the cases topic, "
                    + "usually within a second of their opening) and open, the authority registered; its expected "
                    + "response time fixes the day the answer is due. " + SEALED)
    ResponseEntity<AppealReceipt> file(@Valid @RequestBody FileAppealRequest request, WriteConditions conditions) {
        notInFuture(request.date());
        Recorded recorded = send(conditions, request, new FileAppeal(AppealId.random(),
                CaseId.of(request.caseId().strip()), AuthorityId.of(request.authorityId().strip()), request.channel(),
                request.filedBy(), request.date(), request.summary().strip(), null));
        return filed(recorded, null);
    }

    @PostMapping("/{appealId}/responses")
    @Operation(summary = "Record how the authority answered",
            description = "409 when the appeal is closed. " + SEALED)
    ResponseEntity<AppealFactReceipt> recordResponse(@PathVariable String appealId,
                                                     @Valid @RequestBody RecordResponseRequest request,
                                                     WriteConditions conditions) {
        return recordOn(appealId, request.date(), conditions, request, new RecordAppealResponse(
                AppealId.of(appealId), request.type(), request.date(), text(request.summary()),
                conditions.expectedVersion()));
    }

    @PostMapping("/{appealId}/follow-ups")
    @Operation(summary = "Record that the appellants reminded the authority or added to the appeal",
            description = SEALED)
    ResponseEntity<AppealFactReceipt> recordFollowUp(@PathVariable String appealId,
                                                     @Valid @RequestBody FollowUpRequest request,
                                                     WriteConditions conditions) {
        return recordOn(appealId, request.date(), conditions, request, new RecordFollowUp(
                AppealId.of(appealId), request.channel(), request.date(), text(request.summary()),
                conditions.expectedVersion()));
    }

    @PostMapping("/{appealId}/escalations")
    @Operation(summary = "Take the appeal to another authority, as a new appeal for the same case",
            description = "The escalation and the new appeal are recorded together, or neither; 409 for the same "
                    + "authority or a closed appeal. " + SEALED)
    ResponseEntity<AppealReceipt> escalate(@PathVariable String appealId,
                                           @Valid @RequestBody EscalationRequest request,
                                           WriteConditions conditions) {
        notInFuture(request.date());
        Recorded recorded = send(conditions, request, new EscalateAppeal(AppealId.of(appealId), AppealId.random(),
                AuthorityId.of(request.authorityId().strip()), request.channel(), request.filedBy(), request.date(),
                request.summary().strip(), conditions.expectedVersion()));
        return filed(recorded, appealId);
    }

    @PostMapping("/{appealId}/closure")
    @Operation(summary = "Close the appeal with what it came to",
            description = "409 when it is closed already. " + SEALED)
    ResponseEntity<AppealFactReceipt> close(@PathVariable String appealId,
                                            @Valid @RequestBody ClosureRequest request,
                                            WriteConditions conditions) {
        return recordOn(appealId, request.date(), conditions, request, new CloseAppeal(
                AppealId.of(appealId), request.outcome(), request.date(), text(request.summary()),
                conditions.expectedVersion()));
    }

    private Recorded send(WriteConditions conditions, Object request, Object command) {
        return writes.send(conditions.idempotencyKey(), conditions.requestLine(), request, command);
    }

    /** The appeal a write filed, answered with the day its response is due, which its handler decided. */
    private static ResponseEntity<AppealReceipt> filed(Recorded recorded, String escalatedFrom) {
        Recorded.Event filing = recorded.firstOfType(FILED);
        String appealId = filing.aggregateId();
        return WriteAnswers.created(recorded, appealId, URI.create("/api/appeals/" + appealId),
                new AppealReceipt(appealId, recorded.result(0, LocalDate.class), escalatedFrom, filing.eventId(),
                        recorded.versionOf(appealId)));
    }

    /** Records what happened to an appeal on a day that is not in the future. */
    private ResponseEntity<AppealFactReceipt> recordOn(String appealId, LocalDate date, WriteConditions conditions,
                                                       Object request, Object command) {
        notInFuture(date);
        Recorded recorded = send(conditions, request, command);
        return WriteAnswers.created(recorded, appealId,
                new AppealFactReceipt(appealId, recorded.firstOf(appealId).eventId(), recorded.versionOf(appealId)));
    }

    private void notInFuture(LocalDate date) {
        LocalDate today = LocalDate.now(clock);
        if (date.isAfter(today)) {
            throw Problems.invalid("date", "'" + date + "' is in the future; today is " + today);
        }
    }

    private static String text(String summary) {
        return summary == null || summary.isBlank() ? null : summary.strip();
    }
}
