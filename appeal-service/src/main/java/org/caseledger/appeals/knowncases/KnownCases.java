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
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cases this service has learnt of from the cases topic, and whether appeals can still be filed for them.
 * A case opens with {@code DetentionReported} and is closed to appeals by {@code CaseMerged}, or by the
 * erasure of its person ({@code PersonalDataErased} of the case's person: {@code ERASED}, and the person's data key
 * is forgotten here). Every change is guarded
 * by the case's event sequence, so an event read twice is applied once. A poll's openings are written together when
 * it ends, in one statement, where each was one.
 */
@Component
public class KnownCases implements EventProjection, CaseRegister {

    private final JdbcClient jdbc;
    private final DataKeys keys;
    private final ThreadLocal<Map<String, Held>> openings = new ThreadLocal<>();
    private final EventHandlers handlers = EventHandlers.builder()
            .on(DetentionReported.class, this::opened)
            .on(CaseMerged.class, this::merged)
            .on(PersonalDataErased.class, this::erased)
            .build();

    KnownCases(JdbcClient jdbc, ObjectProvider<DataKeys> keys) {
        this.jdbc = jdbc;
        this.keys = keys.getIfAvailable(() -> DataKeys.NONE);
    }

    /** The openings of a poll, held until it ends or a change of a case is written, by case. */
    @Override
    public void beginBatch(Collection<String> aggregateIds) {
        openings.set(new LinkedHashMap<>());
    }

    @Override
    public void finishBatch() {
        try {
            writeOpenings();
        } finally {
            openings.remove();
        }
    }

    @Override
    public void abandonBatch() {
        openings.remove();
    }

    /** Within a poll, as one of its records; on its own, as a poll of one. */
    @Override
    public void apply(ConsumedEvent event) {
        if (openings.get() != null) {
            handlers.apply(event);
        } else {
            EventProjection.asBatchOfOne(this, event, () -> handlers.apply(event));
        }
    }

    private void opened(ConsumedEvent event, DetentionReported opened) {
        if (openings.get().putIfAbsent(event.aggregateId(), new Held(event, opened.caseNumber())) != null) {
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

    /**
     * The poll's openings, in one statement; an opening whose case was known before (a redelivery) is counted as
     * applied before, as record by record.
     */
    private void writeOpenings() {
        Map<String, Held> held = openings.get();
        if (held == null || held.isEmpty()) {
            return;
        }
        List<Held> opened = List.copyOf(held.values());
        held.clear();
        Set<String> added = new HashSet<>(jdbc.sql("""
                        INSERT INTO known_case (case_id, case_number, state, version, updated_at)
                        SELECT case_id, case_number, 'OPEN', version, updated_at
                          FROM unnest(CAST(:caseIds AS VARCHAR[]), CAST(:caseNumbers AS BIGINT[]),
                                      CAST(:versions AS BIGINT[]), CAST(:at AS TIMESTAMPTZ[]))
                               AS given(case_id, case_number, version, updated_at)
                        ON CONFLICT (case_id) DO NOTHING
                        RETURNING case_id
                        """)
                .param("caseIds", opened.stream().map(opening -> opening.event.aggregateId()).toArray(String[]::new))
                .param("caseNumbers", opened.stream().map(opening -> opening.caseNumber).toArray(Long[]::new))
                .param("versions", opened.stream().map(opening -> opening.event.sequence()).toArray(Long[]::new))
                .param("at", opened.stream().map(opening -> opening.event.timestamp().toString())
                        .toArray(String[]::new))
                .query(String.class)
                .list());
        for (Held opening : opened) {
            if (!added.contains(opening.event.aggregateId())) {
                opening.event.appliedBefore();
            }
        }
    }

    /** An opening a poll holds: its event, for its case, sequence and moment, and its case's number. */
    private record Held(ConsumedEvent event, long caseNumber) {
    }

    /**
     * The case's new state, once: an event the row has seen already (by its version) changes nothing. The poll's
     * openings are written first, so that the case's is found.
     */
    private void moved(ConsumedEvent event, String state, String mergedInto) {
        writeOpenings();
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
