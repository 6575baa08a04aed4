package org.caseledger.projections.statistics;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Gender;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Reads of the statistics model. Without filters, from the counts the model keeps as its rows change
 * ({@code statistics_count}, see {@link StatisticsCounts}): two statements of a few hundred rows, the cases' and the
 * appeals', however many cases there are. With filters, the cases under them read once for every breakdown (one
 * scan, one {@code GROUPING SETS}), their facts over time, ages and appeals in a statement each. Either way the
 * statements of one answer run side by side on connections of their own where enough are free, all of them in one
 * snapshot of the model ({@link SharedSnapshot}), and a query never reads the history behind the cases.
 */
@Component
class StatisticsQueries {

    private static final List<String> SENTENCE_BINS = List.of("UNDER_5", "5_9", "10_14", "15_19", "20_PLUS", "LIFE");
    private static final Map<String, String> SENTENCE_LABELS = Map.of("UNDER_5", "under 5 years", "5_9", "5–9 years",
            "10_14", "10–14 years", "15_19", "15–19 years", "20_PLUS", "20 years or more", "LIFE", "life");
    private static final int FEWEST_BEHIND_A_FIGURE = 5;
    private static final String YEAR_OF_FIRST_DETENTION = "CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER)";

    /**
     * What the cases are counted by, in the order of their grouping sets: a grouping set counts by one of them, and
     * {@code GROUPING(...)} tells which, as the one bit not set.
     */
    private enum By {
        STATUS("status", "s.status"),
        DETENTION_KIND("detentionKind", "s.detention_kind"),
        ETHNICITY("ethnicity", "s.ethnicity"),
        GENDER("gender", "NULLIF(s.gender, '" + Gender.UNKNOWN.name() + "')"),
        PREFECTURE("prefecture", "s.prefecture"),
        COUNTY("county", "s.county"),
        FACILITY("facility", "s.facility_id"),
        YEAR("year", YEAR_OF_FIRST_DETENTION + "::TEXT"),
        DECADE("decade", "(" + YEAR_OF_FIRST_DETENTION + " / 10 * 10)::TEXT || 's'"),
        SENTENCED(null, "s.sentenced"),
        SENTENCE_LENGTH("sentence", """
                CASE WHEN s.sentence_life THEN 'LIFE'
                     WHEN s.sentence_years IS NULL THEN NULL
                     WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 60 THEN 'UNDER_5'
                     WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 120 THEN '5_9'
                     WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 180 THEN '10_14'
                     WHEN s.sentence_years * 12 + COALESCE(s.sentence_months, 0) < 240 THEN '15_19'
                     ELSE '20_PLUS' END""");

        /** Its name in {@code statistics_count}, where the cases without filters are kept counted. */
        private final String breakdown;
        private final String expression;

        By(String breakdown, String expression) {
            this.breakdown = breakdown;
            this.expression = expression;
        }

        /** The bit {@code GROUPING} of every expression, in this order, leaves unset for this one's own set. */
        int bit() {
            return 1 << (values().length - 1 - ordinal());
        }

        String column() {
            return "k_" + ordinal();
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SharedSnapshot snapshot;
    private final StatusAt statusAt;

    private final boolean countsPerFilter;

    @Autowired
    StatisticsQueries(JdbcClient jdbc, Clock clock, SharedSnapshot snapshot, StatusAt statusAt) {
        this(jdbc, clock, snapshot, statusAt, true);
    }

    /**
     * With {@code countsPerFilter} false, every filtered answer is read from the rows, as before the counts per filter
     * value were kept: for the query benchmark, which times both readings turn about.
     */
    StatisticsQueries(JdbcClient jdbc, Clock clock, SharedSnapshot snapshot, StatusAt statusAt,
                      boolean countsPerFilter) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.snapshot = snapshot;
        this.statusAt = statusAt;
        this.countsPerFilter = countsPerFilter;
    }

    /** The state of the model as known at {@code asOf} (the live one when null); an asOf it cannot tell is refused. */
    KnownAt knownAt(Instant asOf) {
        return KnownAt.of(asOf, jdbc);
    }

    Statistics statistics(StatisticsFilters filters, boolean exactAgesOnly, boolean exactCounts) {
        return statistics(filters, exactAgesOnly, exactCounts, KnownAt.NOW);
    }

    Statistics statistics(StatisticsFilters filters, boolean exactAgesOnly, boolean exactCounts, KnownAt known) {
        return statistics(filters, exactAgesOnly, exactCounts, known, null);
    }

    /**
     * The statistics as the ledger knew them at {@code known}: the same statements over the model's row versions
     * valid then, with filters or without (the counts kept for the answer without filters are today's only), and
     * silences and overdue appeals counted to that day; with {@code at}, the cases by what had happened to them by
     * then ({@link StatusAt}) as well, read in the same snapshot after the cases' counts.
     */
    Statistics statistics(StatisticsFilters filters, boolean exactAgesOnly, boolean exactCounts, KnownAt known,
                          ApproximateDate at) {
        Map<String, String> applied = new LinkedHashMap<>(filters.applied());
        if (!known.live()) {
            applied.put("asOf", known.asOf().toString());
        }
        Map<String, String> ageFilters = new LinkedHashMap<>(applied);
        if (exactAgesOnly) {
            ageFilters.put("exactAgesOnly", "true");
        }
        String aged = "s.born_from IS NOT NULL AND s.first_detention_start IS NOT NULL"
                + (exactAgesOnly ? " AND s.born_from = s.born_to" : "");
        Map<String, Object> countedParams = new HashMap<>();
        String countedUnder = countsPerFilter && known.live() && !applied.isEmpty()
                ? filters.countedUnder(countedParams) : null;
        boolean fromCounts = applied.isEmpty() || countedUnder != null;
        return snapshot.read(fromCounts ? 1 : 3, reading -> {
            Supplier<AppealStatistics> appeals;
            Supplier<List<Cell>> ages;
            Supplier<List<FactCount>> facts;
            CaseCounts counts;
            if (applied.isEmpty()) {
                appeals = reading.beside(on -> countedAppeals(on, exactCounts));
                Counted counted = counted(reading.first(), exactAgesOnly, exactCounts);
                counts = counted.cases();
                ages = counted::ages;
                facts = counted::facts;
            } else if (countedUnder != null) {
                appeals = reading.beside(on -> countedAppeals(on, filters, countedUnder, countedParams, applied,
                        exactCounts));
                Counted counted = counted(reading.first(), countedUnder, countedParams, exactAgesOnly, exactCounts);
                counts = counted.cases();
                ages = counted::ages;
                facts = counted::facts;
            } else {
                appeals = reading.beside(on -> appeals(on, filters, applied, known, exactCounts));
                ages = reading.beside(on -> ageCells(on, filters, known, aged, exactCounts));
                facts = reading.beside(on -> facts(on, filters, known));
                counts = caseCounts(reading.first(), filters, known, aged);
            }
            Breakdown byStatusAt = at == null ? null
                    : statusAt.count(reading.first(), filters, at, known, exactCounts);
            return answer(counts, ages.get(), facts.get(), appeals.get(), byStatusAt, applied, ageFilters,
                    exactCounts);
        });
    }

    private Statistics answer(CaseCounts counts, List<Cell> ages, List<FactCount> facts, AppealStatistics appeals,
                              Breakdown byStatusAt, Map<String, String> applied, Map<String, String> ageFilters,
                              boolean exactCounts) {
        List<Breakdown> cases = new ArrayList<>();
        for (By by : List.of(By.DETENTION_KIND, By.ETHNICITY, By.GENDER, By.PREFECTURE, By.COUNTY, By.FACILITY,
                By.YEAR, By.DECADE)) {
            cases.add(byColumn(counts, by, applied, exactCounts));
        }
        return new Statistics(applied, exactCounts,
                byStatus(counts, applied, exactCounts),
                cases.get(0), cases.get(1), cases.get(2), cases.get(3), cases.get(4), cases.get(5), cases.get(6),
                cases.get(7),
                bySentenceLength(counts, applied, exactCounts),
                Breakdown.of(Count.of(counts.all, exactCounts), Count.of(counts.notAged, exactCounts), ageFilters,
                        ages),
                overTime(facts, applied, exactCounts),
                appeals,
                byStatusAt);
    }

    /** One row of the cases' grouping sets: which set, its key, and its counts. */
    private record Group(By by, String key, String label, long cases, long disputed) {
    }

    private record CaseCounts(Map<By, List<Group>> groups, long all, long notAged) {
    }

    /** Facts of a kind counted by their year and month, as reported; either is null where not reported. */
    private record FactCount(String kind, Integer year, Integer month, long facts) {

        /**
         * Where it comes in time, as one number: by year, facts without one last; within a year, those without a
         * month first, then by month. Compared as numbers, since the facts counted over every year and month are
         * some hundreds, and chained comparators of their fields took most of the time an answer without filters
         * spent in this service.
         */
        long order() {
            return year == null ? Long.MAX_VALUE : year * 13L + (month == null ? 0 : month);
        }
    }

    private record Counted(CaseCounts cases, List<Cell> ages, List<FactCount> facts) {
    }

    /**
     * Every case counted, without filters: read from the counts the model keeps as its rows change
     * ({@code statistics_count}), their changes not yet folded into them ({@link StatisticsCounts}) and the
     * unfiltered cells of the cases' states not yet folded (V36, V51), a few hundred rows whatever the number of
     * cases. A facility's name is the greatest of the names its counted cases give it, as the query with filters
     * takes it.
     */
    private Counted counted(JdbcClient jdbc, boolean exactAgesOnly, boolean exact) {
        return counted(jdbc.sql("""
                        SELECT breakdown, key, max(label) AS label, sum(cases) AS cases, sum(disputed) AS disputed
                          FROM (SELECT breakdown, key, label, sum(cases) AS cases, sum(disputed) AS disputed
                                  FROM (SELECT breakdown, key, label, cases, disputed FROM statistics_count
                                         WHERE breakdown NOT LIKE 'appeal:%'
                                        UNION ALL
                                        SELECT breakdown, key, label, cases, disputed FROM statistics_count_change
                                         WHERE breakdown NOT LIKE 'appeal:%'
                                        UNION ALL
                                        SELECT breakdown, key, label, cases, disputed
                                          FROM statistics_case_states_unfolded(NULL)) counted
                                 GROUP BY breakdown, key, label
                                HAVING sum(cases) <> 0) cells
                         GROUP BY breakdown, key
                        """), exactAgesOnly ? "exactAges" : "ages", null, exact);
    }

    /**
     * The cases under one filter (see {@link StatisticsFilters#countedUnder}): read from the counts the model keeps
     * per filter value ({@code statistics_filter_count}, V32), their changes not yet folded, and the cells of the
     * cases' states not yet folded under that filter (V36, V51). The ages are kept as groups by youngest age and span
     * of years, and spread over their ages here as {@link #ageCells} spreads the groups it counts from the rows, so
     * that each age is the same sum of the same shares; with {@code exactAgesOnly}, the groups of one year only. The
     * cases without an age are those in no group.
     */
    private Counted counted(JdbcClient jdbc, String countedUnder, Map<String, Object> params, boolean exactAgesOnly,
                            boolean exact) {
        return counted(jdbc.sql("""
                        WITH cells AS (
                            SELECT breakdown, key, label, sum(cases) AS cases, sum(disputed) AS disputed
                              FROM (SELECT breakdown, key, label, cases, disputed FROM statistics_filter_count
                                     WHERE breakdown NOT LIKE 'appeal:%' AND\s""" + countedUnder + """

                                    UNION ALL
                                    SELECT breakdown, key, label, cases, disputed FROM statistics_filter_count_change
                                     WHERE breakdown NOT LIKE 'appeal:%' AND\s""" + countedUnder + """

                                    UNION ALL
                                    SELECT breakdown, key, label, cases, disputed
                                      FROM statistics_case_states_unfolded(:countedFilter)
                                     WHERE\s""" + countedUnder + """
                        ) counted
                             GROUP BY breakdown, key, label
                            HAVING sum(cases) <> 0),
                        groups AS (
                            SELECT split_part(key, ':', 1)::INTEGER AS youngest,
                                   split_part(key, ':', 2)::INTEGER AS span, cases
                              FROM cells
                             WHERE breakdown = 'ageGroup')
                        SELECT breakdown, key, max(label) AS label, sum(cases) AS cases, sum(disputed) AS disputed
                          FROM cells
                         WHERE breakdown <> 'ageGroup'
                         GROUP BY breakdown, key
                        UNION ALL
                        SELECT 'ages', age::TEXT, NULL, sum(g.cases * (1.0 / g.span)), 0
                          FROM groups g
                         CROSS JOIN LATERAL generate_series(g.youngest, g.youngest + g.span - 1) AS age
                         WHERE g.span = 1 OR NOT :exactAgesOnly
                         GROUP BY age
                        UNION ALL
                        SELECT 'aged', NULL, NULL, COALESCE(sum(g.cases), 0), 0
                          FROM groups g
                         WHERE g.span = 1 OR NOT :exactAgesOnly
                        """).params(params).param("exactAgesOnly", exactAgesOnly), "ages", "aged", exact);
    }

    /**
     * The cells a statement of counts answers, by breakdown: the cases' groups, the ages under {@code ageBreakdown}
     * (a null key counting the cases without an age), or, where {@code agedBreakdown} is given, the cases with an age
     * under it, and the facts over time.
     */
    private Counted counted(JdbcClient.StatementSpec statement, String ageBreakdown, String agedBreakdown,
                            boolean exact) {
        Map<String, By> breakdowns = new HashMap<>();
        for (By by : By.values()) {
            if (by.breakdown != null) {
                breakdowns.put(by.breakdown, by);
            }
        }
        Map<By, List<Group>> groups = new EnumMap<>(By.class);
        long[] notAged = new long[1];
        long[] aged = new long[1];
        List<Cell> ages = new ArrayList<>();
        List<FactCount> facts = new ArrayList<>();
        statement.query(rs -> {
            String breakdown = rs.getString("breakdown");
            String key = rs.getString("key");
            By by = breakdowns.get(breakdown);
            if (by != null) {
                groups.computeIfAbsent(by, b -> new ArrayList<>()).add(new Group(by, key,
                        rs.getString("label"), rs.getBigDecimal("cases").longValueExact(),
                        rs.getLong("disputed")));
            } else if (breakdown.equals(agedBreakdown)) {
                aged[0] = rs.getBigDecimal("cases").longValueExact();
            } else if (breakdown.equals(ageBreakdown) && key == null) {
                notAged[0] = rs.getBigDecimal("cases").longValueExact();
            } else if (breakdown.equals(ageBreakdown)) {
                ages.add(new Cell(key, null, Count.of(rs.getBigDecimal("cases"), exact)));
            } else if (breakdown.startsWith("facts:")) {
                String[] yearAndMonth = key == null ? new String[0] : key.split("-");
                facts.add(new FactCount(breakdown.substring("facts:".length()),
                        yearAndMonth.length > 0 ? Integer.valueOf(yearAndMonth[0]) : null,
                        yearAndMonth.length > 1 ? Integer.valueOf(yearAndMonth[1]) : null,
                        rs.getBigDecimal("cases").longValueExact()));
            }
        });
        ages.sort(Comparator.comparing(cell -> Integer.parseInt(cell.key())));
        facts.sort(Comparator.comparingLong(FactCount::order));
        long all = groups.getOrDefault(By.STATUS, List.of()).stream().mapToLong(Group::cases).sum();
        return new Counted(new CaseCounts(groups, all, agedBreakdown == null ? notAged[0] : all - aged[0]), ages,
                facts);
    }

    /** The cases under the filters counted by everything they are counted by, in one reading of their rows. */
    private CaseCounts caseCounts(JdbcClient jdbc, StatisticsFilters filters, KnownAt known, String aged) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        List<String> keys = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        for (By by : By.values()) {
            keys.add(by.expression + " AS " + by.column());
            if (by != By.SENTENCED && by != By.SENTENCE_LENGTH) {
                sets.add("(" + by.column() + ")");
            }
        }
        sets.add("(" + By.SENTENCED.column() + ", " + By.SENTENCE_LENGTH.column() + ")");
        sets.add("()");
        String grouping = Arrays.stream(By.values()).map(By::column).collect(Collectors.joining(", "));
        Map<By, List<Group>> groups = new EnumMap<>(By.class);
        long[] everything = new long[2];
        jdbc.sql(known.sql("SELECT GROUPING(" + grouping + ") AS grouped, " + grouping
                        + ", max(c.facility_name) AS label, "
                        + "count(*) AS cases, count(*) FILTER (WHERE c.disputed) AS disputed, "
                        + "count(*) FILTER (WHERE NOT c.aged) AS not_aged "
                        + "FROM (SELECT " + String.join(", ", keys) + ", s.facility_name, s.disputed, (" + aged
                        + ") AS aged FROM statistics_case s WHERE " + where + ") c "
                        + "GROUP BY GROUPING SETS (" + String.join(", ", sets) + ")", params))
                .params(params)
                .query(rs -> {
                    int grouped = rs.getInt("grouped");
                    long cases = rs.getLong("cases");
                    int all = (1 << By.values().length) - 1;
                    if (grouped == all) {
                        everything[0] = cases;
                        everything[1] = rs.getLong("not_aged");
                        return;
                    }
                    if (grouped == (all & ~By.SENTENCED.bit() & ~By.SENTENCE_LENGTH.bit())) {
                        if (rs.getBoolean(By.SENTENCED.column())) {
                            groups.computeIfAbsent(By.SENTENCE_LENGTH, by -> new ArrayList<>()).add(new Group(
                                    By.SENTENCE_LENGTH, rs.getString(By.SENTENCE_LENGTH.column()), null, cases, 0));
                        }
                        return;
                    }
                    for (By by : By.values()) {
                        if (grouped == (all & ~by.bit())) {
                            groups.computeIfAbsent(by, b -> new ArrayList<>()).add(new Group(by,
                                    rs.getString(by.column()), by == By.FACILITY ? rs.getString("label") : null,
                                    cases, rs.getLong("disputed")));
                        }
                    }
                });
        return new CaseCounts(groups, everything[0], everything[1]);
    }

    private Breakdown byStatus(CaseCounts counts, Map<String, String> applied, boolean exact) {
        long[] totals = new long[3];
        List<Cell> cells = new ArrayList<>();
        for (Group group : counts.groups().getOrDefault(By.STATUS, List.of())) {
            totals[0] += group.cases();
            totals[2] += group.disputed();
            if (CaseStatus.UNKNOWN.name().equals(group.key())) {
                totals[1] += group.cases();
            } else {
                cells.add(new Cell(group.key(), null, Count.of(group.cases(), exact)));
            }
        }
        cells.sort(Comparator.comparing(Cell::key, enumOrder(CaseStatus.class)));
        return new Breakdown(Count.of(totals[0], exact), Count.of(totals[1], exact), Count.of(totals[2], exact),
                applied, cells);
    }

    /** Cases counted by one expression of their row; a null counts as unknown. Ordered by count, else as given. */
    private Breakdown byColumn(CaseCounts counts, By by, Map<String, String> applied, boolean exact) {
        Comparator<String> order = switch (by) {
            case DETENTION_KIND -> enumOrder(DetentionKind.class);
            case GENDER -> enumOrder(Gender.class);
            case YEAR, DECADE -> Comparator.naturalOrder();
            default -> null;
        };
        long[] totals = new long[2];
        List<Cell> cells = new ArrayList<>();
        for (Group group : counts.groups().getOrDefault(by, List.of())) {
            totals[0] += group.cases();
            if (group.key() == null) {
                totals[1] += group.cases();
            } else {
                cells.add(new Cell(group.key(), group.label(), Count.of(group.cases(), exact)));
            }
        }
        cells.sort(order != null ? Comparator.comparing(Cell::key, order)
                : Comparator.comparing((Cell cell) -> cell.count().value()).reversed().thenComparing(Cell::key));
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), applied, cells);
    }

    /** Sentenced cases by the length of their latest sentence; one without a term is unknown. */
    private Breakdown bySentenceLength(CaseCounts counts, Map<String, String> applied, boolean exact) {
        long[] totals = new long[2];
        Map<String, Long> bins = new HashMap<>();
        for (Group group : counts.groups().getOrDefault(By.SENTENCE_LENGTH, List.of())) {
            totals[0] += group.cases();
            if (group.key() == null) {
                totals[1] += group.cases();
            } else {
                bins.put(group.key(), group.cases());
            }
        }
        List<Cell> cells = SENTENCE_BINS.stream()
                .filter(bins::containsKey)
                .map(bin -> new Cell(bin, SENTENCE_LABELS.get(bin), Count.of(bins.get(bin), exact)))
                .toList();
        return Breakdown.of(Count.of(totals[0], exact), Count.of(totals[1], exact), applied, cells);
    }

    /**
     * Cases by age at first detention. A case known only by an age range counts in equal parts over the ages it spans
     * (a "40s" adds 0.1 to each of 40 to 49); with {@code exactAgesOnly} such a case is unknown instead. The cases
     * are counted by their youngest age and the span of their range first, a few hundred groups, and only those are
     * spread over their ages: a count times the share is the sum of the shares, exactly, in {@code numeric}.
     */
    private List<Cell> ageCells(JdbcClient jdbc, StatisticsFilters filters, KnownAt known, String aged,
                                boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.where(params);
        return jdbc.sql(known.sql("""
                        SELECT age, sum(g.cases * (1.0 / g.span)) AS cases
                          FROM (SELECT CAST(EXTRACT(YEAR FROM s.first_detention_start) AS INTEGER) - s.born_to
                                           AS youngest,
                                       s.born_to - s.born_from + 1 AS span, count(*) AS cases
                                  FROM statistics_case s
                                 WHERE\s""" + aged + " AND " + where + """
                                 GROUP BY 1, 2) g
                         CROSS JOIN LATERAL generate_series(g.youngest, g.youngest + g.span - 1) AS age
                         GROUP BY age ORDER BY age
                        """, params))
                .params(params)
                .query((rs, row) -> new Cell(Integer.toString(rs.getInt("age")), null,
                        Count.of(rs.getBigDecimal("cases"), exact)))
                .list();
    }

    /**
     * Facts of cases under the filters counted by kind and their own dates, in the order they are shown: read from
     * the facts alone, which carry their case's values ({@code V26__statistics_filters_on_facts_and_appeals.sql}).
     */
    private List<FactCount> facts(JdbcClient jdbc, StatisticsFilters filters, KnownAt known) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.whereCounted("f", params);
        return jdbc.sql(known.sql("""
                        SELECT f.kind, f.fact_year, f.fact_month, count(*) AS facts
                          FROM statistics_fact f
                         WHERE f.credible AND NOT f.retracted AND\s""" + where + """
                         GROUP BY f.kind, f.fact_year, f.fact_month
                         ORDER BY f.fact_year NULLS LAST, f.fact_month NULLS FIRST
                        """, params))
                .params(params)
                .query((rs, row) -> new FactCount(rs.getString("kind"), (Integer) rs.getObject("fact_year"),
                        (Integer) rs.getObject("fact_month"), rs.getLong("facts")))
                .list();
    }

    /** Detentions, releases, sentences and deaths by their own dates, each kind counted apart. */
    private static Map<String, FactsOverTime> overTime(List<FactCount> facts, Map<String, String> applied,
                                                       boolean exact) {
        Map<String, long[]> totals = new HashMap<>();
        Map<String, List<Cell>> byMonth = new HashMap<>();
        Map<String, List<Cell>> byYearOnly = new HashMap<>();
        for (FactCount count : facts) {
            long[] kindTotals = totals.computeIfAbsent(count.kind(), k -> new long[2]);
            kindTotals[0] += count.facts();
            if (count.year() == null) {
                kindTotals[1] += count.facts();
            } else {
                // YYYY-MM or YYYY, as the facts' dates write themselves (not through String.format: see its toString)
                Cell cell = new Cell(new ApproximateDate(count.year(), count.month(), null).toString(), null,
                        Count.of(count.facts(), exact));
                (count.month() != null ? byMonth : byYearOnly).computeIfAbsent(count.kind(), k -> new ArrayList<>())
                        .add(cell);
            }
        }
        Map<String, FactsOverTime> overTime = new LinkedHashMap<>();
        Map<String, StatisticsProjection.FactKind> kinds = new LinkedHashMap<>();
        kinds.put("detentions", StatisticsProjection.FactKind.DETENTION);
        kinds.put("releases", StatisticsProjection.FactKind.RELEASE);
        kinds.put("sentences", StatisticsProjection.FactKind.SENTENCE);
        kinds.put("deaths", StatisticsProjection.FactKind.DEATH);
        kinds.forEach((name, kind) -> {
            long[] kindTotals = totals.getOrDefault(kind.name(), new long[2]);
            overTime.put(name, new FactsOverTime(Count.of(kindTotals[0], exact), Count.of(kindTotals[1], exact),
                    applied, byMonth.getOrDefault(kind.name(), List.of()),
                    byYearOnly.getOrDefault(kind.name(), List.of())));
        });
        return overTime;
    }

    /**
     * Appeals in all, per authority and by the type of the first answer, in one statement, read from the appeals as
     * the statistics keep them with their case's values.
     */
    private AppealStatistics appeals(JdbcClient jdbc, StatisticsFilters filters, Map<String, String> applied,
                                     KnownAt known, boolean exact) {
        Map<String, Object> params = new HashMap<>();
        String where = filters.whereCounted("a", params);
        params.put("today", Date.valueOf(known.today(clock)));
        List<AppealFigures> byAuthority = new ArrayList<>();
        AppealFigures[] all = {figures(null, null, 0, 0, null, 0, null, 0, exact)};
        long[] unknown = new long[1];
        long[] answered = new long[1];
        List<Cell> byResponseType = new ArrayList<>();
        jdbc.sql(known.sql("""
                        SELECT a.authority_id, a.first_response_type, GROUPING(a.authority_id) AS every_authority,
                               GROUPING(a.first_response_type) AS every_response_type, max(au.name) AS name,
                               count(*) AS filed,
                               count(*) FILTER (WHERE au.authority_id IS NULL) AS unregistered,
                               count(a.first_response_on) AS answered,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY a.first_response_on - a.filed_on)
                                   FILTER (WHERE a.first_response_on IS NOT NULL) AS median_days,
                               count(*) FILTER (WHERE a.overdue AND a.first_response_on IS NULL
                                                      AND a.closed_on IS NULL) AS overdue_now,
                               count(*) FILTER (WHERE a.first_response_on IS NULL AND a.closed_on IS NULL) AS silent,
                               max(:today - a.filed_on) FILTER (WHERE a.first_response_on IS NULL
                                                                      AND a.closed_on IS NULL) AS longest_silence
                          FROM statistics_appeal a
                          LEFT JOIN appeal_authority au ON au.authority_id = a.authority_id
                         WHERE\s""" + where + """
                         GROUP BY GROUPING SETS ((a.authority_id), (a.first_response_type), ())
                        """, params))
                .params(params)
                .query(rs -> {
                    boolean everyAuthority = rs.getInt("every_authority") == 1;
                    boolean everyResponseType = rs.getInt("every_response_type") == 1;
                    if (everyAuthority && !everyResponseType) {
                        if (rs.getString("first_response_type") != null) {
                            answered[0] += rs.getLong("filed");
                            byResponseType.add(new Cell(rs.getString("first_response_type"), null,
                                    Count.of(rs.getLong("filed"), exact)));
                        }
                        return;
                    }
                    AppealFigures figures = figures(
                            everyAuthority ? null : rs.getString("authority_id"), rs.getString("name"),
                            rs.getLong("filed"), rs.getLong("answered"), (Double) rs.getObject("median_days"),
                            rs.getLong("overdue_now"), (Integer) rs.getObject("longest_silence"),
                            rs.getLong("silent"), exact);
                    if (everyAuthority) {
                        all[0] = figures;
                        unknown[0] = rs.getLong("unregistered");
                    } else {
                        byAuthority.add(figures);
                    }
                });
        byAuthority.sort(Comparator.comparing((AppealFigures figures) -> figures.filed().value()).reversed()
                .thenComparing(AppealFigures::authorityId));
        byResponseType.sort(Comparator.comparing((Cell cell) -> cell.count().value()).reversed()
                .thenComparing(Cell::key));
        return new AppealStatistics(all[0].filed(), Count.of(unknown[0], exact), applied, all[0],
                byAuthority, Breakdown.of(Count.of(answered[0], exact), Count.of(0, exact), applied,
                        byResponseType));
    }

    /** The appeals of one authority, or of all, as counted: the days to answer and the silences by their value. */
    private static final class AppealTally {

        private String name;
        private long filed;
        private long answered;
        private long overdue;
        private long silent;
        private LocalDate silentSince;
        private final TreeMap<Integer, Long> daysToAnswer = new TreeMap<>();

        void add(String breakdown, String label, long count) {
            switch (breakdown) {
                case "appeal:filed" -> filed += count;
                case "appeal:answered" -> answered += count;
                case "appeal:overdue" -> overdue += count;
                case "appeal:days" -> daysToAnswer.merge(Integer.valueOf(label), count, Long::sum);
                case "appeal:silent" -> silent += count;
                default -> throw new IllegalStateException("no appeal count " + breakdown);
            }
        }

        /** The earliest day one of these appeals was filed that is still unanswered and open. */
        void silentSince(LocalDate filedOn) {
            if (filedOn != null && (silentSince == null || filedOn.isBefore(silentSince))) {
                silentSince = filedOn;
            }
        }

        /** The median as {@code percentile_cont(0.5)} works it out: between the two middle values, if two. */
        Double median() {
            long count = daysToAnswer.values().stream().mapToLong(Long::longValue).sum();
            if (count == 0) {
                return null;
            }
            double position = 0.5 * (count - 1);
            long lower = (long) Math.floor(position);
            double first = nth(lower);
            double second = position > lower ? nth(lower + 1) : first;
            return first + (second - first) * (position - lower);
        }

        private int nth(long index) {
            long seen = 0;
            for (Map.Entry<Integer, Long> days : daysToAnswer.entrySet()) {
                seen += days.getValue();
                if (index < seen) {
                    return days.getKey();
                }
            }
            throw new IllegalStateException("no value " + index + " among " + seen);
        }

        long silent() {
            return silent;
        }

        Integer longestSilence(LocalDate today) {
            return silentSince == null ? null : (int) ChronoUnit.DAYS.between(silentSince, today);
        }
    }

    /**
     * Every appeal of the cases counted, without filters: read from the counts the model keeps as appeals and cases
     * change, joined to the register for the authorities' names. The longest silence of an authority is the earliest
     * day one of its appeals still unanswered and open was filed for a case counted: the first such appeal along the
     * partial index {@code appeal_silent_by_authority}, read in the same statement, and so the same snapshot, as the
     * counts.
     */
    private AppealStatistics countedAppeals(JdbcClient jdbc, boolean exact) {
        return countedAppeals(jdbc.sql("""
                        SELECT c.breakdown, c.key, c.label, c.cases, au.name, au.authority_id IS NOT NULL AS registered,
                               max(au.name) FILTER (WHERE c.breakdown = 'appeal:filed') OVER () AS every_name,
                               CASE WHEN c.breakdown = 'appeal:silent' THEN
                                   (SELECT a.filed_on
                                      FROM appeal a
                                     WHERE a.authority_id = c.key AND a.first_response_on IS NULL
                                       AND a.closed_on IS NULL
                                       AND EXISTS (SELECT 1 FROM statistics_case s
                                                    WHERE s.case_id = a.case_id AND s.merged_into IS NULL)
                                     ORDER BY a.filed_on
                                     LIMIT 1) END AS silent_since
                          FROM (SELECT breakdown, key, label, sum(cases) AS cases
                                  FROM (SELECT breakdown, key, label, cases FROM statistics_count
                                         WHERE breakdown LIKE 'appeal:%'
                                        UNION ALL
                                        SELECT breakdown, key, label, cases FROM statistics_count_change
                                         WHERE breakdown LIKE 'appeal:%') counted
                                 GROUP BY breakdown, key, label
                                HAVING sum(cases) <> 0) c
                          LEFT JOIN appeal_authority au
                                 ON au.authority_id = c.key AND c.breakdown <> 'appeal:response'
                        """), Map.of(), exact);
    }

    /**
     * The appeals of the cases under one filter (see {@link StatisticsFilters#countedUnder}), as
     * {@link #countedAppeals(JdbcClient, boolean)} reads every appeal: from the counts kept per filter value
     * ({@code statistics_filter_count}, V32), the longest silence of an authority being the first unanswered, open
     * appeal under the filters along {@code statistics_appeal_silent_by_authority}.
     */
    private AppealStatistics countedAppeals(JdbcClient jdbc, StatisticsFilters filters, String countedUnder,
                                            Map<String, Object> countedParams, Map<String, String> applied,
                                            boolean exact) {
        Map<String, Object> params = new HashMap<>(countedParams);
        String silentUnder = filters.whereCounted("a", params);
        return countedAppeals(jdbc.sql("""
                        SELECT c.breakdown, c.key, c.label, c.cases, au.name, au.authority_id IS NOT NULL AS registered,
                               max(au.name) FILTER (WHERE c.breakdown = 'appeal:filed') OVER () AS every_name,
                               CASE WHEN c.breakdown = 'appeal:silent' THEN
                                   (SELECT a.filed_on
                                      FROM statistics_appeal a
                                     WHERE a.authority_id = c.key AND a.first_response_on IS NULL
                                       AND a.closed_on IS NULL AND\s""" + silentUnder + """

                                     ORDER BY a.filed_on
                                     LIMIT 1) END AS silent_since
                          FROM (SELECT breakdown, key, label, sum(cases) AS cases
                                  FROM (SELECT breakdown, key, label, cases FROM statistics_filter_count
                                         WHERE breakdown LIKE 'appeal:%' AND\s""" + countedUnder + """

                                        UNION ALL
                                        SELECT breakdown, key, label, cases FROM statistics_filter_count_change
                                         WHERE breakdown LIKE 'appeal:%' AND\s""" + countedUnder + """
                        ) counted
                                 GROUP BY breakdown, key, label
                                HAVING sum(cases) <> 0) c
                          LEFT JOIN appeal_authority au
                                 ON au.authority_id = c.key AND c.breakdown <> 'appeal:response'
                        """).params(params), applied, exact);
    }

    /** The appeals' figures from a statement of appeal counts, as the two above read them. */
    private AppealStatistics countedAppeals(JdbcClient.StatementSpec statement, Map<String, String> applied,
                                            boolean exact) {
        Map<String, AppealTally> byAuthority = new TreeMap<>();
        AppealTally all = new AppealTally();
        long[] unregistered = new long[1];
        List<Cell> byResponseType = new ArrayList<>();
        long[] answered = new long[1];
        statement.query(rs -> {
            String breakdown = rs.getString("breakdown");
            long count = rs.getBigDecimal("cases").longValueExact();
            all.name = rs.getString("every_name");
            if (breakdown.equals("appeal:response")) {
                answered[0] += count;
                byResponseType.add(new Cell(rs.getString("key"), null, Count.of(count, exact)));
                return;
            }
            AppealTally authority = byAuthority.computeIfAbsent(rs.getString("key"), key -> new AppealTally());
            authority.name = rs.getString("name");
            authority.add(breakdown, rs.getString("label"), count);
            all.add(breakdown, rs.getString("label"), count);
            Date silentSince = rs.getDate("silent_since");
            if (silentSince != null) {
                authority.silentSince(silentSince.toLocalDate());
                all.silentSince(silentSince.toLocalDate());
            }
            if (breakdown.equals("appeal:filed") && !rs.getBoolean("registered")) {
                unregistered[0] += count;
            }
        });
        LocalDate today = LocalDate.now(clock);
        List<AppealFigures> authorities = new ArrayList<>();
        byAuthority.forEach((authorityId, tally) -> authorities.add(figures(authorityId, tally.name, tally.filed,
                tally.answered, tally.median(), tally.overdue, tally.longestSilence(today), tally.silent(), exact)));
        authorities.sort(Comparator.comparing((AppealFigures figures) -> figures.filed().value()).reversed()
                .thenComparing(AppealFigures::authorityId));
        byResponseType.sort(Comparator.comparing((Cell cell) -> cell.count().value()).reversed()
                .thenComparing(Cell::key));
        AppealFigures every = figures(null, all.name, all.filed, all.answered, all.median(), all.overdue,
                all.longestSilence(today), all.silent(), exact);
        return new AppealStatistics(every.filed(), Count.of(unregistered[0], exact), applied, every, authorities,
                Breakdown.of(Count.of(answered[0], exact), Count.of(0, exact), applied, byResponseType));
    }

    /**
     * Figures of a set of appeals. Where counts are not exact, a rate is worked out from the counts as shown and,
     * like a median or the longest silence, left out when fewer than five appeals stand behind it, so that no figure
     * tells what a suppressed cell hides.
     */
    static AppealFigures figures(String authorityId, String name, long filed, long answered, Double median,
                                         long overdueNow, Integer longestSilence, long silent, boolean exact) {
        Count filedCount = Count.of(filed, exact);
        Count answeredCount = Count.of(answered, exact);
        Double rate = null;
        if (filed > 0 && (exact || (filed >= FEWEST_BEHIND_A_FIGURE && answered >= FEWEST_BEHIND_A_FIGURE))) {
            BigDecimal shownAnswered = new BigDecimal(answeredCount.shown().toString());
            BigDecimal shownFiled = new BigDecimal(filedCount.shown().toString());
            rate = shownAnswered.divide(shownFiled, 3, RoundingMode.HALF_UP).doubleValue();
        }
        boolean medianShown = exact || answered >= FEWEST_BEHIND_A_FIGURE;
        boolean silenceShown = exact || silent >= FEWEST_BEHIND_A_FIGURE;
        return new AppealFigures(authorityId, name, filedCount, answeredCount, rate, medianShown ? median : null,
                Count.of(overdueNow, exact), silenceShown && longestSilence != null ? longestSilence.longValue() : null);
    }

    static <E extends Enum<E>> Comparator<String> enumOrder(Class<E> type) {
        return Comparator.comparing(name -> {
            try {
                return Enum.valueOf(type, name).ordinal();
            } catch (IllegalArgumentException e) {
                return Integer.MAX_VALUE;
            }
        });
    }
}
