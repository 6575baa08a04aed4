package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.projections.ProjectedEvents;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unfiltered counts the statistics model's triggers keep, folded by {@link StatisticsCounts}: every change moves
 * into the counts once, and a fold adds to what earlier folds counted; and the counts per filter value, which the fold
 * works out from the states a case's row took and left. In a database of its own, so that the only changes are this
 * test's; counted from what the counts held before, so that a second run in the same JVM finds the same differences.
 */
class StatisticsCountsIT {

    private static final Source WITNESS = new Source(SourceType.WITNESS_TESTIMONY);
    private static final String DATABASE = "projections_statistics_counts";
    private static JdbcClient jdbc;

    private final ProjectedEvents events = new ProjectedEvents();

    @BeforeAll
    static void migrate() {
        jdbc = ProjectedEvents.migratedDatabase(DATABASE);
    }

    @Test
    void foldMovesEveryChangeIntoTheCountsOnceAndAddsToWhatWasCounted() {
        StatisticsProjection projection = new StatisticsProjection(jdbc);
        StatisticsCounts counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        counts.foldIn("public");
        long unknown = cases("UNKNOWN");
        long detained = cases("DETAINED");
        long disputed = disputed("DETAINED");
        String first = opened(projection);
        String second = opened(projection);
        projection.apply(events.of(first, 1, derived(first, true)));
        assertThat(pendingChanges()).isPositive();

        counts.foldIn("public");

        assertThat(pendingChanges()).isZero();
        assertThat(cases("UNKNOWN")).isEqualTo(unknown + 1);
        assertThat(cases("DETAINED")).isEqualTo(detained + 1);
        assertThat(disputed("DETAINED")).isEqualTo(disputed + 1);

        projection.apply(events.of(second, 1, derived(second, false)));
        counts.foldIn("public");
        counts.foldIn("public");

        assertThat(cases("UNKNOWN")).isEqualTo(unknown);
        assertThat(cases("DETAINED")).isEqualTo(detained + 2);
        assertThat(disputed("DETAINED")).isEqualTo(disputed + 1);
    }

    @Test
    void foldCountsPerFilterValueWhatIsLeftOfTheStatesACaseTookAndLeft() {
        StatisticsProjection projection = new StatisticsProjection(jdbc);
        StatisticsCounts counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        counts.foldIn("public");
        long unknown = underStatus("UNKNOWN");
        long detained = underStatus("DETAINED");
        long released = underStatus("RELEASED");
        String caseId = opened(projection);
        projection.apply(events.of(caseId, 1, derived(caseId, false)));
        assertThat(keptStates()).as("taken UNKNOWN, left UNKNOWN, taken DETAINED").isEqualTo(3);

        counts.foldIn("public");

        assertThat(keptStates()).isZero();
        assertThat(underStatus("UNKNOWN")).isEqualTo(unknown);
        assertThat(underStatus("DETAINED")).isEqualTo(detained + 1);

        projection.apply(events.of(caseId, 2, new CaseStatusDerived(new CaseId(caseId), CaseStatus.RELEASED, null,
                ApproximateDate.parse("2017"), DetentionKind.CAMP, null, null, null, false, List.of())));
        assertThat(keptStates()).isEqualTo(2);
        counts.foldIn("public");

        assertThat(keptStates()).isZero();
        assertThat(underStatus("DETAINED")).isEqualTo(detained);
        assertThat(underStatus("RELEASED")).isEqualTo(released + 1);
    }

    @Test
    void cellsOfTheStatesNotYetFoldedAreWorkedOutOnlyWhenThereAreSome() throws SQLException {
        StatisticsProjection projection = new StatisticsProjection(jdbc);
        StatisticsCounts counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        counts.foldIn("public");
        assertThat(keptStates()).isZero();

        assertThat(cellFunctionCallsReadingTheUnfolded("NULL")).as("no states: the cells' function not called")
                .isZero();
        assertThat(cellFunctionCallsReadingTheUnfolded("'status'")).as("no states: the cells' function not called")
                .isZero();

        opened(projection);
        assertThat(keptStates()).isPositive();
        assertThat(cellFunctionCallsReadingTheUnfolded("NULL")).as("states kept: their cells worked out")
                .isEqualTo(1);
        assertThat(cellFunctionCallsReadingTheUnfolded("'status'")).as("states kept: their cells worked out")
                .isEqualTo(1);
        counts.foldIn("public");
    }

    @Test
    void theFoldOfEverySecondLeavesTheChangesPerFilterValueToAFoldOfTheirOwn() {
        StatisticsProjection projection = new StatisticsProjection(jdbc);
        StatisticsCounts counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        counts.foldIn("public");
        opened(projection);
        assertThat(keptStates()).isPositive();

        counts.fold();

        assertThat(keptStates()).as("the states").isZero();
        assertThat(pendingChanges()).as("the unfiltered counts' changes").isZero();
        assertThat(pendingChangesPerFilter()).as("the counts per filter value's changes, the states' among them")
                .isPositive();

        counts.foldPerFilter();

        assertThat(pendingChangesPerFilter()).isZero();
    }

    @Test
    void foldDeletesTheCountsItLeavesAtZeroAndNoOther() {
        StatisticsCounts counts = new StatisticsCounts(jdbc, TransactionOperations.withoutTransaction());
        counts.foldIn("public");
        String county = "county " + CaseId.random().value();
        jdbc.sql("""
                INSERT INTO statistics_filter_count (filter, value, breakdown, key, label, cases, disputed)
                VALUES ('county', :county, 'status', 'DETAINED', NULL, 2, 1),
                       ('county', :county, 'status', 'RELEASED', NULL, 1, 0),
                       ('county', :county, 'detention', NULL, NULL, 1, 0),
                       ('county', :county, 'status', 'DEAD', NULL, 0, 0)""").param("county", county).update();
        jdbc.sql("""
                INSERT INTO statistics_filter_count_change (filter, value, breakdown, key, label, cases, disputed)
                VALUES ('county', :county, 'status', 'DETAINED', NULL, -2, -1),
                       ('county', :county, 'status', 'RELEASED', NULL, 1, 0),
                       ('county', :county, 'detention', NULL, NULL, -1, 0),
                       ('county', :county, 'status', 'DETAINED', NULL, 1, 1),
                       ('county', :county, 'status', 'DETAINED', NULL, -1, -1),
                       ('county', :county, 'status', 'UNKNOWN', NULL, 1, 0),
                       ('county', :county, 'status', 'UNKNOWN', NULL, -1, 0)""").param("county", county).update();

        counts.foldIn("public");

        assertThat(jdbc.sql("""
                        SELECT breakdown || ':' || coalesce(key, '-') || '=' || cases || '/' || disputed
                          FROM statistics_filter_count WHERE filter = 'county' AND value = ? ORDER BY 1""")
                .param(county).query(String.class).list())
                .as("at zero after the fold: deleted; changes summing to nothing: no count; nothing folded: as it was")
                .containsExactly("status:DEAD=0/0", "status:RELEASED=2/0");
        assertThat(jdbc.sql("SELECT count(*) FROM statistics_filter_count_change").query(Long.class).single())
                .isZero();
    }

    @Test
    void noIndexOfTheCountsNamesTheirValuesSoAFoldUpdatesThemInPlace() {
        assertThat(jdbc.sql("""
                        SELECT CAST(i.indexrelid AS REGCLASS)::TEXT
                          FROM pg_index i
                          JOIN pg_class t ON t.oid = i.indrelid
                         WHERE t.relname IN ('statistics_count', 'statistics_filter_count')
                           AND t.relnamespace = CAST('public' AS REGNAMESPACE)
                           AND (EXISTS (SELECT FROM pg_attribute a
                                         WHERE a.attrelid = t.oid AND a.attnum = ANY (i.indkey)
                                           AND a.attname IN ('cases', 'disputed'))
                                OR pg_get_expr(i.indpred, i.indrelid) ~ '\\m(cases|disputed)\\M'
                                OR pg_get_expr(i.indexprs, i.indrelid) ~ '\\m(cases|disputed)\\M')""")
                .query(String.class).list())
                .as("an index on a count's values is written at every fold of every count")
                .isEmpty();
    }

    /**
     * How often the functions that work out the cells of the states run while the states not yet folded are read as
     * the readers of the counts read them, unfiltered ({@code NULL}) or under one filter (its name quoted): counted by
     * PostgreSQL in a transaction of the superuser's (who alone may track functions).
     */
    private static long cellFunctionCallsReadingTheUnfolded(String filter) throws SQLException {
        try (Connection connection = superuser().getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("SET LOCAL track_functions = 'all'");
            statement.execute("SELECT count(*) FROM statistics_case_states_unfolded(" + filter + ")");
            try (ResultSet calls = statement.executeQuery("""
                    SELECT coalesce(sum(calls), 0) FROM pg_stat_xact_user_functions
                     WHERE funcname IN ('statistics_case_unfiltered_state_cells',
                                        'statistics_case_filter_state_cells')""")) {
                calls.next();
                long counted = calls.getLong(1);
                connection.rollback();
                return counted;
            }
        }
    }

    private static DataSource superuser() {
        return RealInfrastructure.get().superuserDataSource(DATABASE);
    }

    private String opened(StatisticsProjection projection) {
        String caseId = CaseId.random().value();
        projection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId), 1, new Person("Gulnar"),
                new Detention(ApproximateDate.parse("2017"), "Ghulja", DetentionKind.CAMP), WITNESS)));
        return caseId;
    }

    private static CaseStatusDerived derived(String caseId, boolean disputed) {
        return new CaseStatusDerived(new CaseId(caseId), CaseStatus.DETAINED, null, ApproximateDate.parse("2017"),
                DetentionKind.CAMP, null, null, null, disputed, List.of());
    }

    private static long cases(String status) {
        return jdbc.sql("SELECT coalesce(sum(cases), 0)::BIGINT FROM statistics_count WHERE breakdown = 'status' "
                + "AND key = ?").param(status).query(Long.class).single();
    }

    private static long disputed(String status) {
        return jdbc.sql("SELECT coalesce(sum(disputed), 0)::BIGINT FROM statistics_count WHERE breakdown = 'status' "
                + "AND key = ?").param(status).query(Long.class).single();
    }

    /** The cases counted under the filter {@code status} with that value, by their own status. */
    private static long underStatus(String status) {
        return jdbc.sql("SELECT coalesce(sum(cases), 0)::BIGINT FROM statistics_filter_count WHERE filter = 'status' "
                + "AND value = ? AND breakdown = 'status' AND key = ?").param(status).param(status)
                .query(Long.class).single();
    }

    private static long keptStates() {
        return jdbc.sql("SELECT count(*) FROM statistics_case_change").query(Long.class).single();
    }

    private static long pendingChanges() {
        return jdbc.sql("SELECT count(*) FROM statistics_count_change").query(Long.class).single();
    }

    private static long pendingChangesPerFilter() {
        return jdbc.sql("SELECT count(*) FROM statistics_filter_count_change").query(Long.class).single();
    }
}
