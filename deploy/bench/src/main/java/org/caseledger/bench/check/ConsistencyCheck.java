package org.caseledger.bench.check;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.caseledger.bench.BenchRun;
import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The run ends by checking that nothing was lost or counted twice on the way: the events in case-service's event
 * store, the records on the cases topic, and the rows of the read models fed from it must agree, once the publisher
 * and the consumers have caught up (it waits for that, within a limit). Each read model is held to what it keeps,
 * and each consumer to the topic's end: projections a case row per case and a timeline entry per event but the
 * derived statuses; appeal-service a known case per case.
 */
public final class ConsistencyCheck {

    private static final long EMPTY = 0;

    /** Counts at one moment; {@code known} fields are null when appeal-service's database is not there. */
    public record Counts(long events, long derivedStatuses, long casesOpened, long topicRecords,
                         Map<Integer, Long> topicEnd, Map<Integer, Long> viewPositions, long caseRows,
                         Map<Integer, Long> timelinePositions, long timelineRows, Map<Integer, Long> knownPositions,
                         Long knownCases) {

        public Counts {
            topicEnd = new TreeMap<>(topicEnd);
            viewPositions = new TreeMap<>(viewPositions);
            timelinePositions = new TreeMap<>(timelinePositions);
            knownPositions = new TreeMap<>(knownPositions);
        }

        boolean published() {
            return topicRecords == events;
        }

        boolean projectionsCaughtUp() {
            return caughtUp(viewPositions) && caughtUp(timelinePositions);
        }

        boolean knownCaughtUp() {
            return knownCases == null || caughtUp(knownPositions);
        }

        /** A partition the consumer has never read from has no stored position, which is right when it is empty. */
        private boolean caughtUp(Map<Integer, Long> positions) {
            return topicEnd.entrySet().stream()
                    .allMatch(end -> positions.getOrDefault(end.getKey(), EMPTY).equals(end.getValue()));
        }

        public List<String> disagreements() {
            List<String> disagreements = new ArrayList<>();
            if (!published()) {
                disagreements.add(String.format(Locale.ROOT, "the topic holds %,d records for %,d stored events",
                        topicRecords, events));
            }
            if (!caughtUp(viewPositions)) {
                disagreements.add("projections' case positions " + viewPositions + " are not the topic's end "
                        + topicEnd);
            }
            if (!caughtUp(timelinePositions)) {
                disagreements.add("projections' timeline positions " + timelinePositions + " are not the topic's end "
                        + topicEnd);
            }
            if (timelineRows != events - derivedStatuses) {
                disagreements.add(String.format(Locale.ROOT, "projections' timelines hold %,d rows for %,d facts",
                        timelineRows, events - derivedStatuses));
            }
            if (caseRows != casesOpened) {
                disagreements.add(String.format(Locale.ROOT, "projections holds %,d cases, %,d were opened",
                        caseRows, casesOpened));
            }
            if (!knownCaughtUp()) {
                disagreements.add("appeal-service's positions " + knownPositions + " are not the topic's end " + topicEnd);
            }
            if (knownCases != null && knownCases != casesOpened) {
                disagreements.add(String.format(Locale.ROOT, "appeal-service knows %,d cases, %,d were opened",
                        knownCases, casesOpened));
            }
            return disagreements;
        }
    }

    /** Counts once everything has caught up, or as they are when {@code longest} has passed. */
    public static Counts await(Stack stack, Duration longest) throws SQLException {
        long deadline = System.nanoTime() + longest.toNanos();
        Counts counts = count(stack);
        while (!(counts.published() && counts.projectionsCaughtUp() && counts.knownCaughtUp())
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            counts = count(stack);
        }
        return counts;
    }

    public static boolean report(BenchRun run, Duration longest) throws SQLException {
        long start = System.nanoTime();
        Counts counts = await(run.stack(), longest);
        double waited = (System.nanoTime() - start) / 1e9;
        List<String> disagreements = counts.disagreements();
        String section = "check: event store, topic and read models agree";
        run.report().add(Row.measured(section, "events in the event store (cases)", counts.events(), "events",
                Row.Better.NEITHER).note(String.format(Locale.ROOT, "%,d cases opened, %,d derived statuses",
                counts.casesOpened(), counts.derivedStatuses())));
        run.report().add(Row.measured(section, "records on " + Stack.CASES_TOPIC, counts.topicRecords(), "records",
                Row.Better.NEITHER).note("end offsets " + counts.topicEnd()));
        run.report().add(Row.measured(section, "projections: timeline rows", counts.timelineRows(), "rows",
                Row.Better.NEITHER).note(String.format(Locale.ROOT, "one per event but the %,d derived statuses; "
                + "positions %s", counts.derivedStatuses(), counts.timelinePositions())));
        run.report().add(Row.measured(section, "projections: case rows", counts.caseRows(), "rows",
                Row.Better.NEITHER).note("one per case opened; positions " + counts.viewPositions()));
        if (counts.knownCases() != null) {
            run.report().add(Row.measured(section, "appeal-service: known cases", counts.knownCases(), "rows",
                    Row.Better.NEITHER).note("one per case opened; positions " + counts.knownPositions()));
        }
        run.report().add(Row.text(section, disagreements.isEmpty() ? "AGREE" : "DISAGREE",
                (disagreements.isEmpty() ? "all counts agree" : String.join("; ", disagreements))
                        + String.format(Locale.ROOT, " (waited %.1f s for the consumers to catch up)", waited)));
        run.report().detail("check", Map.of("counts", counts, "disagreements", disagreements));
        return disagreements.isEmpty();
    }

    static Counts count(Stack stack) throws SQLException {
        Stack.Databases names = stack.databaseNames();
        long events;
        long derived;
        long opened;
        Map<Integer, Long> topicEnd;
        try (Connection cases = stack.databases().connect(names.cases());
             Statement statement = cases.createStatement();
             ResultSet row = statement.executeQuery("""
                     SELECT count(*),
                            count(*) FILTER (WHERE payloadtype LIKE '%.CaseStatusDerived'),
                            count(*) FILTER (WHERE payloadtype LIKE '%.DetentionReported')
                       FROM domainevententry""")) {
            row.next();
            events = row.getLong(1);
            derived = row.getLong(2);
            opened = row.getLong(3);
        }
        // Read after the event store: a record published in between makes the topic look ahead, never behind.
        topicEnd = new HashMap<>();
        long records = committedRecords(stack.kafkaBootstrap(), Stack.CASES_TOPIC, topicEnd);
        long timeline;
        long caseRows;
        Map<Integer, Long> viewPositions;
        Map<Integer, Long> timelinePositions;
        try (Connection projections = stack.databases().connect(names.projections())) {
            viewPositions = positions(projections, Stack.CASE_VIEW_CONSUMER);
            timelinePositions = positions(projections, Stack.TIMELINE_CONSUMER);
            timeline = single(projections, "SELECT count(*) FROM timeline_entry");
            caseRows = single(projections, "SELECT count(*) FROM case_status");
        }
        Map<Integer, Long> knownPositions = Map.of();
        Long known = null;
        Optional<Connection> appeals = stack.appealsIfThere();
        if (appeals.isPresent()) {
            try (Connection connection = appeals.get()) {
                knownPositions = positions(connection, Stack.KNOWN_CASES_CONSUMER);
                known = single(connection, "SELECT count(*) FROM known_case");
            }
        }
        return new Counts(events, derived, opened, records, topicEnd, viewPositions, caseRows, timelinePositions,
                timeline, knownPositions, known);
    }

    /**
     * The committed end of each partition of the topic, and the records before it, counted by reading them: offsets
     * alone would count the marker that ends each of the publisher's transactions as well.
     */
    public static long committedRecords(String bootstrap, String topic, Map<Integer, Long> end) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "caseledger-bench-check",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition())).toList();
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            ends.forEach((partition, offset) -> end.put(partition.partition(), offset));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long records = 0;
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        records++;
                    }
                }
            }
            return records;
        }
    }

    private static Map<Integer, Long> positions(Connection connection, String consumer) throws SQLException {
        Map<Integer, Long> positions = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT partition_no, next_offset FROM consumer_position WHERE consumer_name = ? AND topic = ?")) {
            query.setString(1, consumer);
            query.setString(2, Stack.CASES_TOPIC);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    positions.put(rows.getInt(1), rows.getLong(2));
                }
            }
        }
        return positions;
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
