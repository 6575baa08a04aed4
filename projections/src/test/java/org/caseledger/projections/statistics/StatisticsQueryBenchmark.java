package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.projections.ReadModelBenchmarks;
import org.caseledger.projections.ReadModelBenchmarks.Token;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caseledger.projections.ReadModelBenchmarks.percentile;
import static org.caseledger.projections.ReadModelBenchmarks.print;

/**
 * Not a test of the default build (its name is no {@code *IT}): fills the statistics model with the events of a
 * {@link GeneratedLedger} through the projections' own code ({@code StatisticsProjection} and
 * {@code AppealsProjection}, as their consumers apply a poll) into the real PostgreSQL, then times one answer of the
 * statistics four ways, turn about, under the same filters as the end-to-end benchmark: as it was read before the
 * counts per filter value (V32), every filtered answer from the rows, side by side in one snapshot; as
 * {@link StatisticsQueries} reads it now, its statements one after another on one connection (as where no connection
 * is free beside the first) and side by side in one snapshot ({@link SharedSnapshot}); and through
 * {@code GET /api/statistics}. Before timing, each filter's readings, and the one of a statement per breakdown
 * ({@link StatementPerBreakdownQueries}), must give the same answer, figure for figure. The answer under a detention
 * period is also timed from the counts without the index of their months (V33) and with it, turn about. Run with
 * {@code -Dit.test=StatisticsQueryBenchmark -Dcaseledger.benchmark.cases=10000,100000}; see docs/statistics.md.
 */
class StatisticsQueryBenchmark extends RunningProjections {

    @LocalServerPort
    int port;

    private static final List<String> FILTERS = List.of("", "prefecture=Ili", "status=DETAINED&gender=FEMALE",
            "detainedFrom=2017&detainedTo=2018-06", "facility=106", "ethnicity=Kazakh&county=Zhaosu");

    @Autowired
    StatisticsQueries queries;
    @Autowired
    Clock clock;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    ObjectMapper json;
    @Autowired
    DataSource dataSource;
    @Autowired
    SharedSnapshot snapshot;
    @Autowired
    StatusAt statusAt;
    @Autowired
    StatisticsCounts counts;
    @Autowired
    @Qualifier("statisticsProjection")
    EventProjection statisticsProjection;
    @Autowired
    @Qualifier("appealsProjection")
    EventProjection appealsProjection;

    /** The index of the counts' months (V33) as the migration made it, while {@link #monthsIndexed} drops it. */
    private String monthsIndexDefinition;

    @Test
    void timesTheStatisticsAnswerAtEachNumberOfCases() throws IOException {
        long seed = Long.getLong("caseledger.benchmark.seed", 1);
        int warmUp = Integer.getInteger("caseledger.benchmark.warmup", 20);
        int rounds = Integer.getInteger("caseledger.benchmark.queries", 100);
        boolean timeBaseline = Boolean.parseBoolean(System.getProperty("caseledger.benchmark.baseline", "true"));
        long[] steps = Arrays.stream(System.getProperty("caseledger.benchmark.cases", "10000,100000").split(","))
                .map(String::strip).mapToLong(Long::parseLong).toArray();
        StatementPerBreakdownQueries before = new StatementPerBreakdownQueries(jdbc, clock);
        StatisticsQueries oneAfterAnother = oneAfterAnother(jdbc, dataSource);
        StatisticsQueries fromRows = new StatisticsQueries(jdbc, clock, snapshot, statusAt, false);
        HttpClient client = HttpClient.newHttpClient();
        Token token = new Token(Role.OPERATOR);
        GeneratedLedger ledger = new GeneratedLedger(seed);
        List<String> report = new ArrayList<>();
        print(report, "seed %d, %d queries per filter and reading after %d to warm up, one after another, turn about",
                seed, rounds, warmUp);
        transactions.executeWithoutResult(status -> ledger.authorities().forEach(this::apply));

        long filled = 0;
        long events = 0;
        for (long cases : steps) {
            long started = System.nanoTime();
            long stepEvents = 0;
            boolean countAfter = Boolean.getBoolean("caseledger.benchmark.filter-counts-after-fill");
            if (countAfter) {
                filterCountTriggers("DISABLE");
            }
            stepEvents += ReadModelBenchmarks.fill(transactions, filled, cases, ledger::caseNumber, this::apply);
            double seconds = (System.nanoTime() - started) / 1e9;
            if (countAfter) {
                countPerFilterAfresh();
                filterCountTriggers("ENABLE");
                print(report, "%ncounts per filter value (V32) kept from the rows after the fill, in %.0f s",
                        (System.nanoTime() - started) / 1e9 - seconds);
            }
            filled = cases;
            events += stepEvents;
            jdbc.sql("ANALYZE statistics_case, statistics_fact, appeal, statistics_filter_count").update();
            print(report, "%n%d cases, %d events (%d facts over time, %d appeals); %d events applied on %d threads in %.0f s, "
                            + "%.0f events/s", cases, events, count("statistics_fact"), count("appeal"), stepEvents,
                    Integer.getInteger("caseledger.benchmark.threads", 2),
                    seconds, stepEvents / seconds);
            print(report, "  %-40s %22s %22s %22s %22s %7s %15s", "", "from rows (p50 / p99)",
                    "one after another", "side by side (now)", "HTTP (p50 / p99 ms)", "p99 ×",
                    "× (p50 / p99)");
            List<Long> allBefore = new ArrayList<>();
            List<Long> allOneAfterAnother = new ArrayList<>();
            List<Long> allNow = new ArrayList<>();
            List<Long> allHttp = new ArrayList<>();
            for (String filter : FILTERS) {
                StatisticsFilters filters = filters(filter);
                assertThat(json.writeValueAsString(queries.statistics(filters, false, true)))
                        .as("the answer under '%s' read now and as before", filter)
                        .isEqualTo(json.writeValueAsString(before.statistics(filters, false, true)))
                        .isEqualTo(json.writeValueAsString(fromRows.statistics(filters, false, true)))
                        .isEqualTo(json.writeValueAsString(oneAfterAnother.statistics(filters, false, true)));
                long[] beforeTimes = new long[rounds];
                long[] oneAfterAnotherTimes = new long[rounds];
                long[] nowTimes = new long[rounds];
                long[] httpTimes = new long[rounds];
                for (int round = -warmUp; round < rounds; round++) {
                    boolean sideBySideFirst = round % 2 == 0;
                    long b = sideBySideFirst ? time(() -> queries.statistics(filters, false, true)) : 0;
                    long a = timeBaseline ? time(() -> fromRows.statistics(filters, false, true)) : 0;
                    long s = time(() -> oneAfterAnother.statistics(filters, false, true));
                    if (!sideBySideFirst) {
                        b = time(() -> queries.statistics(filters, false, true));
                    }
                    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/statistics?" + filter)).header("Authorization", "Bearer " + token.get())
                            .build();
                    long c = time(() -> {
                        HttpResponse<String> answer = ReadModelBenchmarks.send(client, request);
                        if (answer.statusCode() != 200) {
                            throw new IllegalStateException("GET /api/statistics?" + filter + " answered "
                                    + answer.statusCode() + ": " + answer.body());
                        }
                    });
                    if (round >= 0) {
                        beforeTimes[round] = a;
                        oneAfterAnotherTimes[round] = s;
                        nowTimes[round] = b;
                        httpTimes[round] = c;
                    }
                }
                Arrays.stream(beforeTimes).forEach(allBefore::add);
                Arrays.stream(oneAfterAnotherTimes).forEach(allOneAfterAnother::add);
                Arrays.stream(nowTimes).forEach(allNow::add);
                Arrays.stream(httpTimes).forEach(allHttp::add);
                row(report, "GET /api/statistics" + (filter.isEmpty() ? "" : "?" + filter), beforeTimes,
                        oneAfterAnotherTimes, nowTimes, httpTimes);
            }
            row(report, "all " + allNow.size() + " queries of each reading", unboxed(allBefore),
                    unboxed(allOneAfterAnother), unboxed(allNow), unboxed(allHttp));
            monthsIndexed(report, oneAfterAnother, warmUp, rounds);
            asOf(report, oneAfterAnother, warmUp, rounds);
            if (Boolean.getBoolean("caseledger.benchmark.explain")) {
                explain(filled);
            }
            applyingCost(report, ledger, filled);
            Files.write(Path.of("target", "statistics-query-benchmark.txt"), report);
        }
        Path written = Path.of("target", "statistics-query-benchmark.txt");
        Files.write(written, report);
        System.out.println("written to " + written.toAbsolutePath());
    }

    /**
     * Switches the triggers that keep the counts per filter value of the facts and appeals (V32; the facts' inserts
     * since V39 by a statement trigger of the same name) off or on: with
     * {@code caseledger.benchmark.filter-counts-after-fill}, a fill writes without them, and the counts are made from
     * the rows afterwards ({@link #countPerFilterAfresh}), so that a large step fills in the time it took before them.
     * What they cost the writing is still timed, with every trigger on, by {@link #applyingCost}. The cases' states
     * are kept throughout (V36): the counts without a filter are made of them too.
     */
    private static void filterCountTriggers(String switched) {
        JdbcClient owner = JdbcClient.create(RealInfrastructure.get().superuserDataSource("projections"));
        owner.sql("ALTER TABLE statistics_fact " + switched + " TRIGGER statistics_fact_filter_counted").update();
        owner.sql("ALTER TABLE statistics_fact " + switched + " TRIGGER statistics_fact_filter_counted_updated")
                .update();
        owner.sql("ALTER TABLE statistics_appeal " + switched + " TRIGGER statistics_appeal_filter_counted").update();
        owner.sql("ALTER TABLE statistics_appeal " + switched + " TRIGGER statistics_appeal_filter_counted_updated")
                .update();
    }

    /**
     * The counts per filter value made from the rows, as V32 makes them for what is on record when it runs: the cases'
     * states kept until then folded first (and no other fold meanwhile), so that theirs are not counted twice.
     */
    private void countPerFilterAfresh() {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("LOCK TABLE statistics_case_change IN EXCLUSIVE MODE").update();
            counts.foldIn("public");
            jdbc.sql("DELETE FROM statistics_filter_count").update();
            jdbc.sql("DELETE FROM statistics_filter_count_change").update();
            jdbc.sql("""
                    INSERT INTO statistics_filter_count (filter, value, breakdown, key, label, cases, disputed)
                    SELECT d.filter, d.value, d.breakdown, d.key, d.label, sum(d.cases), sum(d.disputed)
                      FROM (SELECT x.* FROM statistics_case c CROSS JOIN LATERAL statistics_filter_case_cells(c) x
                            UNION ALL
                            SELECT x.* FROM statistics_fact f CROSS JOIN LATERAL statistics_filter_fact_cells(f) x
                            UNION ALL
                            SELECT x.* FROM statistics_appeal a
                             CROSS JOIN LATERAL statistics_filter_appeal_cells(a) x) d
                     GROUP BY d.filter, d.value, d.breakdown, d.key, d.label
                    HAVING sum(d.cases) <> 0 OR sum(d.disputed) <> 0
                    """).update();
        });
    }

    /**
     * The answer under a detention period from the counts, without the index of the counts' months (V33) and with
     * it, turn about: the index is dropped before and made again (and analysed) after each reading without it.
     */
    private void monthsIndexed(List<String> report, StatisticsQueries oneAfterAnother, int warmUp, int rounds) {
        String filter = "detainedFrom=2017&detainedTo=2018-06";
        StatisticsFilters filters = filters(filter);
        long[][] times = new long[4][rounds];
        for (int round = -warmUp; round < rounds; round++) {
            for (boolean indexed : round % 2 == 0 ? new boolean[] {false, true} : new boolean[] {true, false}) {
                if (!indexed) {
                    monthsIndex(false);
                }
                long sideBySide = time(() -> queries.statistics(filters, false, true));
                long oneAfter = time(() -> oneAfterAnother.statistics(filters, false, true));
                if (!indexed) {
                    monthsIndex(true);
                }
                if (round >= 0) {
                    times[indexed ? 2 : 0][round] = sideBySide;
                    times[indexed ? 3 : 1][round] = oneAfter;
                }
            }
        }
        print(report, "  %-40s without V33's index %8.1f / %8.1f side by side, %8.1f / %8.1f one after another; "
                        + "with it %8.1f / %8.1f side by side, %8.1f / %8.1f one after another (p50 / p99 ms)",
                "GET /api/statistics?" + filter, percentile(times[0], 50), percentile(times[0], 99),
                percentile(times[1], 50), percentile(times[1], 99), percentile(times[2], 50),
                percentile(times[2], 99), percentile(times[3], 50), percentile(times[3], 99));
    }

    /** Drops the index of the counts' months (V33) or makes it again as the migration made it, and analyses it. */
    private void monthsIndex(boolean made) {
        JdbcClient owner = JdbcClient.create(RealInfrastructure.get().superuserDataSource("projections"));
        if (made) {
            owner.sql(monthsIndexDefinition).update();
            owner.sql("ANALYZE statistics_filter_count").update();
        } else {
            monthsIndexDefinition = owner.sql("SELECT indexdef FROM pg_indexes WHERE indexname = :name")
                    .param("name", "statistics_filter_count_detained_months").query(String.class).single();
            owner.sql("DROP INDEX statistics_filter_count_detained_months").update();
        }
    }

    /**
     * The answer as known now ({@code asOf} this moment: every row version valid now), read from the row versions as
     * any {@code asOf} is, timed under three of the filters side by side and one after another, turn about; and
     * whether it equals the live answer, figure for figure.
     */
    private void asOf(List<String> report, StatisticsQueries oneAfterAnother, int warmUp, int rounds)
            throws IOException {
        KnownAt known = queries.knownAt(clock.instant());
        print(report, "  as known now (asOf), %d case versions, %d fact versions, %d appeal versions:",
                count("statistics_case_version"), count("statistics_fact_version"),
                count("statistics_appeal_version"));
        for (String filter : List.of("", "prefecture=Ili", "detainedFrom=2017&detainedTo=2018-06")) {
            StatisticsFilters filters = filters(filter);
            String live = json.writeValueAsString(queries.statistics(filters, false, true));
            String then = json.writeValueAsString(queries.statistics(filters, false, true, known))
                    .replaceAll(",?\"asOf\":\"[^\"]*\"", "").replace("{,", "{");
            long[] times = new long[rounds];
            long[] oneAfterAnotherTimes = new long[rounds];
            for (int round = -warmUp; round < rounds; round++) {
                boolean sideBySideFirst = round % 2 == 0;
                long took = sideBySideFirst ? time(() -> queries.statistics(filters, false, true, known)) : 0;
                long tookOneAfterAnother = time(() -> oneAfterAnother.statistics(filters, false, true, known));
                if (!sideBySideFirst) {
                    took = time(() -> queries.statistics(filters, false, true, known));
                }
                if (round >= 0) {
                    times[round] = took;
                    oneAfterAnotherTimes[round] = tookOneAfterAnother;
                }
            }
            print(report, "  %-40s %10.1f / %8.1f ms (p50 / p99) side by side, %10.1f / %8.1f one after another, "
                            + "the same figures as the live answer: %s",
                    "GET /api/statistics?asOf=…" + (filter.isEmpty() ? "" : "&" + filter), percentile(times, 50),
                    percentile(times, 99), percentile(oneAfterAnotherTimes, 50), percentile(oneAfterAnotherTimes, 99),
                    live.equals(then) && then.equals(json.writeValueAsString(
                            oneAfterAnother.statistics(filters, false, true, known))
                            .replaceAll(",?\"asOf\":\"[^\"]*\"", "").replace("{,", "{")));
        }
    }

    /**
     * Every statement of one answer under each filter, read now and from the rows, under {@code EXPLAIN (ANALYZE,
     * BUFFERS)}, written to {@code target/statistics-query-plans.txt}.
     */
    private void explain(long cases) throws IOException {
        List<String> plans = new ArrayList<>();
        DataSource explainingSource = ExplainingDataSource.explaining(dataSource, plans::add);
        JdbcClient explaining = JdbcClient.create(explainingSource);
        StatisticsQueries now = oneAfterAnother(explaining, explainingSource);
        StatisticsQueries before = new StatisticsQueries(explaining, clock,
                new SharedSnapshot(explainingSource, Runnable::run, 0), new StatusAt(), false);
        for (String filter : FILTERS) {
            plans.add("==== " + cases + " cases, now: GET /api/statistics?" + filter);
            now.statistics(filters(filter), false, true);
            plans.add("==== " + cases + " cases, from rows: GET /api/statistics?" + filter);
            before.statistics(filters(filter), false, true);
        }
        monthsIndex(false);
        try {
            plans.add("==== " + cases + " cases, now, without V33's index of the months: "
                    + "GET /api/statistics?detainedFrom=2017&detainedTo=2018-06");
            now.statistics(filters("detainedFrom=2017&detainedTo=2018-06"), false, true);
        } finally {
            monthsIndex(true);
        }
        Path written = Path.of("target", "statistics-query-plans.txt");
        Files.write(written, plans);
        System.out.println("plans written to " + written.toAbsolutePath());
    }

    /**
     * What keeping the counts costs the writing: the next cases applied with the count triggers and without, turn
     * about, each time rolled back so that the model stays as it was.
     */
    private void applyingCost(List<String> report, GeneratedLedger ledger, long filled) {
        int cases = Integer.getInteger("caseledger.benchmark.applied", 2000);
        JdbcClient owner = JdbcClient.create(RealInfrastructure.get().superuserDataSource("projections"));
        double[] with = new double[3];
        double[] without = new double[3];
        for (int round = 0; round < 3; round++) {
            with[round] = rolledBackApply(ledger, filled, cases);
            owner.sql("ALTER TABLE statistics_case DISABLE TRIGGER USER").update();
            owner.sql("ALTER TABLE statistics_fact DISABLE TRIGGER USER").update();
            try {
                without[round] = rolledBackApply(ledger, filled, cases);
            } finally {
                owner.sql("ALTER TABLE statistics_case ENABLE TRIGGER USER").update();
                owner.sql("ALTER TABLE statistics_fact ENABLE TRIGGER USER").update();
            }
        }
        Arrays.sort(with);
        Arrays.sort(without);
        print(report, "%napplying %d more cases' events, rolled back, 3 times each, turn about (median): "
                + "%.0f events/s keeping the counts, %.0f events/s without (%.2f×)", cases, with[1], without[1],
                without[1] / with[1]);
    }

    private double rolledBackApply(GeneratedLedger ledger, long filled, int cases) {
        long started = System.nanoTime();
        long applied = transactions.execute(status -> {
            long events = 0;
            for (long number = filled + 1; number <= filled + cases; number++) {
                for (ConsumedEvent event : ledger.caseNumber(number)) {
                    apply(event);
                    events++;
                }
            }
            status.setRollbackOnly();
            return events;
        });
        return applied / ((System.nanoTime() - started) / 1e9);
    }

    private void apply(ConsumedEvent event) {
        (event.topic().equals(org.caseledger.api.Topics.APPEALS) ? appealsProjection : statisticsProjection)
                .apply(event);
    }

    /** The statistics read as now, but every statement one after another on the answer's one connection. */
    private StatisticsQueries oneAfterAnother(JdbcClient client, DataSource source) {
        return new StatisticsQueries(client, clock, new SharedSnapshot(source, Runnable::run, 0), new StatusAt());
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static StatisticsFilters filters(String query) {
        String[] given = new String[8];
        List<String> names = List.of("status", "ethnicity", "gender", "prefecture", "county", "facility",
                "detainedFrom", "detainedTo");
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                given[names.indexOf(nameAndValue[0])] = nameAndValue[1];
            }
        }
        return StatisticsFilters.of(given[0] == null ? null : org.caseledger.api.cases.CaseStatus.valueOf(given[0]),
                given[1], given[2] == null ? null : org.caseledger.api.cases.Gender.valueOf(given[2]), given[3],
                given[4], given[5], given[6], given[7]);
    }

    private static long time(Runnable query) {
        long started = System.nanoTime();
        query.run();
        return System.nanoTime() - started;
    }

    /**
     * The times of one filter's readings; the last three columns are how many times longer, at p99, the reading from
     * the rows (as before V32) took than the one side by side, and, at p50 and p99, the one after another than the
     * one side by side.
     */
    private static void row(List<String> report, String name, long[] before, long[] oneAfterAnother, long[] now,
                            long[] http) {
        print(report, "  %-40s %10.1f / %8.1f  %10.1f / %8.1f  %10.1f / %8.1f  %10.1f / %8.1f  %7.1f  %6.2f / %6.2f",
                name, percentile(before, 50), percentile(before, 99), percentile(oneAfterAnother, 50),
                percentile(oneAfterAnother, 99), percentile(now, 50), percentile(now, 99), percentile(http, 50),
                percentile(http, 99), percentile(before, 99) / percentile(now, 99),
                percentile(oneAfterAnother, 50) / percentile(now, 50),
                percentile(oneAfterAnother, 99) / percentile(now, 99));
    }

    private static long[] unboxed(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }
}
