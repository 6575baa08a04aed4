package org.caseledger.cases.numbering;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues the citable case numbers 1, 2, 3, … without gaps. The counter row is taken in the transaction that also
 * stores the new case's first event, so a case that fails to open gives its number back, and a gap in the numbers
 * can never be read as a deleted case.
 */
@Component
public class CaseNumbers {

    private final JdbcClient jdbc;

    CaseNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long next() {
        return jdbc.sql("UPDATE case_number_counter SET last_issued = last_issued + 1 RETURNING last_issued")
                .query(Long.class)
                .single();
    }
}
