package org.caseledger.appeals.command;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.appeals.RegisterAuthority;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An authority appeals are addressed to. It is event-sourced so that its registration travels on the appeals topic
 * with the appeals: read models learn its name, kind and expected response time without reading this service's
 * database.
 */
public class Authority {

    @AggregateIdentifier
    private AuthorityId authorityId;

    protected Authority() {
    }

    @CommandHandler
    public Authority(RegisterAuthority command) {
        apply(new AuthorityRegistered(command.authorityId(), command.name(), command.kind(), command.country(),
                command.expectedResponseDays()));
    }

    @EventSourcingHandler
    void on(AuthorityRegistered event) {
        authorityId = event.authorityId();
    }
}
