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

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.caseledger.cases.CaseFixtures.IN_CAMP_NOVEMBER_2017;
import static org.caseledger.cases.CaseFixtures.NURLAN;
import static org.caseledger.cases.CaseFixtures.WIFE_TESTIMONY;
import static org.caseledger.cases.CaseFixtures.date;

/**
 * Writes sent as one batch, as an import's rows are ({@link CommandWrites#sendAll}): a write the case's record
 * refuses leaves nothing behind (no event, no idempotency key, no case number) while the writes beside it are recorded
 * together when the batch commits, and none of them before; a failure that refuses no single write records nothing.
 */
class WriteBatchIT extends RunningCaseService {

    @Autowired
    CommandWrites writes;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aRefusedWriteLeavesNothingAndTheOthersCommitTogether() {
        CaseId refusedFirst = new CaseId(UUID.randomUUID().toString());
        CaseId first = new CaseId(UUID.randomUUID().toString());
        CaseId refusedBetween = new CaseId(UUID.randomUUID().toString());
        CaseId last = new CaseId(UUID.randomUUID().toString());
        String key = "together-" + UUID.randomUUID() + ":";
        long eventsBefore = storedEvents();
        long numberBefore = lastIssued();
        List<Long> seenBeforeCommit = new ArrayList<>();
        List<CommandWrites.Write> batch = List.of(refused(key + 1, refusedFirst), write(key + 2, first),
                refused(key + 3, refusedBetween), write(key + 4, last));

        List<String> toBeSent = new ArrayList<>();
        List<CommandWrites.Written> written = writes.sendAll(batch, failure -> {
            seenBeforeCommit.add(committedElsewhere(first));
            return failure instanceof Refusal;
        }, sending -> sending.forEach(write -> toBeSent.add(write.idempotencyKey())));

        assertThat(written).extracting(one -> one.refused() instanceof Refusal)
                .containsExactly(true, false, true, false);
        assertThat(seenBeforeCommit).as("nothing seen before the batch commits").containsExactly(0L, 0L);
        assertThat(written.get(1).recorded().result(0, Long.class)).as("the refused first write's number, again")
                .isEqualTo(numberBefore + 1);
        assertThat(written.get(3).recorded().result(0, Long.class)).as("the refused write's number, again")
                .isEqualTo(numberBefore + 2);
        assertThat(lastIssued()).isEqualTo(numberBefore + 2);
        assertThat(written.get(1).recorded().events()).extracting(Recorded.Event::aggregateId)
                .containsOnly(first.value());
        assertThat(eventsOf(first.value())).isEqualTo(1);
        assertThat(eventsOf(last.value())).isEqualTo(1);
        assertThat(eventsOf(refusedFirst.value()) + eventsOf(refusedBetween.value())).isZero();
        assertThat(toBeSent).containsExactly(key + 1, key + 2, key + 3, key + 4);
        assertThat(jdbc.sql("SELECT idempotency_key FROM idempotency_record WHERE idempotency_key LIKE ?")
                .param(key + "%").query(String.class).list()).as("the refused writes' keys given back")
                .containsExactlyInAnyOrder(key + 2, key + 4);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_record WHERE idempotency_key LIKE ? AND outcome IS NULL")
                .param(key + "%").query(Long.class).single()).as("the outcomes stored").isZero();
        assertThat(storedEvents() - eventsBefore).as("events stored, status readings included")
                .isEqualTo(eventTypes(first.value()).size() + eventTypes(last.value()).size());

        toBeSent.clear();
        List<CommandWrites.Written> again = writes.sendAll(batch, Refusal.class::isInstance,
                sending -> sending.forEach(write -> toBeSent.add(write.idempotencyKey())));
        assertThat(toBeSent).as("only the writes not done before are sent again").containsExactly(key + 1, key + 3);
        for (int i : new int[]{1, 3}) {
            assertThat(again.get(i).recorded().replayed()).isTrue();
            assertThat(again.get(i).recorded().events()).isEqualTo(written.get(i).recorded().events());
            assertThat(again.get(i).recorded().result(0, Long.class))
                    .isEqualTo(written.get(i).recorded().result(0, Long.class));
        }
        assertThat(again.get(0).refused()).isInstanceOf(Refusal.class);
        assertThat(lastIssued()).as("nothing recorded twice").isEqualTo(numberBefore + 2);
    }

    @Test
    void aFailureThatRefusesNoSingleWriteRecordsNothingOfTheBatch() {
        CaseId first = new CaseId(UUID.randomUUID().toString());
        CaseId refused = new CaseId(UUID.randomUUID().toString());
        String key = "failed-" + UUID.randomUUID() + ":";
        long numberBefore = lastIssued();

        assertThatThrownBy(() -> writes.sendAll(List.of(write(key + 1, first), refused(key + 2, refused)),
                failure -> false, toBeSent -> { })).isInstanceOf(Refusal.class);

        assertThat(eventsOf(first.value())).isZero();
        assertThat(lastIssued()).isEqualTo(numberBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_record WHERE idempotency_key LIKE ?")
                .param(key + "%").query(Long.class).single()).isZero();
    }

    private static CommandWrites.Write write(String key, CaseId caseId) {
        return new CommandWrites.Write(key, "TEST", caseId.value(), caseId.value(), List.of(opening(caseId)));
    }

    /** Opens a case, then records a release after a death: the case refuses the release. */
    private static CommandWrites.Write refused(String key, CaseId caseId) {
        return new CommandWrites.Write(key, "TEST", caseId.value(), caseId.value(), List.of(opening(caseId),
                new ReportDeath(caseId, date("2018-03"), null, true, WIFE_TESTIMONY, null),
                new RecordRelease(caseId, date("2019-01"), ReleaseConditions.FREE, WIFE_TESTIMONY, null)));
    }

    private long lastIssued() {
        return jdbc.sql("SELECT last_issued FROM case_number_counter").query(Long.class).single();
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
