package org.caseledger.bench.limits;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.Durations;
import org.caseledger.bench.Phase;
import org.caseledger.bench.report.Reference;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Stack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * What the machine allows: PostgreSQL and the broker the stack runs on, driven directly, with the stack's own
 * durability settings. The later phases hold their figures against these.
 */
public final class LimitsPhase implements Phase {

    public static final String COMMITS_ONE_CLIENT = "jdbc.commits.1";
    public static final String COMMITS_CLIENTS = "jdbc.commits.n";
    public static final String COMMIT_TIME = "jdbc.commit-time.1";
    public static final String BATCHED_ROWS = "jdbc.batched-rows";
    public static final String SELECTS_BY_KEY = "jdbc.selects.n";
    public static final String PRODUCED = "kafka.produced";
    public static final String CONSUMED = "kafka.consumed";
    public static final String PUBLISHER_SENDS = "kafka.publisher-sends.5";

    private static final int DEFAULT_PARTITIONS = 6;

    @Override
    public String name() {
        return "limits";
    }

    @Override
    public void run(BenchRun run) throws Exception {
        Stack stack = run.stack();
        Durations durations = run.config().durations();
        int clients = run.config().clients();
        String section = "limits: the stack's PostgreSQL (" + postgresDurability(stack) + ") and broker";

        JdbcBenchmarks.login = stack.databases();
        Jmh.Score one;
        Jmh.Score many;
        Jmh.Score batched;
        Jmh.Score selects;
        try (ScratchDatabase ignored = ScratchDatabase.create(stack.databases(), stack.databaseNames().admin())) {
            one = Jmh.run(JdbcBenchmarks.class, "commitOneRow", 1, durations);
            many = Jmh.run(JdbcBenchmarks.class, "commitOneRow", clients, durations);
            batched = Jmh.run(JdbcBenchmarks.class, "insertBatch", 1, durations);
            selects = Jmh.run(JdbcBenchmarks.class, "selectByKey", clients, durations);
        }
        add(run, section, COMMITS_ONE_CLIENT, "JDBC single-row commits, 1 client", one, "commits/s",
                "each an event-sized row in its own transaction");
        add(run, section, COMMITS_CLIENTS, "JDBC single-row commits, " + clients + " clients", many, "commits/s",
                "one connection each");
        run.limit(COMMIT_TIME, new Reference("one durable commit, 1 client", 1000 / one.perSecond(), "ms"));
        run.report().add(Row.measured(section, "time of one durable commit, 1 client", 1000 / one.perSecond(), "ms",
                Row.Better.LOWER).note("1 / the rate above: the least a command can take"));
        add(run, section, BATCHED_ROWS, "JDBC batched inserts, 1 client", batched, "rows/s",
                JdbcBenchmarks.BATCH + " rows a transaction, rewritten into multi-row INSERTs");
        add(run, section, SELECTS_BY_KEY, "JDBC reads by primary key, " + clients + " clients", selects, "reads/s",
                "one row each, among those written above");

        JdbcBenchmarks.login = null;
        try (ScratchTopic topic = ScratchTopic.create(stack.kafkaBootstrap(), Stack.CASES_TOPIC, DEFAULT_PARTITIONS)) {
            KafkaBenchmarks.bootstrapServers = stack.kafkaBootstrap();
            KafkaBenchmarks.topic = topic.name();
            String brokerSection = "limits: the stack's broker (" + topic.durability() + ")";
            Jmh.Score produced = Jmh.run(KafkaBenchmarks.class, "sendBatch", 1, durations);
            add(run, brokerSection, PRODUCED, "Kafka produce, 1 producer", produced, "records/s",
                    "acks=all, idempotent, linger " + KafkaBenchmarks.LINGER_MS + " ms, batches up to "
                            + KafkaBenchmarks.BATCH_BYTES / 1024 + " KiB, " + topic.partitions()
                            + " partitions like the cases topic; scratch topic, deleted afterwards");
            publisherSends(run, brokerSection, durations);
            double consumed = topic.consumeAll();
            run.limit(CONSUMED, new Reference("Kafka consume, 1 consumer", consumed, "records/s"));
            run.report().add(Row.measured(brokerSection, "Kafka consume, 1 consumer", consumed, "records/s",
                    Row.Better.HIGHER).note("every record produced above, from the start, 500 a poll"));
        }
    }

    /**
     * The publisher's own way of sending, with the one request in flight per broker it keeps and with Kafka's default
     * of five, one after the other on the same topic: the ratio is what the one costs its throughput.
     */
    private static void publisherSends(BenchRun run, String section, Durations durations) throws Exception {
        Jmh.Score five = Jmh.run(PublisherSendBenchmarks.class, "sendBatchAndAwait", 1, durations,
                Map.of("maxInFlight", "5"));
        Jmh.Score one = Jmh.run(PublisherSendBenchmarks.class, "sendBatchAndAwait", 1, durations,
                Map.of("maxInFlight", "1"));
        String how = "acks=all, idempotent, linger 0, batches of " + PublisherSendBenchmarks.BATCH
                + " sent at once and every acknowledgement awaited before the next, as the publisher sends";
        Reference withFive = new Reference("5 requests in flight", five.perSecond(), "records/s");
        run.limit(PUBLISHER_SENDS, withFive);
        run.report().add(Row.measured(section, "publisher's sends, 5 requests in flight", five.perSecond(),
                "records/s", Row.Better.HIGHER).note(how + error(five)));
        run.report().add(Row.measured(section, "publisher's sends, 1 request in flight", one.perSecond(),
                "records/s", Row.Better.HIGHER).against(withFive)
                .note("max.in.flight.requests.per.connection=1, as the publisher keeps it" + error(one)));
    }

    private static String error(Jmh.Score score) {
        return Double.isNaN(score.error()) ? "" : String.format(java.util.Locale.ROOT, "; ± %,.0f (JMH, 99.9%%)",
                score.error());
    }

    private static void add(BenchRun run, String section, String key, String figure, Jmh.Score score, String unit,
                            String note) {
        run.limit(key, new Reference(figure, score.perSecond(), unit));
        run.report().add(Row.measured(section, figure, score.perSecond(), unit, Row.Better.HIGHER)
                .note(note + error(score)));
    }

    private static String postgresDurability(Stack stack) throws SQLException {
        try (Connection connection = stack.databases().connect(stack.databaseNames().admin());
             Statement statement = connection.createStatement();
             ResultSet settings = statement.executeQuery("SELECT current_setting('fsync'), "
                     + "current_setting('synchronous_commit'), current_setting('full_page_writes')")) {
            settings.next();
            return "fsync=" + settings.getString(1) + ", synchronous_commit=" + settings.getString(2)
                    + ", full_page_writes=" + settings.getString(3);
        }
    }
}
