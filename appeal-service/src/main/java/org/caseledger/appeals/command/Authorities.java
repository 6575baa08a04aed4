package org.caseledger.appeals.command;

import org.caseledger.api.appeals.AuthorityId;

import java.util.OptionalInt;

/** The authorities appeals can be addressed to, as registered. */
public interface Authorities {

    /** How many days after an appeal the authority's answer is due; empty when it is not registered. */
    OptionalInt expectedResponseDays(AuthorityId authorityId);
}
