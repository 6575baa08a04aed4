package org.caseledger.bench.check;

import org.caseledger.bench.report.Row;
import org.caseledger.bench.stack.Stack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Where the stack's consumers of the cases topic stand, from the positions they store with their rows: every consumer
 * of projections but its rebuilds' copies, and appeal-service's known cases where that database is there.
 */
public final class ConsumerPositions {

    private ConsumerPositions() {
    }

    /**
     * @param seconds how long the wait took
     * @param behind  the consumers still short of the end when the time was up; empty when every one reached it
     */
    public record Waited(double seconds, List<String> behind) {

        public Waited {
            behind = List.copyOf(behind);
        }

        /**
         * A row of the report: how long after {@code after} every consumer had caught up, or which had not when the
         * time was up, and that {@code counted} (CPU measured over the phase) runs until then.
         */
        public Row row(String section, String after, String counted) {
            String figure = "every consumer caught up, after " + after;
            return behind.isEmpty()
                    ? Row.measured(section, figure, seconds, "s", Row.Better.LOWER)
                            .note(counted + " is counted until then")
                    : Row.text(section, figure, String.format(Locale.ROOT,
                            "not within %.0f s: %s still behind; %s is counted until then", seconds,
                            String.join(", ", behind), counted));
        }
    }

    /**
     * Waits until no consumer is short of the end {@code end} gives, asked again at each look, one look every
     * {@code between}, or until {@code longest} has passed.
     */
    public static Waited await(Stack stack, Duration longest, Duration between, Supplier<Map<Integer, Long>> end)
            throws SQLException {
        long start = System.nanoTime();
        long deadline = start + longest.toNanos();
        try (Connection projections = stack.databases().connect(stack.databaseNames().projections())) {
            Connection appeals = stack.appealsIfThere().orElse(null);
            try {
                List<String> behind = behind(projections, appeals, end.get());
                while (!behind.isEmpty() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(between.toNanos());
                    behind = behind(projections, appeals, end.get());
                }
                return new Waited((System.nanoTime() - start) / 1e9, behind);
            } finally {
                if (appeals != null) {
                    appeals.close();
                }
            }
        }
    }

    /** The consumers whose stored positions are short of {@code end} in some partition. */
    private static List<String> behind(Connection projections, Connection appeals, Map<Integer, Long> end)
            throws SQLException {
        List<String> behind = new ArrayList<>(behind(projections, "consumer_name NOT LIKE 'projections.rebuild.%'",
                end));
        if (appeals != null) {
            behind.addAll(behind(appeals, "consumer_name = '" + Stack.KNOWN_CASES_CONSUMER + "'", end));
        }
        return behind;
    }

    private static List<String> behind(Connection connection, String consumers, Map<Integer, Long> end)
            throws SQLException {
        Map<String, Map<Integer, Long>> positions = new TreeMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT consumer_name, partition_no, next_offset FROM consumer_position WHERE topic = ? AND "
                        + consumers)) {
            query.setString(1, Stack.CASES_TOPIC);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    positions.computeIfAbsent(rows.getString(1), name -> new HashMap<>())
                            .put(rows.getInt(2), rows.getLong(3));
                }
            }
        }
        return behind(positions, end);
    }

    /**
     * The consumers whose stored next offset is short of {@code end} in some partition. A transactional producer's
     * commit marker after the records takes an offset too, so a consumer past a transaction stores a next offset one
     * beyond the last record's, and one at {@code end} exactly has read every record before it.
     *
     * @param positions per consumer, per partition, the next offset it stored
     * @param end       per partition, the offset after the last record to have been read
     */
    static List<String> behind(Map<String, Map<Integer, Long>> positions, Map<Integer, Long> end) {
        List<String> behind = new ArrayList<>();
        positions.forEach((name, stored) -> {
            if (end.entrySet().stream().anyMatch(last -> stored.getOrDefault(last.getKey(), 0L) < last.getValue())) {
                behind.add(name);
            }
        });
        return behind;
    }
}
