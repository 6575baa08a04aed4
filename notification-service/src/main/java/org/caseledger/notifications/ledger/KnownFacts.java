package org.caseledger.notifications.ledger;

import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The few facts this service keeps from the topics, and nothing personal: a case's number, its last derived status,
 * its visibility and where it was merged; an appeal's case and authority; an authority's name. Every change is
 * guarded by the aggregate's event sequence, so an event read twice changes nothing the second time.
 */
@Component
public class KnownFacts {

    private static final RowMapper<KnownCase> CASE = (rs, n) -> new KnownCase(
            rs.getString("case_id"),
            rs.getLong("case_number"),
            rs.getString("status") == null ? null : CaseStatus.valueOf(rs.getString("status")),
            rs.getObject("status_sequence", Long.class),
            rs.getString("visibility") == null ? null : Visibility.valueOf(rs.getString("visibility")),
            rs.getString("merged_into"));

    private final JdbcClient jdbc;

    KnownFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void apply(ConsumedEvent event) {
        event.payloadAs(DetentionReported.class).ifPresent(opened -> jdbc.sql("""
                        INSERT INTO known_case (case_id, case_number, version)
                        VALUES (:caseId, :caseNumber, :version)
                        ON CONFLICT (case_id) DO NOTHING
                        """)
                .param("caseId", event.aggregateId())
                .param("caseNumber", opened.caseNumber())
                .param("version", event.sequence())
                .update());
        event.payloadAs(CaseStatusDerived.class).ifPresent(derived -> jdbc.sql("""
                        UPDATE known_case SET status = :status, status_sequence = :sequence
                         WHERE case_id = :caseId AND (status_sequence IS NULL OR status_sequence < :sequence)
                        """)
                .param("status", (derived.status() == null ? CaseStatus.UNKNOWN : derived.status()).name())
                .param("sequence", event.sequence())
                .param("caseId", event.aggregateId())
                .update());
        event.payloadAs(CaseVisibilityChanged.class).ifPresent(change -> changeCase(event,
                "visibility", change.visibility() == null ? null : change.visibility().name()));
        event.payloadAs(CaseMerged.class).ifPresent(merged -> changeCase(event,
                "merged_into", merged.intoCaseId().value()));
        event.payloadAs(AppealFiled.class).ifPresent(filed -> jdbc.sql("""
                        INSERT INTO known_appeal (appeal_id, case_id, authority_id, version)
                        VALUES (:appealId, :caseId, :authorityId, :version)
                        ON CONFLICT (appeal_id) DO NOTHING
                        """)
                .param("appealId", event.aggregateId())
                .param("caseId", filed.caseId().value())
                .param("authorityId", filed.authorityId().value())
                .param("version", event.sequence())
                .update());
        event.payloadAs(AuthorityRegistered.class).ifPresent(authority -> jdbc.sql("""
                        INSERT INTO known_authority (authority_id, name) VALUES (:id, :name)
                        ON CONFLICT (authority_id) DO NOTHING
                        """)
                .param("id", authority.authorityId().value())
                .param("name", authority.name())
                .update());
    }

    public Optional<KnownCase> knownCase(String caseId) {
        return jdbc.sql("SELECT * FROM known_case WHERE case_id = :caseId")
                .param("caseId", caseId)
                .query(CASE)
                .optional();
    }

    public Optional<KnownAppeal> knownAppeal(String appealId) {
        return jdbc.sql("SELECT appeal_id, case_id, authority_id FROM known_appeal WHERE appeal_id = :appealId")
                .param("appealId", appealId)
                .query((rs, n) -> new KnownAppeal(rs.getString("appeal_id"), rs.getString("case_id"),
                        rs.getString("authority_id")))
                .optional();
    }

    public Optional<String> authorityName(String authorityId) {
        return jdbc.sql("SELECT name FROM known_authority WHERE authority_id = :id")
                .param("id", authorityId)
                .query(String.class)
                .optional();
    }

    private void changeCase(ConsumedEvent event, String column, String value) {
        jdbc.sql("UPDATE known_case SET " + column + " = :value, version = :version"
                        + " WHERE case_id = :caseId AND version < :version")
                .param("value", value)
                .param("version", event.sequence())
                .param("caseId", event.aggregateId())
                .update();
    }
}
