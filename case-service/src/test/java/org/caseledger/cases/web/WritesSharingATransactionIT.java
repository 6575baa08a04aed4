package org.caseledger.cases.web;

import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReportDeath;
import org.caseledger.api.cases.ReportDetention;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.axon.CommandWrites;
import org.caseledger.platform.command.Recorded;
import org.caseledger.platform.command.Refusal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.DefaultTransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.caseledger.cases.CaseFixtures.IN_CAMP_NOVEMBER_2017;
import static org.caseledger.cases.CaseFixtures.NURLAN;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;
import static org.caseledger.cases.CaseFixtures.date;

/**
 * Writes sent inside a transaction the caller opened, as an import's rows are: each is a savepoint of it, so a write
 * the case's record refuses leaves nothing behind (no event, no idempotency key, no case number) while the writes
 * beside it are recorded when the transaction commits, and none of them before.
 */
class WritesSharingATransactionIT extends RunningCaseService {

    @Autowired
    CommandWrites writes;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aRefusedWriteRollsBackToItsSavepointAndTheOthersCommitTogether() {
        CaseId first = new CaseId(UUID.randomUUID().toString());
        CaseId refused = new CaseId(UUID.randomUUID().toString());
        CaseId last = new CaseId(UUID.randomUUID().toString());
        String key = "together-" + UUID.randomUUID() + ":";
        long eventsBefore = storedEvents();

        long[] numbers = new TransactionTemplate(transactions).execute(status -> {
            Recorded opened = writes.send(Optional.of(key + 1), "TEST", "first", opening(first));
            assertThatThrownBy(() -> writes.send(Optional.of(key + 2), "TEST", "refused", opening(refused),
                    new ReportDeath(refused, date("2018-03"), null, true, WIFE_TESTIMONY, null),
                    new RecordRelease(refused, date("2019-01"), ReleaseConditions.FREE, WIFE_TESTIMONY, null)))
                    .isInstanceOf(Refusal.class);
            Recorded after = writes.send(Optional.of(key + 3), "TEST", "last", opening(last));
            assertThat(committedElsewhere(first)).as("nothing seen before the transaction commits").isZero();
            return new long[]{opened.result(0, Long.class), after.result(0, Long.class)};
        });

        assertThat(numbers[1]).as("the refused write's case number is issued again").isEqualTo(numbers[0] + 1);
        assertThat(eventsOf(first.value())).isEqualTo(1);
        assertThat(eventsOf(last.value())).isEqualTo(1);
        assertThat(eventsOf(refused.value())).isZero();
        assertThat(jdbc.sql("SELECT idempotency_key FROM idempotency_record WHERE idempotency_key LIKE ?")
                .param(key + "%").query(String.class).list()).containsExactlyInAnyOrder(key + 1, key + 3);
        assertThat(storedEvents() - eventsBefore).as("events stored, status readings included")
                .isEqualTo(eventTypes(first.value()).size() + eventTypes(last.value()).size());
    }

    private static ReportDetention opening(CaseId caseId) {
        return new ReportDetention(caseId, NURLAN, IN_CAMP_NOVEMBER_2017, WIFE_TESTIMONY);
    }

    /** The case's events as another connection sees them: only what was committed. */
    private long committedElsewhere(CaseId caseId) {
        return new TransactionTemplate(transactions,
                new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_REQUIRES_NEW))
                .execute(status -> eventsOf(caseId.value()));
    }
}
