package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.projections.casestatus.CaseStatusView.DecidingFact;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.caseledger.projections.casestatus.CaseStatusView.FactCounts;
import org.caseledger.projections.redaction.Redaction;
import org.caseledger.projections.search.NameSearch;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads of the case status model. */
@Component
class CaseStatusQueries {

    private static final String COLUMNS = """
            SELECT s.case_id, s.case_number, s.name, s.person, s.status, s.status_since, s.deciding_event_id,
                   deciding.type AS deciding_type, s.detention_kind, s.facility, s.release_conditions,
                   s.term_years, s.term_months, s.term_life, s.disputed, s.contradictions, s.visibility,
                   s.merged_into, s.merged_duplicates, s.last_event_at, s.version,
                   counts.testimonies, counts.evidence, counts.relatives""";
    private static final String FROM_CASES = " FROM case_status s";
    /**
     * A testimony, a piece of evidence or a relative recorded twice under the same id counts once; a retracted
     * fact does not count.
     */
    private static final String DETAILS = """

              LEFT JOIN case_fact deciding
                     ON deciding.case_id = s.case_id AND deciding.event_id = s.deciding_event_id
             CROSS JOIN LATERAL (
                   SELECT count(DISTINCT coalesce(f.subject_id, f.event_id))
                              FILTER (WHERE f.type = 'TestimonyRecorded') AS testimonies,
                          count(DISTINCT coalesce(f.subject_id, f.event_id))
                              FILTER (WHERE f.type = 'EvidenceAttached') AS evidence,
                          count(DISTINCT coalesce(f.subject_id, f.event_id))
                              FILTER (WHERE f.type = 'RelativeLinked') AS relatives
                     FROM case_fact f
                    WHERE f.case_id = s.case_id AND NOT f.retracted) counts
            """;
    private static final String SELECT_CASES = COLUMNS + FROM_CASES + DETAILS;

    private static final TypeReference<List<Contradiction>> CONTRADICTIONS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> CASE_IDS = new TypeReference<>() {
    };

    private static final ObjectMapper JSON = EventJson.mapper();

    /**
     * Up to how many cases a search counts exactly what it finds; past that, its {@code totalItems} is the number it
     * counted, and {@code totalItemsExact} false.
     */
    static final int COUNTED_UP_TO = 100;

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final RowMapper<CaseStatusView> view = this::view;

    CaseStatusQueries(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    Optional<CaseStatusView> findCase(String caseId) {
        return jdbc.sql(SELECT_CASES + " WHERE s.case_id = :caseId")
                .param("caseId", caseId)
                .query(view)
                .optional();
    }

    /**
     * Duplicates merged into another case are left out unless asked for: the surviving case stands for them. The
     * status is this model's; the other filters are read from the statistics model's row of the case, so a case the
     * statistics have not taken in yet is not found by them.
     */
    CaseStatusPage findCases(StatisticsFilters filters, boolean includeMerged, Optional<NameSearch> search, int page,
                             int size) {
        Map<String, Object> params = new HashMap<>();
        if (search.isPresent()) {
            return found(search.get(), filters, includeMerged, params, page, size);
        }
        String where = where(filters, includeMerged, params);
        List<CaseStatusView> items = jdbc.sql(COLUMNS + FROM_CASES + DETAILS + where + " ORDER BY s.case_number"
                        + " LIMIT :limit OFFSET :offset")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(view)
                .list();
        return new CaseStatusPage(items, page, size, count(FROM_CASES + where, params), true);
    }

    /**
     * A page of what a search finds, with their number, in one statement: the search (the most of its time, matching
     * every recorded name) is run once, and one pass over what it found under the filters both counts it (a window
     * over all of them, taken before the page is cut) and cuts the page; only the page's cases are then read with
     * their details. Only a page past the last is counted apart. Both run in the transaction that sets how near a
     * name must be for the trigram index to hand it over ({@link NameSearch#CANDIDATES}).
     *
     * <p>The search model decides alone what is found, in what order, and whether a duplicate merged away is left
     * out; the case status is read for each case found only under a {@code status} filter, the statistics model only
     * under its filters, and otherwise for the page's cases alone.
     *
     * <p>A name that many people share finds tens of thousands of cases, and ranking and counting them all took most
     * of such a search's time. So the search first reads only its best keys, and of each only its first cases
     * ({@link NameSearch#matches(Map, boolean, Long, Long)}): keys with enough names for twice the cases it needs,
     * those up to the page's end and one more than {@link #COUNTED_UP_TO}, and of each key those cases. If the cases
     * found under the filters reach that, the page is theirs (the first cases in rank are the same as over every key
     * and name) and the total is the number they counted, not exact ({@code totalItemsExact} false); otherwise the
     * search is run again over every key and name, as before, and its total is exact.
     */
    private CaseStatusPage found(NameSearch search, StatisticsFilters filters, boolean includeMerged,
                                 Map<String, Object> params, int page, int size) {
        long needed = Math.max((long) page * size + size, COUNTED_UP_TO + 1L);
        return transactions.execute(status -> {
            jdbc.sql(NameSearch.CANDIDATES).query().singleValue();
            CaseStatusPage first = page(search, filters, includeMerged, params, page, size, 2 * needed, needed);
            if (first.totalItemsExact() || first.totalItems() >= needed) {
                return first;
            }
            return page(search, filters, includeMerged, params, page, size, null, null);
        });
    }

    /**
     * A page of a search over its best keys ({@code namesWanted}) and the first cases of each ({@code casesWanted}),
     * or every key and name (both null); its total is exact where every key and name was read. An empty page over
     * the best keys is past what they found, or past the last, and counts nothing.
     */
    private CaseStatusPage page(NameSearch search, StatisticsFilters filters, boolean includeMerged,
                                Map<String, Object> params, int page, int size, Long namesWanted,
                                Long casesWanted) {
        String found = "WITH found AS MATERIALIZED ("
                + search.matches(params, includeMerged, namesWanted, casesWanted) + ")\n";
        String where = searchWhere(filters, params);
        List<Long> totals = new ArrayList<>();
        List<Boolean> everyKey = new ArrayList<>();
        List<CaseStatusView> items = jdbc.sql(found + ", hits AS (SELECT found.case_id, found.score, found.case_number,"
                        + " found.by_name, found.every_key,"
                        + " count(*) OVER () AS total_items FROM found" + where
                        + " ORDER BY found.score DESC, found.case_number LIMIT :limit OFFSET :offset)\n"
                        + COLUMNS + ", hits.total_items, hits.every_key" + FROM_CASES
                        + " JOIN hits ON hits.case_id = s.case_id"
                        + DETAILS + " WHERE " + NameSearch.shown() + " ORDER BY hits.score DESC, hits.case_number")
                .params(params)
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, row) -> {
                    totals.add(rs.getLong("total_items"));
                    everyKey.add(rs.getBoolean("every_key"));
                    return view(rs, row);
                })
                .list();
        if (!totals.isEmpty()) {
            return new CaseStatusPage(items, page, size, totals.get(0), everyKey.get(0));
        }
        if (namesWanted != null) {
            return new CaseStatusPage(items, page, size, 0, false);
        }
        long total = page == 0 ? 0
                : jdbc.sql(found + "SELECT count(*) FROM found" + where).params(params).query(Long.class).single();
        return new CaseStatusPage(items, page, size, total, true);
    }

    private long count(String from, Map<String, Object> params) {
        return jdbc.sql("SELECT count(*)" + from).params(params).query(Long.class).single();
    }

    /**
     * The {@code WHERE} clause (empty when there is no condition) these filters make on the case row {@code s}, their
     * parameters put into {@code params}: the list's, and the export's.
     */
    static String where(StatisticsFilters filters, boolean includeMerged, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filters.status() != null) {
            conditions.add("s.status = :caseStatus");
            params.put("caseStatus", filters.status().name());
        }
        statistics(filters, "s.case_id", params).ifPresent(conditions::add);
        if (!includeMerged) {
            conditions.add("s.merged_into IS NULL");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * The {@code WHERE} clause (empty when there is no condition) these filters make on a case a search found,
     * {@code found.case_id}: whether a duplicate merged away is left out the search decides itself.
     */
    private static String searchWhere(StatisticsFilters filters, Map<String, Object> params) {
        List<String> conditions = new ArrayList<>();
        if (filters.status() != null) {
            conditions.add("EXISTS (SELECT 1 FROM case_status s WHERE s.case_id = found.case_id"
                    + " AND s.status = :caseStatus)");
            params.put("caseStatus", filters.status().name());
        }
        statistics(filters, "found.case_id", params).ifPresent(conditions::add);
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    /**
     * The filters other than the status, read from the statistics model's row of the case, so a case the statistics
     * have not taken in yet is not found by them.
     */
    private static Optional<String> statistics(StatisticsFilters filters, String caseId, Map<String, Object> params) {
        List<String> statistics = filters.withoutStatus().conditions("st", params);
        return statistics.isEmpty() ? Optional.empty()
                : Optional.of("EXISTS (SELECT 1 FROM statistics_case st WHERE st.case_id = " + caseId + " AND "
                + String.join(" AND ", statistics) + ")");
    }

    private CaseStatusView view(ResultSet rs, int rowNumber) throws SQLException {
        String decidingEventId = rs.getString("deciding_event_id");
        return new CaseStatusView(
                rs.getString("case_id"),
                rs.getLong("case_number"),
                rs.getString("name"),
                fromJson(rs.getString("person"), Person.class),
                CaseStatus.valueOf(rs.getString("status")),
                rs.getString("status_since"),
                decidingEventId == null ? null
                        : new DecidingFact(decidingEventId, rs.getString("deciding_type"), rs.getString("status_since")),
                enumOrNull(rs, "detention_kind", DetentionKind::valueOf),
                fromJson(rs.getString("facility"), Facility.class),
                enumOrNull(rs, "release_conditions", ReleaseConditions::valueOf),
                rs.getObject("term_years") == null ? null
                        : new Term(rs.getInt("term_years"), rs.getInt("term_months"), rs.getBoolean("term_life")),
                rs.getBoolean("disputed"),
                fromJson(rs.getString("contradictions"), CONTRADICTIONS),
                new FactCounts(rs.getLong("testimonies"), rs.getLong("evidence"), rs.getLong("relatives")),
                Redaction.effective(enumOrNull(rs, "visibility", Visibility::valueOf)),
                rs.getString("merged_into"),
                fromJson(rs.getString("merged_duplicates"), CASE_IDS),
                rs.getTimestamp("last_event_at").toInstant(),
                rs.getLong("version"),
                List.of());
    }

    private static <E extends Enum<E>> E enumOrNull(ResultSet rs, String column, Function<String, E> valueOf)
            throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : valueOf.apply(value);
    }

    /** A stored JSON column read back: the list's rows and the export's alike. */
    static <T> T fromJson(String text, Class<T> type) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored " + type.getSimpleName() + " is not readable", e);
        }
    }

    private static <T> T fromJson(String text, TypeReference<T> type) {
        try {
            return text == null ? null : JSON.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored " + type.getType() + " is not readable", e);
        }
    }
}
