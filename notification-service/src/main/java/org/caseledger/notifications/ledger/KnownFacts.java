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

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The few facts this service keeps from the topics, and nothing personal: a case's number, its last derived status,
 * its visibility and where it was merged; an appeal's case and authority; an authority's name. Every change is
 * guarded by the aggregate's event sequence, so an event read twice changes nothing the second time.
 *
 * <p>Events are applied a poll at a time ({@link #beginBatch}): the poll's cases are read at once, and the rows of the
 * cases it opens, with the statuses the poll derives for its cases, are written when it ends, each kind in one
 * statement. Record by record, an imported row cost three statements here (its opening, and for each status the case
 * read and its status written). A change of visibility or a merge writes what the poll holds first, then itself.
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
    private final ThreadLocal<Poll> poll = new ThreadLocal<>();

    KnownFacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The poll's records, of these aggregates, are about to be applied in this transaction, on this thread: their cases
     * as known are read now, in one statement.
     */
    public void beginBatch(Collection<String> aggregateIds) {
        Poll current = new Poll();
        read(current, aggregateIds);
        poll.set(current);
    }

    /** Reads the cases into the poll, as the table has them. */
    private void read(Poll current, Collection<String> caseIds) {
        current.read.addAll(caseIds);
        jdbc.sql("SELECT * FROM known_case WHERE case_id = ANY(:caseIds)")
                .param("caseIds", caseIds.toArray(String[]::new))
                .query(CASE)
                .list()
                .forEach(known -> current.cases.put(known.caseId(), new Held(known, true, 0)));
    }

    /** Every record of the poll is applied: the rows and statuses it holds are written. */
    public void finishBatch() {
        try {
            Poll current = poll.get();
            if (current != null) {
                write(current);
            }
        } finally {
            poll.remove();
        }
    }

    /** The poll's transaction is rolled back: what it held is forgotten. */
    public void abandonBatch() {
        poll.remove();
    }

    /** Whether a poll is being applied on this thread ({@link #beginBatch}). */
    public boolean polling() {
        return poll.get() != null;
    }

    /** Applies an event of the poll being applied on this thread. */
    public void apply(ConsumedEvent event) {
        Poll current = poll.get();
        if (current == null) {
            throw new IllegalStateException("Event " + event.eventId() + " was applied outside a poll");
        }
        if (held(current, event)) {
            return;
        }
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

    /**
     * An opening or a derived status, made to the case as the poll holds it (read now if the poll began without it);
     * false for any other event.
     */
    private boolean held(Poll current, ConsumedEvent event) {
        Optional<DetentionReported> opening = event.payloadAs(DetentionReported.class);
        Optional<CaseStatusDerived> derived = event.payloadAs(CaseStatusDerived.class);
        if (opening.isEmpty() && derived.isEmpty()) {
            return false;
        }
        if (!current.read.contains(event.aggregateId())) {
            read(current, List.of(event.aggregateId()));
        }
        if (opening.isPresent()) {
            current.cases.computeIfAbsent(event.aggregateId(), caseId -> new Held(new KnownCase(caseId,
                    opening.get().caseNumber(), null, null, null, null), false, event.sequence()));
            return true;
        }
        Held known = current.cases.get(event.aggregateId());
        if (known != null && (known.statusSequence == null || known.statusSequence < event.sequence())) {
            known.status = derived.get().status() == null ? CaseStatus.UNKNOWN : derived.get().status();
            known.statusSequence = event.sequence();
            known.statusWritten = false;
        }
        return true;
    }

    /** The case as known: within a poll that read it, as the poll has it so far. */
    public Optional<KnownCase> knownCase(String caseId) {
        Poll current = poll.get();
        if (current != null && current.read.contains(caseId)) {
            return Optional.ofNullable(current.cases.get(caseId)).map(Held::known);
        }
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

    /** Writes what the poll holds first, so that the case's row is found; the poll then holds the row as changed. */
    private void changeCase(ConsumedEvent event, String column, String value) {
        Poll current = poll.get();
        write(current);
        jdbc.sql("UPDATE known_case SET " + column + " = :value, version = :version"
                        + " WHERE case_id = :caseId AND version < :version RETURNING *")
                .param("value", value)
                .param("version", event.sequence())
                .param("caseId", event.aggregateId())
                .query(CASE)
                .optional()
                .ifPresent(known -> current.cases.put(known.caseId(), new Held(known, true, 0)));
    }

    /**
     * Opens the rows of the cases the poll opened, with the statuses it derived for them, in one statement; then the
     * statuses it derived for cases known before, in another. Each status only over an earlier one, as record by
     * record.
     */
    private void write(Poll current) {
        List<Held> opened = new ArrayList<>();
        List<Held> derived = new ArrayList<>();
        for (Held known : current.cases.values()) {
            if (!known.written) {
                opened.add(known);
            } else if (!known.statusWritten) {
                derived.add(known);
            }
        }
        if (!opened.isEmpty()) {
            jdbc.sql("""
                            INSERT INTO known_case (case_id, case_number, status, status_sequence, version)
                            SELECT * FROM unnest(CAST(:caseIds AS VARCHAR[]), CAST(:caseNumbers AS BIGINT[]),
                                                 CAST(:statuses AS VARCHAR[]), CAST(:statusSequences AS BIGINT[]),
                                                 CAST(:versions AS BIGINT[]))
                            ON CONFLICT (case_id) DO NOTHING
                            """)
                    .param("caseIds", opened.stream().map(known -> known.caseId).toArray(String[]::new))
                    .param("caseNumbers", opened.stream().map(known -> known.caseNumber).toArray(Long[]::new))
                    .param("statuses", opened.stream().map(Held::statusName).toArray(String[]::new))
                    .param("statusSequences", opened.stream().map(known -> known.statusSequence).toArray(Long[]::new))
                    .param("versions", opened.stream().map(known -> known.version).toArray(Long[]::new))
                    .update();
        }
        if (!derived.isEmpty()) {
            jdbc.sql("""
                            UPDATE known_case k SET status = given.status, status_sequence = given.sequence
                              FROM unnest(CAST(:caseIds AS VARCHAR[]), CAST(:statuses AS VARCHAR[]),
                                          CAST(:sequences AS BIGINT[])) AS given(case_id, status, sequence)
                             WHERE k.case_id = given.case_id
                               AND (k.status_sequence IS NULL OR k.status_sequence < given.sequence)
                            """)
                    .param("caseIds", derived.stream().map(known -> known.caseId).toArray(String[]::new))
                    .param("statuses", derived.stream().map(Held::statusName).toArray(String[]::new))
                    .param("sequences", derived.stream().map(known -> known.statusSequence).toArray(Long[]::new))
                    .update();
        }
        opened.forEach(known -> known.written = true);
        current.cases.values().forEach(known -> known.statusWritten = true);
    }

    /** What a poll knows of its cases: those it read (found or not), and of each found or opened, the case as held. */
    private static final class Poll {
        private final Set<String> read = new HashSet<>();
        private final Map<String, Held> cases = new HashMap<>();
    }

    /** A case as a poll holds it: whether its row is written yet, and whether its status is. */
    private static final class Held {
        private final String caseId;
        private final long caseNumber;
        private final Visibility visibility;
        private final String mergedInto;
        private final long version;
        private CaseStatus status;
        private Long statusSequence;
        private boolean written;
        private boolean statusWritten = true;

        /**
         * @param written whether the case's row is in the table already
         * @param version the sequence of the event that opened the case, for a row not written yet
         */
        Held(KnownCase known, boolean written, long version) {
            this.caseId = known.caseId();
            this.caseNumber = known.caseNumber();
            this.status = known.status();
            this.statusSequence = known.statusSequence();
            this.visibility = known.visibility();
            this.mergedInto = known.mergedInto();
            this.version = version;
            this.written = written;
        }

        KnownCase known() {
            return new KnownCase(caseId, caseNumber, status, statusSequence, visibility, mergedInto);
        }

        String statusName() {
            return status == null ? null : status.name();
        }
    }
}
