package org.caseledger.projections.statistics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionOperations;

import java.util.List;

/**
 * Folds the changes of the unfiltered counts and of the counts per filter value, which the statistics model's triggers
 * append as its rows change, into the counts themselves (V21__statistics_counts.sql,
 * V32__statistics_counts_per_filter.sql), so that a reader sums a few hundred counts and the changes of
 * the last moment. Folding moves each change once: one that is not yet committed is left for the next fold, and two
 * folds at once (two instances) delete, and so add, each change only once. A count folded to zero is deleted, so that
 * a reader does not read the cells that once were (a case moves on, an appeal is answered): a fold adding to it at
 * the same moment either sees it still there, changed, or inserts it anew.
 *
 * <p>Of a case's row, a trigger keeps the states it leaves and takes rather than their cells
 * (V36__statistics_case_cells_at_the_fold.sql): the fold first turns the states it takes into changes, netted out, in
 * one statement, so that a reader sees each state either as a state or as its changes.
 *
 * <p>The states and the unfiltered counts are folded every second ({@code caseledger.statistics.fold-every}), the
 * counts per filter value every 5 s ({@code caseledger.statistics.fold-per-filter-every}). A fold of those counts
 * writes every cell its changes touch once, and under an import that was some 13,000 cells a second, most of them a
 * filter value's facts by month, each touched by a case or two; a fold of 5 s of changes writes a cell they touch
 * once for all of them. A reader under one filter reads those changes, without an index, and a reader without
 * filters reads the states, which the fold of every second keeps few (docs/statistics.md, "How often to fold").
 *
 * <p>A rebuild's copy of the model is folded by the rebuild, in the copy's schema, as it is built.
 */
@Component
public class StatisticsCounts {

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;

    StatisticsCounts(JdbcClient jdbc, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The cases' states, into the changes of both counts, and the changes of the unfiltered counts. */
    @Scheduled(fixedDelayString = "${caseledger.statistics.fold-every:PT1S}")
    void fold() {
        foldCasesIn("public");
    }

    /** The changes of the counts per filter value, the states' among them. */
    @Scheduled(fixedDelayString = "${caseledger.statistics.fold-per-filter-every:PT5S}")
    void foldPerFilter() {
        foldPerFilterIn("public");
    }

    /** Folds every change in the tables of {@code schema}: a name of the code's own, never a request's. */
    public void foldIn(String schema) {
        foldCasesIn(schema);
        foldPerFilterIn(schema);
    }

    private void foldCasesIn(String schema) {
        foldCaseStatesIn(schema);
        foldInto(schema, "statistics_count", "breakdown, key, label");
    }

    private void foldPerFilterIn(String schema) {
        foldInto(schema, "statistics_filter_count", "filter, value, breakdown, key, label");
    }

    /**
     * Moves the changes of {@code table} into it, a cell's changes summed, and deletes the counts this left at zero,
     * in one transaction. Those are the ones the statement that folds names (by their place in the table, which cannot
     * change while this transaction holds them), so the others are not read for them, and no index of the counts
     * needs to hold the counts' values: an index on {@code cases} or {@code disputed} would be written at every fold
     * of every count, where PostgreSQL updates the count in place otherwise (V41). Cells whose changes sum to nothing
     * are left as they are.
     */
    private void foldInto(String schema, String table, String cell) {
        transactions.executeWithoutResult(status -> {
            List<String> leftAtZero = jdbc.sql("""
                            WITH folded AS (DELETE FROM %1$s.%2$s_change RETURNING %3$s, cases, disputed),
                                 counted AS (INSERT INTO %1$s.%2$s AS t (%3$s, cases, disputed)
                                             SELECT %3$s, sum(cases), sum(disputed)
                                               FROM folded
                                              GROUP BY %3$s
                                             HAVING sum(cases) <> 0 OR sum(disputed) <> 0
                                              ORDER BY %3$s
                                                 ON CONFLICT (%3$s)
                                                 DO UPDATE SET cases = t.cases + EXCLUDED.cases,
                                                               disputed = t.disputed + EXCLUDED.disputed
                                             RETURNING t.ctid AS place, t.cases, t.disputed)
                            SELECT CAST(place AS TEXT) FROM counted WHERE cases = 0 AND disputed = 0
                            """.formatted(schema, table, cell))
                    .query(String.class).list();
            if (!leftAtZero.isEmpty()) {
                jdbc.sql("DELETE FROM %s.%s WHERE ctid = ANY(CAST(:places AS TID[])) AND cases = 0 AND disputed = 0"
                                .formatted(schema, table))
                        .param("places", leftAtZero.toArray(String[]::new))
                        .update();
            }
        });
    }

    /**
     * The states of cases kept since the last fold, taken and turned into changes of the counts and of the counts per
     * filter value in one statement. The cells' function reads nothing but the states it is given, so a rebuild's
     * copy is folded with the service's own.
     */
    private void foldCaseStatesIn(String schema) {
        jdbc.sql("""
                        WITH taken AS (DELETE FROM %1$s.statistics_case_change RETURNING *),
                             cells AS (SELECT * FROM public.statistics_case_state_cells(
                                                         (SELECT jsonb_agg(taken) FROM taken))),
                             unfiltered AS (INSERT INTO %1$s.statistics_count_change (breakdown, key, label, cases,
                                                                                     disputed)
                                            SELECT breakdown, key, label, cases, disputed
                                              FROM cells
                                             WHERE filter IS NULL)
                        INSERT INTO %1$s.statistics_filter_count_change (filter, value, breakdown, key, label, cases,
                                                                         disputed)
                        SELECT filter, value, breakdown, key, label, cases, disputed
                          FROM cells
                         WHERE filter IS NOT NULL
                        """.formatted(schema))
                .update();
    }
}
