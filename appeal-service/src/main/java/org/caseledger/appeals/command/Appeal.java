package org.caseledger.appeals.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.CloseAppeal;
import org.caseledger.api.appeals.EscalateAppeal;
import org.caseledger.api.appeals.FileAppeal;
import org.caseledger.api.appeals.RecordAppealResponse;
import org.caseledger.api.appeals.RecordFollowUp;
import org.caseledger.api.cases.CaseId;
import org.caseledger.platform.command.Refusal;
import org.caseledger.platform.command.UnknownReference;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;
import static org.axonframework.modelling.command.AggregateLifecycle.createNew;

/**
 * One appeal to one authority for one case: when it was made, how the authority answered, or that it did not
 * answer in time. The silence is a fact of its own: when the response is due and none was recorded, the appeal
 * records {@link AppealResponseOverdue} itself, through a deadline that a response or the closing cancels.
 */
public class Appeal {

    /** Name of the deadline that fires when the authority's expected response time has passed. */
    public static final String RESPONSE_DUE = "appeal-response-due";

    @AggregateIdentifier
    private AppealId appealId;
    private CaseId caseId;
    private AuthorityId authorityId;
    private LocalDate filedOn;
    private LocalDate responseDueOn;
    private boolean answered;
    private boolean overdue;
    private boolean closed;

    protected Appeal() {
    }

    /** Files the appeal if its case takes appeals and its authority is registered; answers the day it is due. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    public LocalDate handle(FileAppeal command, DeadlineManager deadlines, CaseRegister cases,
                            Authorities authorities) {
        LocalDate dueOn = dueDay(command, cases, authorities);
        file(command, dueOn, deadlines);
        return dueOn;
    }

    private void file(FileAppeal command, LocalDate dueOn, DeadlineManager deadlines) {
        apply(new AppealFiled(command.appealId(), command.caseId(), command.authorityId(), command.channel(),
                command.filedBy(), command.filedOn(), command.summary(), dueOn, command.escalatedFrom()));
        deadlines.schedule(overdueFrom(dueOn), RESPONSE_DUE);
    }

    /**
     * The day the answer falls due: the authority's expected response time after the filing. The case must be known
     * here and open; a case reported moments ago may not have arrived yet, and is refused rather than waited for.
     */
    private static LocalDate dueDay(FileAppeal filing, CaseRegister cases, Authorities authorities) {
        String caseId = filing.caseId().value();
        switch (cases.standingOf(filing.caseId())) {
            case OPEN -> {
            }
            case UNKNOWN -> throw new UnknownReference("caseId", "no case '" + caseId + "' is known to the appeal "
                    + "service. A case reported moments ago reaches it through the cases topic, usually within a "
                    + "second: retry shortly; nothing was stored");
            case MERGED -> throw new UnknownReference("caseId", "case '" + caseId
                    + "' was merged into another and takes no more appeals; file them for that case");
            case ERASED -> throw new UnknownReference("caseId", "case '" + caseId
                    + "' was erased and takes no more appeals");
        }
        int days = authorities.expectedResponseDays(filing.authorityId()).orElseThrow(() -> new UnknownReference(
                "authorityId", "no authority '" + filing.authorityId().value()
                + "' is registered; GET /api/authorities lists them, POST /api/authorities adds one"));
        return filing.filedOn().plusDays(days);
    }

    /**
     * The moment the appeal is overdue: the whole due day is given to the authority, in UTC, the one time zone
     * every reader of the ledger shares.
     */
    public static Instant overdueFrom(LocalDate responseDueOn) {
        return responseDueOn.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    @CommandHandler
    public void handle(RecordAppealResponse command, DeadlineManager deadlines) {
        requireOpen("record a response");
        requireNotBeforeFiling(command.respondedOn(), "an answer");
        apply(new AppealResponseRecorded(command.appealId(), caseId, command.type(), command.respondedOn(),
                command.summary()));
        deadlines.cancelAllWithinScope(RESPONSE_DUE);
    }

    @CommandHandler
    public void handle(RecordFollowUp command) {
        requireOpen("record a follow-up");
        requireNotBeforeFiling(command.followedUpOn(), "a follow-up");
        apply(new AppealFollowedUp(command.appealId(), caseId, command.channel(), command.followedUpOn(),
                command.summary()));
    }

    /**
     * Takes the appeal to another authority as a new appeal for the same case, both recorded or neither; answers the
     * day the new appeal's answer is due.
     */
    @CommandHandler
    public LocalDate handle(EscalateAppeal command, DeadlineManager deadlines, CaseRegister cases,
                            Authorities authorities) throws Exception {
        requireOpen("escalate it");
        requireNotBeforeFiling(command.escalatedOn(), "an escalation");
        if (command.toAuthority().equals(authorityId)) {
            throw new Refusal("the appeal is already with authority '" + authorityId.value()
                    + "'; escalate it to another one");
        }
        FileAppeal next = new FileAppeal(command.escalatedTo(), caseId, command.toAuthority(), command.channel(),
                command.filedBy(), command.escalatedOn(), command.summary(), appealId);
        LocalDate dueOn = dueDay(next, cases, authorities);
        apply(new AppealEscalated(command.appealId(), command.escalatedTo(), command.toAuthority(),
                command.escalatedOn()));
        createNew(Appeal.class, () -> {
            Appeal escalated = new Appeal();
            escalated.file(next, dueOn, deadlines);
            return escalated;
        });
        return dueOn;
    }

    @CommandHandler
    public void handle(CloseAppeal command, DeadlineManager deadlines) {
        requireOpen("close it again");
        requireNotBeforeFiling(command.closedOn(), "the closing");
        apply(new AppealClosed(command.appealId(), caseId, command.outcome(), command.closedOn(), command.summary()));
        deadlines.cancelAllWithinScope(RESPONSE_DUE);
    }

    /**
     * The guard makes the overdue fact happen once even if the deadline fires twice (a crash between storing the
     * event and the scheduler removing its task) or fires after a response whose cancellation it overtook.
     */
    @DeadlineHandler(deadlineName = RESPONSE_DUE)
    void responseDue() {
        if (answered || overdue || closed) {
            return;
        }
        apply(new AppealResponseOverdue(appealId, authorityId, responseDueOn));
    }

    private void requireOpen(String attempted) {
        if (closed) {
            throw new Refusal("appeal '" + appealId.value() + "' is closed; cannot " + attempted);
        }
    }

    private void requireNotBeforeFiling(LocalDate date, String what) {
        if (date.isBefore(filedOn)) {
            throw new Refusal(what + " dated " + date + " cannot precede the appeal, filed on " + filedOn);
        }
    }

    @EventSourcingHandler
    void on(AppealFiled event) {
        appealId = event.appealId();
        caseId = event.caseId();
        authorityId = event.authorityId();
        filedOn = event.filedOn();
        responseDueOn = event.responseDueOn();
    }

    @EventSourcingHandler
    void on(AppealResponseRecorded event) {
        answered = true;
    }

    @EventSourcingHandler
    void on(AppealResponseOverdue event) {
        overdue = true;
    }

    @EventSourcingHandler
    void on(AppealClosed event) {
        closed = true;
    }
}
