package org.caseledger.cases.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.ReportDetention;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One person's case: every fact reported about them, in the order it was recorded. */
public class Case {

    @AggregateIdentifier
    private CaseId caseId;

    protected Case() {
    }

    @CommandHandler
    public Case(ReportDetention command) {
        apply(new DetentionReported(command.caseId(), command.caseNumber(), command.person(), command.detention(),
                command.source()));
    }

    @CommandHandler
    public void handle(RecordRelease command) {
        apply(new ReleaseRecorded(command.caseId(), command.date(), command.conditions(), command.source()));
    }

    @EventSourcingHandler
    void on(DetentionReported event) {
        caseId = event.caseId();
    }
}
