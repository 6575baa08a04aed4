package org.caseledger.appeals.web;

import io.swagger.v3.oas.annotations.Parameter;
import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.CloseAppeal;
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.RecordFollowUp;
import org.caseledger.api.cases.CaseId;
import org.caseledger.appeals.authorities.AuthorityRegister;
import org.caseledger.appeals.authorities.RegisteredAuthority;
import org.caseledger.appeals.knowncases.KnownCases;
import org.caseledger.appeals.knowncases.KnownCases.CaseState;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.function.Supplier;

/**
 * Operators record appeals here and what became of them. Every write takes an optional {@code Idempotency-Key} and
 * {@code If-Match}, and answers with the appeal's version as ETag, as case-service does.
 */
@RestController
@RequestMapping("/api/appeals")
class AppealController {

    private final CommandGateway commands;
    private final CommandWrites writes;
    private final KnownCases knownCases;
    private final AuthorityRegister authorities;
    private final Clock clock;
    private final EventStore eventStore;

    AppealController(CommandGateway commands, CommandWrites writes, KnownCases knownCases,
                     AuthorityRegister authorities, Clock clock, EventStore eventStore) {
        this.commands = commands;
        this.writes = writes;
        this.eventStore = eventStore;
        this.knownCases = knownCases;
        this.authorities = authorities;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<?> file(@Valid @RequestBody FileAppealRequest request,
                           @Parameter(hidden = true) WriteConditions conditions) {
        FileAppeal filing = filing(AppealId.random(), CaseId.of(request.caseId().strip()), request.authorityId(),
                request.channel(), request.filedBy(), request.date(), request.summary(), null);
        return send(conditions, "/api/appeals", request, () -> {
            commands.sendAndWait(filing);
            return created(filing);
        });
    }

    @PostMapping("/{appealId}/responses")
    ResponseEntity<?> recordResponse(@PathVariable String appealId, @Valid @RequestBody RecordResponseRequest request,
                                     @Parameter(hidden = true) WriteConditions conditions) {
        notInFuture("date", request.date());
        return send(conditions, path(appealId, "responses"), request, () -> {
            commands.sendAndWait(new RecordAppealResponse(AppealId.of(appealId), request.type(), request.date(),
                    text(request.summary()), conditions.expectedVersion()));
            return recorded(appealId);
        });
    }

    @PostMapping("/{appealId}/follow-ups")
    ResponseEntity<?> recordFollowUp(@PathVariable String appealId, @Valid @RequestBody FollowUpRequest request,
                                     @Parameter(hidden = true) WriteConditions conditions) {
        notInFuture("date", request.date());
        return send(conditions, path(appealId, "follow-ups"), request, () -> {
            commands.sendAndWait(new RecordFollowUp(AppealId.of(appealId), request.channel(), request.date(),
                    text(request.summary()), conditions.expectedVersion()));
            return recorded(appealId);
        });
    }

    /** The escalated appeal and the new one are stored in one transaction: both or neither. */
    @PostMapping("/{appealId}/escalations")
    ResponseEntity<?> escalate(@PathVariable String appealId, @Valid @RequestBody EscalationRequest request,
                               @Parameter(hidden = true) WriteConditions conditions) {
        AppealId original = AppealId.of(appealId);
        AppealId escalated = AppealId.random();
        AuthorityId toAuthority = AuthorityId.of(request.authorityId().strip());
        return send(conditions, path(appealId, "escalations"), request, () -> {
            CaseId caseId = commands.sendAndWait(new EscalateAppeal(original, escalated, toAuthority,
                    request.date(), conditions.expectedVersion()));
            FileAppeal newAppeal = filing(escalated, caseId, request.authorityId(), request.channel(),
                    request.filedBy(), request.date(), request.summary(), original);
            commands.sendAndWait(newAppeal);
            return created(newAppeal);
        });
    }

    @PostMapping("/{appealId}/closure")
    ResponseEntity<?> close(@PathVariable String appealId, @Valid @RequestBody ClosureRequest request,
                            @Parameter(hidden = true) WriteConditions conditions) {
        notInFuture("date", request.date());
        return send(conditions, path(appealId, "closure"), request, () -> {
            commands.sendAndWait(new CloseAppeal(AppealId.of(appealId), request.outcome(), request.date(),
                    text(request.summary()), conditions.expectedVersion()));
            return recorded(appealId);
        });
    }

    private ResponseEntity<?> send(WriteConditions conditions, String path, Object request,
                                   Supplier<ResponseEntity<?>> write) {
        return writes.write(conditions, path, request, write);
    }

    private static String path(String appealId, String facts) {
        return "/api/appeals/" + appealId + "/" + facts;
    }

    private String etag(String appealId) {
        return "\"" + eventStore.lastSequenceNumberFor(appealId).orElseThrow() + "\"";
    }

    /**
     * Checks what filing depends on outside the appeal: the case must be known here and open, the authority
     * registered; its expected response time fixes the due day.
     */
    private FileAppeal filing(AppealId appealId, CaseId caseId, String authorityId, AppealChannel channel,
                              AppellantRole filedBy, LocalDate filedOn, String summary, AppealId escalatedFrom) {
        notInFuture("date", filedOn);
        CaseState state = knownCases.stateOf(caseId).orElseThrow(() -> Problems.unprocessable("caseId",
                "no case '" + caseId.value() + "' is known to the appeal service. A case reported moments ago "
                        + "reaches it through the cases topic, usually within a second: retry shortly; "
                        + "nothing was stored"));
        if (state != CaseState.OPEN) {
            throw Problems.unprocessable("caseId", "case '" + caseId.value() + "' is " + state.name().toLowerCase()
                    + " and takes no more appeals");
        }
        RegisteredAuthority authority = authorities.find(AuthorityId.of(authorityId.strip()))
                .orElseThrow(() -> Problems.unprocessable("authorityId", "no authority '" + authorityId.strip()
                        + "' is registered; GET /api/authorities lists them, POST /api/authorities adds one"));
        return new FileAppeal(appealId, caseId, AuthorityId.of(authority.authorityId()), channel, filedBy, filedOn,
                summary.strip(), filedOn.plusDays(authority.expectedResponseDays()), escalatedFrom);
    }

    private void notInFuture(String field, LocalDate date) {
        LocalDate today = LocalDate.now(clock);
        if (date.isAfter(today)) {
            throw Problems.invalid(field, "'" + date + "' is in the future; today is " + today);
        }
    }

    private static String text(String summary) {
        return summary == null || summary.isBlank() ? null : summary.strip();
    }

    private ResponseEntity<AppealRecorded> created(FileAppeal filing) {
        return ResponseEntity.created(URI.create("/api/appeals/" + filing.appealId().value()))
                .eTag(etag(filing.appealId().value()))
                .body(new AppealRecorded(filing.appealId().value(), filing.responseDueOn(),
                        filing.escalatedFrom() == null ? null : filing.escalatedFrom().value()));
    }

    private ResponseEntity<FactRecorded> recorded(String appealId) {
        return ResponseEntity.status(HttpStatus.CREATED).eTag(etag(appealId)).body(new FactRecorded(appealId));
    }
}
