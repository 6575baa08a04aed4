package org.caseledger.appeals.knowncases;

import org.caseledger.api.cases.CaseId;
import org.caseledger.appeals.command.CaseRegister;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventHandlers;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.personaldata.DataKeys;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * The cases this service has learnt of from the cases topic, and whether appeals can still be filed for them.
 * A case opens with {@code DetentionReported} and is closed to appeals by {@code CaseMerged}, or by the
 * erasure of its person ({@code PersonalDataErased} of the case's person: {@code ERASED}, and the person's data key
 * is forgotten here). Every change is guarded
 * by the case's event sequence, so an event read twice is applied once.
 */
@Component
public class KnownCases implements EventProjection, CaseRegister {

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(CaseMerged.class, this::merged)
            .on(PersonalDataErased.class, this::erased)
            .build();

    KnownCases(JdbcClient jdbc, ObjectProvider<DataKeys> keys) {
        this.jdbc = jdbc;
        this.keys = keys.getIfAvailable(() -> DataKeys.NONE);
    }

    @Override
    public void apply(ConsumedEvent event) {
        handlers.apply(event);
    }

    private void opened(ConsumedEvent event, DetentionReported opened) {
        int added = jdbc.sql("""
                        INSERT INTO known_case (case_id, case_number, state, version, updated_at)
                        VALUES (:caseId, :caseNumber, 'OPEN', :version, :at)
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("caseNumber", opened.caseNumber())
                .param("version", event.sequence())
                .param("at", Timestamp.from(event.timestamp()))
                .update();
        if (added == 0) {
            event.appliedBefore();
        }
    }

    private void erased(ConsumedEvent event, PersonalDataErased erasure) {
        if (erasure.subject() != DataSubject.PERSON) {
            return;
        }
        // The person's key, if one was fetched to seal or open an appeal's summary, is forgotten at once.
        keys.erased(erasure.subjectId());
        moved(event, "ERASED", null);
    }

    private void merged(ConsumedEvent event, CaseMerged merged) {
        moved(event, "MERGED", merged.intoCaseId().value());
    }

    /** The case's new state, once: an event the row has seen already (by its version) changes nothing. */
    private void moved(ConsumedEvent event, String state, String mergedInto) {
        int changed = jdbc.sql("""
                        UPDATE known_case
                           SET state = :state, merged_into = COALESCE(CAST(:into AS VARCHAR), merged_into), version = :version,
                               updated_at = :at
                         WHERE case_id = :caseId AND version < :version
                        """)
                .param("state", state)
                .param("into", mergedInto)
                .param("version", event.sequence())
                .param("at", Timestamp.from(event.timestamp()))
                .param("caseId", event.aggregateId())
                .update();
        if (changed == 0) {
            event.appliedBefore();
        }
    }

    /** The case's state as stored: {@code OPEN}, {@code MERGED} (into {@code merged_into}) or {@code ERASED}. */
    @Override
    public CaseStanding standingOf(CaseId caseId) {
        return jdbc.sql("SELECT state FROM known_case WHERE case_id = :caseId")
                .param("caseId", caseId.value())
                .query((rs, n) -> CaseStanding.valueOf(rs.getString("state")))
                .optional()
                .orElse(CaseStanding.UNKNOWN);
    }
}
