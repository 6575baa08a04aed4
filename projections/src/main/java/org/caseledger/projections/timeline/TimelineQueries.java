package org.caseledger.projections.timeline;

import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.projections.redaction.Redaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of the timeline model, redacted for the reader's role as {@link Redaction} says. */
@Component
class TimelineQueries {

    private final JdbcClient jdbc;

    TimelineQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @param visibilityNow for a timeline as known at a past moment, the case's visibility now, of which the
     *                      stricter with the one it had then redacts it; null for the timeline as known now
     */
    Optional<CaseTimeline> findTimeline(String caseId, Role role, Visibility visibilityNow) {
        Optional<TimelineCase> found = jdbc.sql("SELECT version, visibility FROM timeline_case WHERE case_id = :caseId")
                .param("caseId", caseId)
                .query((rs, n) -> new TimelineCase(rs.getLong("version"), visibility(rs, "visibility")))
                .optional()
                .map(timeline -> visibilityNow == null ? timeline
                        : new TimelineCase(timeline.version(), Redaction.stricter(timeline.visibility(),
                                visibilityNow)));
        return found.map(timeline -> new CaseTimeline(caseId, timeline.version(),
                Redaction.effective(timeline.visibility()), jdbc.sql("""
                        SELECT e.event_id, e.sequence, e.type, e.fact_date, e.source_type, e.source_reliability,
                               e.source_reference, e.recorded_by, e.recorded_at, e.summary, e.retracted_by,
                               e.retraction_reason, d.event_id AS detail, d.relation, d.name, d.language, d.text,
                               d.visibility AS own_visibility
                          FROM timeline_entry e
                          LEFT JOIN timeline_detail d ON d.case_id = e.case_id AND d.event_id = e.event_id
                         WHERE e.case_id = :caseId
                         ORDER BY e.sequence
                        """)
                .param("caseId", caseId)
                .query((rs, n) -> entry(rs, role, timeline.visibility()))
                .list()));
    }

    private record TimelineCase(long version, Visibility visibility) {
    }

    private static CaseTimeline.Entry entry(ResultSet rs, Role role, Visibility caseVisibility) throws SQLException {
        List<String> redacted = new ArrayList<>();
        String type = rs.getString("type");
        Visibility own = visibility(rs, "own_visibility");
        Visibility item = Redaction.ofItem(caseVisibility, own);
        boolean provenance = Redaction.provenanceVisible(role, item);
        boolean names = Redaction.namesOfGiversAndRelativesVisible(role);
        String reference = rs.getString("source_reference");
        String recordedBy = rs.getString("recorded_by");
        if (!provenance) {
            withheld(redacted, "recordedBy", recordedBy);
            withheld(redacted, "source.reference", reference);
        }
        CaseTimeline.Testimony testimony = null;
        CaseTimeline.Relative relative = null;
        if (rs.getString("detail") != null) {
            Relation relation = rs.getString("relation") == null ? null : Relation.valueOf(rs.getString("relation"));
            String name = rs.getString("name");
            if (!names) {
                withheld(redacted, "TestimonyRecorded".equals(type) ? "testimony.name" : "relative.name", name);
            }
            if ("TestimonyRecorded".equals(type)) {
                String text = rs.getString("text");
                boolean textShown = Redaction.testimonyTextVisible(role, item);
                if (!textShown) {
                    withheld(redacted, "testimony.text", text);
                }
                testimony = new CaseTimeline.Testimony(relation, names ? name : null, rs.getString("language"),
                        textShown ? text : null, own);
            } else {
                relative = new CaseTimeline.Relative(relation, names ? name : null);
            }
        }
        return new CaseTimeline.Entry(
                rs.getString("event_id"),
                rs.getLong("sequence"),
                type,
                rs.getString("fact_date"),
                rs.getString("source_type") == null ? null : new CaseTimeline.Source(
                        SourceType.valueOf(rs.getString("source_type")),
                        rs.getString("source_reliability") == null ? null
                                : Reliability.valueOf(rs.getString("source_reliability")),
                        provenance ? reference : null),
                provenance ? recordedBy : null,
                rs.getTimestamp("recorded_at").toInstant(),
                rs.getString("summary"),
                rs.getString("retracted_by") != null,
                rs.getString("retracted_by"),
                rs.getString("retraction_reason"),
                testimony,
                relative,
                List.copyOf(redacted));
    }

    /** Only a value that exists is named as withheld: an absent one would say nothing was there. */
    private static void withheld(List<String> redacted, String field, String value) {
        if (value != null) {
            redacted.add(field);
        }
    }

    private static Visibility visibility(ResultSet rs, String column) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : Visibility.valueOf(value);
    }
}
