package org.caseledger.appeals.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
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

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

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

    @CommandHandler
    public Appeal(FileAppeal command, DeadlineManager deadlines) {
        apply(new AppealFiled(command.appealId(), command.caseId(), command.authorityId(), command.channel(),
                command.filedBy(), command.filedOn(), command.summary(), command.responseDueOn(),
                command.escalatedFrom()));
        deadlines.schedule(overdueFrom(command.responseDueOn()), RESPONSE_DUE);
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
        apply(new AppealResponseRecorded(command.appealId(), command.type(), command.respondedOn(),
                command.summary()));
        deadlines.cancelAllWithinScope(RESPONSE_DUE);
    }

    @CommandHandler
    public void handle(RecordFollowUp command) {
        requireOpen("record a follow-up");
        requireNotBeforeFiling(command.followedUpOn(), "a follow-up");
        apply(new AppealFollowedUp(command.appealId(), command.channel(), command.followedUpOn(),
                command.summary()));
    }

    /** Answers the case the escalated appeal is for, which the new appeal is filed for too. */
    @CommandHandler
    public CaseId handle(EscalateAppeal command) {
        requireOpen("escalate it");
        requireNotBeforeFiling(command.escalatedOn(), "an escalation");
        if (command.toAuthority().equals(authorityId)) {
            throw new CommandRejected("the appeal is already with authority '" + authorityId.value()
                    + "'; escalate it to another one");
        }
        apply(new AppealEscalated(command.appealId(), command.escalatedTo(), command.toAuthority(),
                command.escalatedOn()));
        return caseId;
    }

    @CommandHandler
    public void handle(CloseAppeal command, DeadlineManager deadlines) {
        requireOpen("close it again");
        requireNotBeforeFiling(command.closedOn(), "the closing");
        apply(new AppealClosed(command.appealId(), command.outcome(), command.closedOn(), command.summary()));
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
            throw new CommandRejected("appeal '" + appealId.value() + "' is closed; cannot " + attempted);
        }
    }

    private void requireNotBeforeFiling(LocalDate date, String what) {
        if (date.isBefore(filedOn)) {
            throw new CommandRejected(what + " dated " + date + " cannot precede the appeal, filed on " + filedOn);
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
