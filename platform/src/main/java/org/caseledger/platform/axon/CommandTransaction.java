package org.caseledger.platform.axon;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.function.Supplier;

/**
 * Runs work that must commit together with the events of the commands it sends (a counter, a record of the
 * request) in one database transaction, owned by an Axon unit of work. Commands sent inside join it. Owning the
 * transaction through Axon rather than around it matters: Axon wakes the event processors after its unit of work
 * commits, and a transaction still open around it would make them look too early and wait for their next poll.
 */
public class CommandTransaction {

    private final TransactionManager transactionManager;

    CommandTransaction(TransactionManager transactionManager) {
        this.transactionManager = transactionManager;
    }

    public <T> T execute(Supplier<T> work) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        ResultMessage<T> result = unitOfWork.executeWithResult(work::get);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        }
        return result.getPayload();
    }
}
