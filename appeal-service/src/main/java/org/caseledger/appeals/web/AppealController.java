package org.caseledger.appeals.web;

import jakarta.validation.Valid;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
import org.caseledger.platform.axon.CommandTransaction;
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
 * Operators record appeals here and what became of them. Every endpoint turns its request into commands in one
 * place, {@code send}, so that request-level concerns (idempotency keys, preconditions) can wrap them there.
 */
@RestController
@RequestMapping("/api/appeals")
class AppealController {

    private final CommandGateway commands;
    private final CommandTransaction transaction;
    private final KnownCases knownCases;
    private final AuthorityRegister authorities;
    private final Clock clock;

    AppealController(CommandGateway commands, CommandTransaction transaction, KnownCases knownCases,
                     AuthorityRegister authorities, Clock clock) {
        this.commands = commands;
        this.transaction = transaction;
        this.knownCases = knownCases;
        this.authorities = authorities;
        this.clock = clock;
    }

    @PostMapping
    ResponseEntity<AppealRecorded> file(@Valid @RequestBody FileAppealRequest request) {
        FileAppeal filing = filing(AppealId.random(), CaseId.of(request.caseId().strip()), request.authorityId(),
                request.channel(), request.filedBy(), request.date(), request.summary(), null);
        send(() -> commands.sendAndWait(filing));
        return created(filing);
    }

    @PostMapping("/{appealId}/responses")
    ResponseEntity<FactRecorded> recordResponse(@PathVariable String appealId,
                                                @Valid @RequestBody RecordResponseRequest request) {
        notInFuture("date", request.date());
        send(() -> commands.sendAndWait(new RecordAppealResponse(AppealId.of(appealId), request.type(),
                request.date(), text(request.summary()))));
        return recorded(appealId);
    }

    @PostMapping("/{appealId}/follow-ups")
    ResponseEntity<FactRecorded> recordFollowUp(@PathVariable String appealId,
                                                @Valid @RequestBody FollowUpRequest request) {
        notInFuture("date", request.date());
        send(() -> commands.sendAndWait(new RecordFollowUp(AppealId.of(appealId), request.channel(),
                request.date(), text(request.summary()))));
        return recorded(appealId);
    }

    /** The escalated appeal and the new one are stored in one transaction: both or neither. */
    @PostMapping("/{appealId}/escalations")
    ResponseEntity<AppealRecorded> escalate(@PathVariable String appealId,
                                            @Valid @RequestBody EscalationRequest request) {
        AppealId original = AppealId.of(appealId);
        AppealId escalated = AppealId.random();
        AuthorityId toAuthority = AuthorityId.of(request.authorityId().strip());
        FileAppeal filing = send(() -> {
            CaseId caseId = commands.sendAndWait(new EscalateAppeal(original, escalated, toAuthority,
                    request.date()));
            FileAppeal newAppeal = filing(escalated, caseId, request.authorityId(), request.channel(),
                    request.filedBy(), request.date(), request.summary(), original);
            commands.sendAndWait(newAppeal);
            return newAppeal;
        });
        return created(filing);
    }

    @PostMapping("/{appealId}/closure")
    ResponseEntity<FactRecorded> close(@PathVariable String appealId, @Valid @RequestBody ClosureRequest request) {
        notInFuture("date", request.date());
        send(() -> commands.sendAndWait(new CloseAppeal(AppealId.of(appealId), request.outcome(), request.date(),
                text(request.summary()))));
        return recorded(appealId);
    }

    private <T> T send(Supplier<T> sending) {
        return transaction.execute(sending);
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

    private static ResponseEntity<AppealRecorded> created(FileAppeal filing) {
        return ResponseEntity.created(URI.create("/api/appeals/" + filing.appealId().value()))
                .body(new AppealRecorded(filing.appealId().value(), filing.responseDueOn(),
                        filing.escalatedFrom() == null ? null : filing.escalatedFrom().value()));
    }

    private static ResponseEntity<FactRecorded> recorded(String appealId) {
        return ResponseEntity.status(HttpStatus.CREATED).body(new FactRecorded(appealId));
    }
}
