package org.caseledger.projections.statistics;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

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
 * <p>A rebuild's copy of the model is folded by the rebuild, in the copy's schema, as it is built.
 */
@Component
public class StatisticsCounts {

    private final JdbcClient jdbc;

    StatisticsCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Scheduled(fixedDelayString = "${caseledger.statistics.fold-every:PT1S}")
    void fold() {
        foldIn("public");
    }

    /** Folds the changes in the tables of {@code schema}: a name of the code's own, never a request's. */
    public void foldIn(String schema) {
        foldCaseStatesIn(schema);
        jdbc.sql("""
                        WITH folded AS (DELETE FROM %1$s.statistics_count_change
                                        RETURNING breakdown, key, label, cases, disputed)
                        INSERT INTO %1$s.statistics_count AS t (breakdown, key, label, cases, disputed)
                        SELECT breakdown, key, label, sum(cases), sum(disputed)
                          FROM folded
                         GROUP BY breakdown, key, label
                         ORDER BY breakdown, key, label
                            ON CONFLICT (breakdown, key, label)
                            DO UPDATE SET cases = t.cases + EXCLUDED.cases, disputed = t.disputed + EXCLUDED.disputed
                        """.formatted(schema))
                .update();
        jdbc.sql(foldedToZeroDeleted(schema, "statistics_count")).update();
        jdbc.sql("""
                        WITH folded AS (DELETE FROM %1$s.statistics_filter_count_change
                                        RETURNING filter, value, breakdown, key, label, cases, disputed)
                        INSERT INTO %1$s.statistics_filter_count AS t (filter, value, breakdown, key, label, cases,
                                                                       disputed)
                        SELECT filter, value, breakdown, key, label, sum(cases), sum(disputed)
                          FROM folded
                         GROUP BY filter, value, breakdown, key, label
                         ORDER BY filter, value, breakdown, key, label
                            ON CONFLICT (filter, value, breakdown, key, label)
                            DO UPDATE SET cases = t.cases + EXCLUDED.cases, disputed = t.disputed + EXCLUDED.disputed
                        """.formatted(schema))
                .update();
        jdbc.sql(foldedToZeroDeleted(schema, "statistics_filter_count")).update();
    }

    /**
     * Deletes the counts of {@code table} that folds left at zero: of the counts per filter value, read along the index
     * of those alone (V40), as there are tens of thousands of others.
     */
    static String foldedToZeroDeleted(String schema, String table) {
        return "DELETE FROM %s.%s WHERE cases = 0 AND disputed = 0".formatted(schema, table);
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
