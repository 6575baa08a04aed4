package org.caseledger.cases.numbering;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.caseledger.cases.command.CaseNumbers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Issues the citable case numbers 1, 2, 3, … without gaps. The counter row is taken in the transaction that also
 * stores the new case's first event (the case asks for its number while it opens), so a case that fails to open
 * gives its number back, and a gap in the numbers can never be read as a deleted case. The row stays locked until
 * that transaction ends, so cases opened at the same moment take their numbers one after the other.
 *
 * <p>A transaction that opens many cases (a batch of an import's rows) moves the row once: its first number moves
 * the counter in the database, the numbers after it are counted here, and the last one issued is written to the row
 * just before the transaction commits. A case whose unit of work rolls back inside the transaction (a row the record
 * refused) gives its number back to the next case, which it always is: the cases of one transaction take their
 * numbers one after the other.
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
        Issued issued = (Issued) TransactionSynchronizationManager.getResource(this);
        long number;
        if (issued == null) {
            number = jdbc.sql("UPDATE case_number_counter SET last_issued = last_issued + 1 RETURNING last_issued")
                    .query(Long.class)
                    .single();
            Issued first = new Issued(number);
            TransactionSynchronizationManager.bindResource(this, first);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    if (first.last != first.stored) {
                        jdbc.sql("UPDATE case_number_counter SET last_issued = ?").param(first.last).update();
                    }
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CaseNumberCounter.this);
                }
            });
            issued = first;
        } else {
            number = ++issued.last;
        }
        if (CurrentUnitOfWork.isStarted()) {
            Issued taken = issued;
            CurrentUnitOfWork.get().onRollback(unitOfWork -> taken.giveBack(number));
        }
        return number;
    }

    /** The numbers a transaction has issued: the last, and the one the row holds. */
    private static final class Issued {
        private final long stored;
        private long last;

        Issued(long stored) {
            this.stored = stored;
            this.last = stored;
        }

        void giveBack(long number) {
            if (number == last) {
                last--;
            }
        }
    }
}
