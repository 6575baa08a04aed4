package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.kafka.ConsumedEvent;
import org.caseledger.platform.kafka.EventProjection;
import org.caseledger.platform.security.Role;
import org.caseledger.projections.ReadModelBenchmarks;
import org.caseledger.projections.ReadModelBenchmarks.Token;
import org.caseledger.projections.RunningProjections;
import org.caseledger.projections.search.GeneratedNames;
import org.caseledger.projections.search.NameSearch;
import org.caseledger.projections.statistics.ExplainingDataSource;
import org.caseledger.projections.statistics.GeneratedLedger;
import org.caseledger.projections.statistics.StatisticsFilters;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.caseledger.projections.ReadModelBenchmarks.percentile;
import static org.caseledger.projections.ReadModelBenchmarks.print;

/**
 * Not a test of the default build (its name is no {@code *IT}): fills the models a search and the case view read with
 * the cases topic's events of a {@link GeneratedLedger} through the projections' own code, a poll at a time as their
 * consumers apply them ({@link ReadModelBenchmarks#fill}), its people named by {@link GeneratedNames} and half of them
 * made public, into the real PostgreSQL; then times, for people sampled from what was filled, a search by each kind of
 * query and the case view, read in process ({@link CaseStatusQueries}) and over HTTP, turn about.
 *
 * <p>The models filled are the case status ({@code case_status}, {@code case_fact}: the list, the search's page and
 * the case view), the case search ({@code case_search_name}, {@code case_search_key}, {@code case_search_case}) and
 * the statistics ({@code statistics_case}, which the {@code prefecture} filter and this benchmark's sampling read).
 * The timeline is not filled: neither the search nor {@code GET /api/cases/{caseId}} reads it. Every name search
 * must find its person on the first page, read either way, so the figures are of searches that work: a miss is
 * reported with its rank, and fails the run once the report is written. Run with {@code -Dit.test=SearchBenchmark
 * -Dcaseledger.benchmark.cases=130000} (527,093 cases-topic events of the generated ledger, standing for some
 * 1,000,000 events of recorded histories); see docs/search.md.
 */
class SearchBenchmark extends RunningProjections {

    private static final int PAGE = 50;

    @LocalServerPort
    int port;
    @Autowired
    CaseStatusQueries queries;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    DataSource dataSource;
    @Autowired
    @Qualifier("caseStatusProjection")
    EventProjection caseStatusProjection;
    @Autowired
    @Qualifier("caseSearchProjection")
    EventProjection caseSearchProjection;
    @Autowired
    @Qualifier("statisticsProjection")
    EventProjection statisticsProjection;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private final Map<Role, Token> tokens = new EnumMap<>(Role.class);

    /** What a query asks of a sampled person, and whether it must find that person on the first page. */
    private record Kind(String name, Role role, boolean mustFind, Function<Sample, Optional<Query>> query) {
    }

    private record Query(String q, StatisticsFilters filters, String parameters) {
    }

    /** A person sampled from the filled model, with their names regenerated from the case number. */
    private record Sample(String caseId, long caseNumber, CaseStatus status, String prefecture, boolean publicCase,
                          GeneratedNames.Name name) {
    }

    @Test
    void timesSearchAndCaseViewAtScale() throws IOException {
        long seed = Long.getLong("caseledger.benchmark.seed", 1);
        int cases = Integer.getInteger("caseledger.benchmark.cases", 20_000);
        int warmUp = Integer.getInteger("caseledger.benchmark.warmup", 20);
        int rounds = Integer.getInteger("caseledger.benchmark.queries", 200);
        GeneratedLedger ledger = new GeneratedLedger(seed);
        GeneratedNames names = new GeneratedNames(seed);
        List<String> report = new ArrayList<>();
        print(report, "seed %d, %d queries of each kind after %d to warm up, in process and over HTTP turn about, "
                + "a person sampled anew for each; load average before: %s", seed, rounds, warmUp, loadAverage());

        long started = System.nanoTime();
        long events = ReadModelBenchmarks.fill(transactions, 0, cases, number -> named(ledger, names, number),
                List.of(caseStatusProjection, caseSearchProjection, statisticsProjection));
        double seconds = (System.nanoTime() - started) / 1e9;
        // VACUUM, as autovacuum would in a while, also moves the names the fill left in the trigram index's pending
        // list into the index: with thousands of them pending the planner reads every name instead.
        jdbc.sql("VACUUM ANALYZE case_status, case_search_name, case_search_key, case_search_case, case_fact, "
                + "statistics_case").update();
        print(report, "%d cases, %d cases-topic events applied on %d threads in %.0f s (%.0f events/s); rows: "
                        + "case_status %d, case_search_name %d, case_search_key %d, case_search_case %d, case_fact %d, "
                        + "statistics_case %d",
                cases, events, Integer.getInteger("caseledger.benchmark.threads", 2), seconds, events / seconds,
                count("case_status"), count("case_search_name"), count("case_search_key"), count("case_search_case"),
                count("case_fact"), count("statistics_case"));

        List<Kind> kinds = kinds();
        SplittableRandom random = new SplittableRandom(seed);
        print(report, "  %-44s %28s %28s %9s %7s", "", "in process p50/p99/max ms", "HTTP p50/p99/max ms",
                "matches", "found");
        List<Sample> explained = new ArrayList<>();
        List<String> missed = new ArrayList<>();
        for (Kind kind : kinds) {
            List<Sample> samples = samples(random, names, cases, kind, warmUp + rounds);
            explained.add(samples.get(0));
            long[] direct = new long[rounds];
            long[] http = new long[rounds];
            long[] matches = new long[rounds];
            int found = 0;
            for (int round = -warmUp; round < rounds; round++) {
                Sample sample = samples.get(round + warmUp);
                Query query = kind.query().apply(sample).orElseThrow();
                NameSearch search = NameSearch.of(query.q(), kind.role());
                long a = System.nanoTime();
                CaseStatusPage page = queries.findCases(query.filters(), false, Optional.of(search), 0, PAGE);
                long b = System.nanoTime();
                JsonNode answer = get(kind.role(), "/api/cases?q=" + encoded(query.q()) + query.parameters());
                long c = System.nanoTime();
                boolean inProcess = page.items().stream().anyMatch(item -> item.caseId().equals(sample.caseId()));
                boolean overHttp = false;
                for (JsonNode item : answer.get("items")) {
                    overHttp |= item.get("caseId").asText().equals(sample.caseId());
                }
                assertThat(answer.get("totalItems").asLong()).as("%s: %s", kind.name(), query.q())
                        .isEqualTo(page.totalItems());
                if (kind.mustFind() && !(inProcess && overHttp)) {
                    missed.add(String.format(Locale.ROOT, "%s: '%s' does not find case %d on the first page "
                                    + "(in process: %s, over HTTP: %s); it is number %d of %d found", kind.name(),
                            query.q(), sample.caseNumber(), inProcess, overHttp, rank(query, search, sample),
                            page.totalItems()));
                }
                if (round >= 0) {
                    direct[round] = b - a;
                    http[round] = c - b;
                    matches[round] = page.totalItems();
                    found += inProcess ? 1 : 0;
                }
            }
            row(report, kind.name(), direct, http, matches, found + "/" + rounds);
        }
        caseView(report, random, cases, warmUp, rounds);
        print(report, "load average after: %s", loadAverage());
        if (Boolean.getBoolean("caseledger.benchmark.explain")) {
            explain(kinds, explained, cases);
        }
        missed.forEach(miss -> print(report, "missed: %s", miss));
        Path written = Path.of("target", "search-benchmark.txt");
        Files.write(written, report);
        System.out.println("written to " + written.toAbsolutePath());
        assertThat(missed).as("name searches that did not find their person on the first page").isEmpty();
    }

    /**
     * Where the search ranks the sampled person among all it finds (1 is first; 0 when not found at all). A miss is
     * reported with the others after every kind is timed, so that a run that took an hour to fill still reports.
     */
    private long rank(Query query, NameSearch search, Sample sample) {
        List<CaseStatusView> all = queries.findCases(query.filters(), false, Optional.of(search), 0, 10_000).items();
        for (int at = 0; at < all.size(); at++) {
            if (all.get(at).caseId().equals(sample.caseId())) {
                return at + 1;
            }
        }
        return 0;
    }

    private static List<Kind> kinds() {
        StatisticsFilters none = filters(null, null);
        return List.of(
                new Kind("Latin name as recorded", Role.OPERATOR, true,
                        s -> Optional.of(new Query(s.name().latin(), none, ""))),
                new Kind("Latin name as recorded, as viewer", Role.VIEWER, true,
                        s -> s.publicCase() ? Optional.of(new Query(s.name().latin(), none, "")) : Optional.empty()),
                new Kind("Cyrillic spelling", Role.OPERATOR, true,
                        s -> Optional.of(new Query(s.name().cyrillic(), none, ""))),
                new Kind("Uyghur Arabic spelling", Role.OPERATOR, true,
                        s -> Optional.of(new Query(s.name().arabic(), none, ""))),
                new Kind("Chinese spelling (recorded)", Role.OPERATOR, true,
                        s -> s.name().recordedChinese() ? Optional.of(new Query(s.name().chinese(), none, ""))
                                : Optional.empty()),
                new Kind("near miss (a letter of the surname left out)", Role.OPERATOR, true,
                        s -> Optional.of(new Query(s.name().given() + " " + misspelt(s.name().family()), none, ""))),
                new Kind("surname alone (many match)", Role.OPERATOR, false,
                        s -> Optional.of(new Query(s.name().family(), none, ""))),
                new Kind("Latin name + status + prefecture", Role.OPERATOR, true,
                        s -> s.prefecture() == null || s.status() == null ? Optional.empty() : Optional.of(new Query(s.name().latin(),
                                filters(s.status(), s.prefecture()), "&status=" + s.status() + "&prefecture="
                                + encoded(s.prefecture())))),
                new Kind("case number (#n)", Role.OPERATOR, true,
                        s -> Optional.of(new Query("#" + s.caseNumber(), none, ""))));
    }

    /** The family name with one of its inner letters left out. */
    private static String misspelt(String family) {
        int at = family.length() / 2;
        return family.substring(0, at) + family.substring(at + 1);
    }

    /** {@code GET /api/cases/{caseId}} read in process ({@link CaseStatusQueries#findCase}) and over HTTP. */
    private void caseView(List<String> report, SplittableRandom random, int cases, int warmUp, int rounds) {
        long[] direct = new long[rounds];
        long[] http = new long[rounds];
        for (int round = -warmUp; round < rounds; round++) {
            String caseId = caseIdOf(1 + random.nextInt(cases));
            long a = System.nanoTime();
            CaseStatusView view = queries.findCase(caseId).orElseThrow();
            long b = System.nanoTime();
            JsonNode shown = get(Role.OPERATOR, "/api/cases/" + caseId);
            long c = System.nanoTime();
            assertThat(shown.get("caseNumber").asLong()).isEqualTo(view.caseNumber());
            if (round >= 0) {
                direct[round] = b - a;
                http[round] = c - b;
            }
        }
        row(report, "GET /api/cases/{caseId}", direct, http, new long[] {1}, "");
    }

    /** Persons for one kind of query: cases not merged away, each with what the query asks of them. */
    private List<Sample> samples(SplittableRandom random, GeneratedNames names, int cases, Kind kind, int wanted) {
        List<Sample> samples = new ArrayList<>();
        while (samples.size() < wanted) {
            long number = 1 + random.nextInt(cases);
            Sample sample = jdbc.sql("""
                            SELECT s.case_id, s.case_number, s.status, s.visibility, st.prefecture,
                                   s.person ->> 'ethnicity' AS ethnicity, s.person ->> 'gender' AS gender
                              FROM case_status s LEFT JOIN statistics_case st ON st.case_id = s.case_id
                             WHERE s.case_id = :caseId AND s.merged_into IS NULL""")
                    .param("caseId", caseIdOf(number))
                    .query((rs, row) -> new Sample(rs.getString("case_id"), rs.getLong("case_number"),
                            rs.getString("status") == null ? null : CaseStatus.valueOf(rs.getString("status")), rs.getString("prefecture"),
                            "PUBLIC".equals(rs.getString("visibility")),
                            names.of(number, rs.getString("ethnicity"), rs.getString("gender") == null ? null
                                    : Gender.valueOf(rs.getString("gender")))))
                    .optional().orElse(null);
            if (sample != null && kind.query().apply(sample).isPresent()) {
                samples.add(sample);
            }
        }
        return samples;
    }

    /**
     * One search of each kind, and one case view, through a {@link CaseStatusQueries} whose statements are each run
     * under {@code EXPLAIN (ANALYZE, BUFFERS)} first, written to {@code target/search-query-plans.txt}.
     */
    private void explain(List<Kind> kinds, List<Sample> samples, int cases) throws IOException {
        List<String> plans = new ArrayList<>();
        DataSource explainingSource = ExplainingDataSource.explaining(dataSource, plans::add);
        CaseStatusQueries explaining = new CaseStatusQueries(JdbcClient.create(explainingSource),
                new TransactionTemplate(new DataSourceTransactionManager(explainingSource)));
        for (int i = 0; i < kinds.size(); i++) {
            Kind kind = kinds.get(i);
            Query query = kind.query().apply(samples.get(i)).orElseThrow();
            plans.add("==== " + cases + " cases, " + kind.name() + ": q=" + query.q() + query.parameters()
                    + " as " + kind.role());
            explaining.findCases(query.filters(), false, Optional.of(NameSearch.of(query.q(), kind.role())), 0, PAGE);
        }
        plans.add("==== " + cases + " cases, GET /api/cases/{caseId}");
        explaining.findCase(samples.get(0).caseId());
        Path written = Path.of("target", "search-query-plans.txt");
        Files.write(written, plans);
        System.out.println("plans written to " + written.toAbsolutePath());
    }

    /**
     * The case's events on the cases topic, as each of the three models applies them in the fill: its opening report
     * names the person; every other case is then made public.
     */
    private static List<ConsumedEvent> named(GeneratedLedger ledger, GeneratedNames names, long number) {
        List<ConsumedEvent> events = new ArrayList<>();
        for (ConsumedEvent event : ledger.caseNumber(number)) {
            if (!Topics.CASES.equals(event.topic())) {
                continue;
            }
            Optional<DetentionReported> opening = event.payloadAs(DetentionReported.class);
            events.add(opening.isEmpty() ? event : with(event, event.type(), event.sequence(), opening
                    .map(report -> {
                        Person person = report.person();
                        return new DetentionReported(report.caseId(), report.caseNumber(),
                                names.of(number, person.ethnicity(), person.gender()).on(person), report.detention(),
                                report.source());
                    }).get()));
        }
        if (number % 2 == 0) {
            ConsumedEvent last = events.get(events.size() - 1);
            events.add(with(last, EventCatalogue.nameOf(CaseVisibilityChanged.class), last.sequence() + 1,
                    new CaseVisibilityChanged(new CaseId(last.aggregateId()), Visibility.PUBLIC, "as asked")));
        }
        return events;
    }

    private static ConsumedEvent with(ConsumedEvent event, String type, long sequence, Object payload) {
        return new ConsumedEvent(type, event.revision(), event.eventId() + (sequence == event.sequence() ? "" : "-v"),
                event.aggregateId(), sequence, event.timestamp(), event.recordedBy(), event.correlationId(),
                Optional.of(payload), event.topic(), event.partition(), event.offset(), () -> {
        });
    }

    /** The case id {@link GeneratedLedger} gives case {@code number} of seed 1 or of the seed asked for. */
    private static String caseIdOf(long number) {
        return new UUID(Long.getLong("caseledger.benchmark.seed", 1), number).toString();
    }

    private JsonNode get(Role role, String pathAndQuery) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                .header("Authorization", "Bearer " + tokens.computeIfAbsent(role, Token::new).get()).build();
        HttpResponse<String> answer = ReadModelBenchmarks.send(client, request);
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + pathAndQuery + " answered " + answer.statusCode() + ": "
                    + answer.body());
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StatisticsFilters filters(CaseStatus status, String prefecture) {
        return StatisticsFilters.of(status, null, null, prefecture, null, null, null, null);
    }

    private static String encoded(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private static void row(List<String> report, String name, long[] direct, long[] http, long[] matches,
                            String found) {
        print(report, "  %-44s %8.1f /%7.1f /%7.1f   %8.1f /%7.1f /%7.1f %9d %7s", name, percentile(direct, 50),
                percentile(direct, 99), percentile(direct, 100), percentile(http, 50), percentile(http, 99),
                percentile(http, 100), median(matches), found);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(sorted.length - 1) / 2];
    }
}
