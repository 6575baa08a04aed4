package org.caseledger.cases.numbering;

import org.caseledger.cases.command.CaseNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the citable case numbers 1, 2, 3, … without gaps. The counter row is taken in the transaction that also
 * stores the new case's first event (the case asks for its number while it opens), so a case that fails to open
 * gives its number back, and a gap in the numbers can never be read as a deleted case. The row stays locked until
 * that transaction ends, so cases opened at the same moment take their numbers one after the other.
 */
@Component
class CaseNumberCounter implements CaseNumbers {

    private final JdbcClient jdbc;

    CaseNumberCounter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public long next() {
        return jdbc.sql("UPDATE case_number_counter SET last_issued = last_issued + 1 RETURNING last_issued")
                .query(Long.class)
                .single();
    }
}
