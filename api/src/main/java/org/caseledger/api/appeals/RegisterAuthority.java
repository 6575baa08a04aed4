package org.caseledger.api.appeals;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Add an authority that appeals can be addressed to. */
public record RegisterAuthority(@TargetAggregateIdentifier AuthorityId authorityId,
                                String name,
                                AuthorityKind kind,
                                String country,
                                int expectedResponseDays) {
}
