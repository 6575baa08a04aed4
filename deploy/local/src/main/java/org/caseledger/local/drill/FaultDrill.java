package org.caseledger.local.drill;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fault drill: under a steady command load on case-service, one fault after another, each in place for a step of
 * the same length; afterwards, once the publisher (and projections, when the drill reads them) have caught up, count
 * for the commands first sent in each step how many were accepted, stored in the event store, published on the topic
 * and shown by projections, and how many were lost or are there twice. The steps are the caller's: the broker drill's
 * ({@link #brokerSteps}), or the local stack's own processes killed, paused and stopped.
 * <p>
 * A command is stored when the event its receipt names is in the event store, published when that event's id is on
 * the topic, and projected when the case status model holds that event among its case's facts. Lost: an accepted
 * command whose event is not stored, not published or (when projections is read) not projected, or any other event
 * stored since the drill began (the status a case opens with) that never reached the topic. Duplicates: an event on
 * the topic more than once, or a fact stored that no accepted command's receipt names (a command recorded twice).
 * <p>
 * Besides, the case numbers of the cases opened during the drill must be whole ({@link CaseNumberCheck}), and when a
 * step killed the instance that held the publisher ({@link PublisherKill}), an event stored after the kill must reach
 * the topic: the report gives the seconds that took.
 */
public final class FaultDrill {

    /**
     * case-service's topic and the header its records carry the stored event's id in: {@code Topics.CASES} and
     * {@code EventHeaders.EVENT_ID} of the api module, which the launchers' class path does without (the drill's test
     * holds them equal).
     */
    public static final String TOPIC = "caseledger.cases.v1";
    public static final String EVENT_ID_HEADER = "event-id";
    private static final Pattern CASE_NUMBER = Pattern.compile("\"caseNumber\"\\s*:\\s*(\\d+)");

    /**
     * One step: its fault, done as the step begins, and what ends it, done as the step's time is up (a paused process
     * let go on, a stopped one started again; nothing for a fault that is left in place or mends itself).
     */
    public record Step(String name, Runnable fault, Runnable end) {

        public Step(String name, Runnable fault) {
            this(name, fault, () -> {
            });
        }
    }

    /** One line of the table: what came of the commands first sent during one step. */
    public record Row(String step, double seconds, int sent, int accepted, int stored, int published,
                      String projected, int duplicates, int lost, double lastOnTopicAt) {
    }

    /**
     * The table, and what it rests on.
     *
     * @param conflicts       answers 409, among the refusals: each command so answered was sent again with its key
     * @param takeoverSeconds from the kill of the publisher's instance until an event stored after it was on the
     *                        topic; -1 when none got there, NaN when no step killed it
     */
    public record Report(List<Row> rows, int refusals, int conflicts, int eventsStored, int eventsOnTopic,
                         int extraCopiesOnTopic, int factsWithoutReceipt, boolean caughtUp, double settleSeconds,
                         CaseNumberCheck caseNumbers, String publisherKilled, double takeoverSeconds) {

        public Row total() {
            return new Row("all steps", rows.stream().mapToDouble(Row::seconds).sum(),
                    rows.stream().mapToInt(Row::sent).sum(), rows.stream().mapToInt(Row::accepted).sum(),
                    rows.stream().mapToInt(Row::stored).sum(), rows.stream().mapToInt(Row::published).sum(),
                    rows.get(0).projected().equals("n/a") ? "n/a" : Integer.toString(rows.stream()
                            .mapToInt(row -> Integer.parseInt(row.projected())).sum()),
                    rows.stream().mapToInt(Row::duplicates).sum(),
                    rows.stream().mapToInt(Row::lost).sum(),
                    rows.stream().mapToDouble(Row::lastOnTopicAt).max().orElse(-1));
        }

        /**
         * Nothing lost and nothing twice, in every row, the publisher (and projections) caught up, the case numbers
         * whole, and publication taken over when its instance was killed.
         */
        public boolean clean() {
            return caughtUp && rows.stream().allMatch(row -> row.lost() == 0 && row.duplicates() == 0)
                    && caseNumbers.whole() && (Double.isNaN(takeoverSeconds) || takeoverSeconds >= 0);
        }

        private String readers() {
            return rows.get(0).projected().equals("n/a") ? "topic" : "topic and projections";
        }

        public String table() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                    "%-34s %7s %6s %9s %7s %10s %10s %11s %5s %16s%n", "step", "time s", "sent", "accepted",
                    "stored", "published", "projected", "duplicates", "lost", "last on topic s"));
            List<Row> all = new ArrayList<>(rows);
            all.add(total());
            for (Row row : all) {
                out.append(String.format(Locale.ROOT, "%-34s %7.1f %6d %9d %7d %10d %10s %11d %5d %16s%n",
                        row.step(), row.seconds(), row.sent(), row.accepted(), row.stored(), row.published(),
                        row.projected(), row.duplicates(), row.lost(),
                        row.lastOnTopicAt() < 0 ? "-" : String.format(Locale.ROOT, "%.1f", row.lastOnTopicAt())));
            }
            out.append(String.format(Locale.ROOT, "requests refused or unanswered and sent again with their key: %d, "
                            + "of them answered 409 (another instance wrote the case at the same moment): %d; events "
                            + "stored since the drill began: %d, of them on the topic: %d; duplicates: %d extra copies "
                            + "on the topic, %d facts stored without a receipt; %s%n",
                    refusals, conflicts, eventsStored, eventsOnTopic, extraCopiesOnTopic, factsWithoutReceipt, caughtUp
                            ? String.format(Locale.ROOT, "the %s had them all %.1f s after the load stopped",
                            readers(), settleSeconds)
                            : String.format(Locale.ROOT, "NOT all in the %s %.1f s after the load stopped",
                            readers(), settleSeconds)));
            out.append(caseNumbers).append(System.lineSeparator());
            if (!Double.isNaN(takeoverSeconds)) {
                out.append(takeoverSeconds < 0 ? "publication NOT taken over after the kill -9 of " + publisherKilled
                        : String.format(Locale.ROOT, "publication taken over %.1f s after the kill -9 of %s (the first "
                        + "event stored after it on the topic)", takeoverSeconds, publisherKilled));
                out.append(System.lineSeparator());
            }
            return out.toString();
        }
    }

    private record StoredEvent(long index, String id, String caseId, String type, Instant at) {
    }

    private final Supplier<List<String>> caseService;
    private final Credentials credentials;
    private final DataSource caseStore;
    private final DataSource projectionsStore;
    private final String bootstrapServers;
    private final List<Step> steps;
    private final int clients;
    private final Duration stepLength;
    private final Duration settle;
    private final Consumer<String> progress;
    private final PublisherKill publisherKill;

    /**
     * @param caseService      the service's base URL, e.g. {@code http://localhost:8081}
     * @param caseStore        case-service's database, read for its event store
     * @param projectionsStore projections' database, read for the case status model's facts; null when the drill
     *                         runs without projections, whose column then reads n/a
     * @param bootstrapServers the brokers the services are given, where the drill reads the topic
     * @param stepLength       how long the load runs in each step, after its fault
     * @param settle           how long the publisher and projections get, after the load stopped, to have every
     *                         stored event
     * @param progress         where each step is told as it begins
     */
    public FaultDrill(String caseService, Credentials credentials, DataSource caseStore, DataSource projectionsStore,
                      String bootstrapServers, List<Step> steps, int clients, Duration stepLength, Duration settle,
                      Consumer<String> progress) {
        this(() -> List.of(caseService), credentials, caseStore, projectionsStore, bootstrapServers, steps, clients,
                stepLength, settle, progress, new PublisherKill());
    }

    /**
     * @param caseService   the base URLs of the case-service instances the load goes to at each moment: a step may
     *                      add a second instance over the same database, or take one away
     * @param publisherKill told by a step that kills the instance holding the publisher; untouched otherwise
     */
    public FaultDrill(Supplier<List<String>> caseService, Credentials credentials, DataSource caseStore,
                      DataSource projectionsStore, String bootstrapServers, List<Step> steps, int clients,
                      Duration stepLength, Duration settle, Consumer<String> progress, PublisherKill publisherKill) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("a drill needs at least one step");
        }
        this.caseService = caseService;
        this.credentials = credentials;
        this.caseStore = caseStore;
        this.projectionsStore = projectionsStore;
        this.bootstrapServers = bootstrapServers;
        this.steps = List.copyOf(steps);
        this.clients = clients;
        this.stepLength = stepLength;
        this.settle = settle;
        this.progress = progress;
        this.publisherKill = publisherKill;
    }

    /**
     * The broker drill's steps on a cluster of three nodes: all up; {@code kill -9} of one node, of a second (one left:
     * no write can be acknowledged by two replicas), of the third; the three started again.
     */
    public static List<Step> brokerSteps(DrillBrokers brokers) {
        if (brokers.nodes() != 3) {
            throw new IllegalArgumentException("the broker drill needs a cluster of three Kafka nodes, not "
                    + brokers.nodes());
        }
        return List.of(
                new Step("3 brokers up", () -> {
                }),
                new Step("kill -9 broker 1 (2 left)", () -> brokers.kill(1)),
                new Step("kill -9 broker 2 (1 left)", () -> brokers.kill(2)),
                new Step("kill -9 broker 3 (none left)", () -> brokers.kill(3)),
                new Step("brokers 1, 2, 3 started again", () -> brokers.start(1, 2, 3)));
    }

    public Report run() throws Exception {
        long startIndex = lastGlobalIndex(caseStore);
        long lastCaseNumberBefore = lastCaseNumber();
        AtomicInteger current = new AtomicInteger();
        List<Instant> stepStarts = new ArrayList<>();
        List<Double> stepSeconds = new ArrayList<>();
        CommandLoad load = new CommandLoad(caseService, credentials, current::get);
        try (TopicWatch topic = new TopicWatch(bootstrapServers, TOPIC)) {
            long began = System.nanoTime();
            load.start(clients);
            try {
                runSteps(current, began, stepStarts, stepSeconds);
            } catch (RuntimeException e) {
                load.abandon();
                throw e;
            }
            load.stop();
            long stopped = System.nanoTime();
            progress.accept(String.format(Locale.ROOT, "%6.1f s  load stopped; waiting for the topic%s to have "
                            + "every stored event", seconds(began, stopped),
                    projectionsStore == null ? "" : " and projections"));
            List<StoredEvent> stored = storedSince(startIndex);
            Set<String> projected = projected(load);
            long deadline = stopped + settle.toNanos();
            while (!caughtUp(stored, topic, load, projected) && System.nanoTime() < deadline) {
                pauseUntil(System.nanoTime() + Duration.ofMillis(500).toNanos());
                stored = storedSince(startIndex);
                projected = projected(load);
            }
            double settleSeconds = seconds(stopped, System.nanoTime());
            // The reader takes a last look, so that a copy published late is counted as well.
            pauseUntil(System.nanoTime() + Duration.ofSeconds(2).toNanos());
            return report(stepStarts, stepSeconds, load, stored, topic, projectionsStore == null ? null
                    : projected(load), began, settleSeconds, CaseNumberCheck.of(lastCaseNumberBefore, lastCaseNumber(),
                    caseNumbersSince(startIndex)));
        }
    }

    private void runSteps(AtomicInteger current, long began, List<Instant> stepStarts, List<Double> stepSeconds) {
        for (int i = 0; i < steps.size(); i++) {
            long stepBegan = System.nanoTime();
            stepStarts.add(Instant.now());
            current.set(i);
            progress.accept(String.format(Locale.ROOT, "%6.1f s  %s", seconds(began, stepBegan),
                    steps.get(i).name()));
            steps.get(i).fault().run();
            pauseUntil(System.nanoTime() + stepLength.toNanos());
            steps.get(i).end().run();
            stepSeconds.add(seconds(stepBegan, System.nanoTime()));
        }
    }

    /**
     * Every stored event on the topic and, when projections is read, every accepted command's event among the case
     * status model's facts.
     */
    private boolean caughtUp(List<StoredEvent> stored, TopicWatch topic, CommandLoad load, Set<String> projected) {
        return stored.stream().allMatch(event -> topic.times(event.id()) > 0)
                && (projected == null || load.sent().stream()
                .allMatch(command -> !command.accepted || projected.contains(command.eventId)));
    }

    /** The accepted commands' events that the case status model holds; null when the drill does not read it. */
    private Set<String> projected(CommandLoad load) {
        if (projectionsStore == null) {
            return null;
        }
        List<String> eventIds = load.sent().stream().filter(command -> command.accepted)
                .map(command -> command.eventId).toList();
        Set<String> found = new HashSet<>();
        try (Connection connection = projectionsStore.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT event_id FROM case_fact WHERE event_id = ANY(?)")) {
            statement.setArray(1, connection.createArrayOf("text", eventIds.toArray()));
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    found.add(result.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            // projections' database may be the one a step stopped: what it shows is read again until it answers.
            return Set.of();
        }
    }

    private Report report(List<Instant> stepStarts, List<Double> stepSeconds, CommandLoad load,
                          List<StoredEvent> stored, TopicWatch topic, Set<String> projected, long began,
                          double settleSeconds, CaseNumberCheck caseNumbers) {
        int[] sent = new int[steps.size()];
        int[] accepted = new int[steps.size()];
        int[] inStore = new int[steps.size()];
        int[] published = new int[steps.size()];
        int[] shown = new int[steps.size()];
        int[] duplicates = new int[steps.size()];
        int[] lost = new int[steps.size()];
        double[] lastOnTopic = new double[steps.size()];
        java.util.Arrays.fill(lastOnTopic, -1);

        Set<String> storedIds = new HashSet<>();
        stored.forEach(event -> storedIds.add(event.id()));
        Set<String> receipts = new HashSet<>();
        Map<String, Integer> caseOpenedIn = new HashMap<>();
        for (CommandLoad.Sent command : load.sent()) {
            int step = command.step;
            sent[step]++;
            if (!command.accepted) {
                continue;
            }
            accepted[step]++;
            receipts.add(command.eventId);
            if (command.opensCase()) {
                caseOpenedIn.put(command.openedCase, step);
            }
            int times = topic.times(command.eventId);
            boolean inProjections = projected == null || projected.contains(command.eventId);
            inStore[step] += storedIds.contains(command.eventId) ? 1 : 0;
            published[step] += times > 0 ? 1 : 0;
            shown[step] += inProjections ? 1 : 0;
            duplicates[step] += Math.max(0, times - 1);
            lost[step] += storedIds.contains(command.eventId) && times > 0 && inProjections ? 0 : 1;
            lastOnTopic[step] = Math.max(lastOnTopic[step], onTopicAt(topic, command.eventId, began));
        }
        int onTopic = 0;
        int extraCopies = 0;
        int unreceipted = 0;
        for (StoredEvent event : stored) {
            int times = topic.times(event.id());
            onTopic += times > 0 ? 1 : 0;
            extraCopies += Math.max(0, times - 1);
            if (receipts.contains(event.id())) {
                continue;
            }
            int step = caseOpenedIn.getOrDefault(event.caseId(), stepAt(stepStarts, event.at()));
            boolean fact = event.type().endsWith(".DetentionReported") || event.type().endsWith(".TestimonyRecorded");
            unreceipted += fact ? 1 : 0;
            duplicates[step] += (fact ? 1 : 0) + Math.max(0, times - 1);
            lost[step] += times > 0 ? 0 : 1;
            lastOnTopic[step] = Math.max(lastOnTopic[step], onTopicAt(topic, event.id(), began));
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            rows.add(new Row(steps.get(i).name(), stepSeconds.get(i), sent[i], accepted[i], inStore[i],
                    published[i], projected == null ? "n/a" : Integer.toString(shown[i]), duplicates[i], lost[i],
                    lastOnTopic[i]));
        }
        boolean caughtUp = caughtUp(stored, topic, load, projected);
        Map<Long, Long> firstSeen = new HashMap<>();
        stored.forEach(event -> firstSeen.put(event.index(), topic.firstSeen(event.id())));
        return new Report(rows, load.refusals(), load.conflicts(), stored.size(), onTopic, extraCopies, unreceipted,
                caughtUp, settleSeconds, caseNumbers, publisherKill.instance(),
                publisherKill.happened() ? publisherKill.takeoverSeconds(firstSeen) : Double.NaN);
    }

    private static double onTopicAt(TopicWatch topic, String eventId, long began) {
        long seen = topic.firstSeen(eventId);
        return seen < 0 ? -1 : seconds(began, seen);
    }

    private static int stepAt(List<Instant> stepStarts, Instant at) {
        int step = 0;
        for (int i = 0; i < stepStarts.size(); i++) {
            if (!at.isBefore(stepStarts.get(i))) {
                step = i;
            }
        }
        return step;
    }

    /** The highest global index of the event store, or -1 when it is empty. */
    public static long lastGlobalIndex(DataSource caseStore) throws SQLException {
        try (Connection connection = caseStore.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT coalesce(max(globalindex), -1) FROM domainevententry");
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    private List<StoredEvent> storedSince(long globalIndex) {
        try (Connection connection = caseStore.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT globalindex, eventidentifier, "
                     + "aggregateidentifier, payloadtype, timestamp FROM domainevententry WHERE globalindex > ?")) {
            statement.setLong(1, globalIndex);
            List<StoredEvent> events = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    events.add(new StoredEvent(result.getLong(1), result.getString(2), result.getString(3),
                            result.getString(4), Instant.parse(result.getString(5))));
                }
            }
            return events;
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read case-service's event store", e);
        }
    }

    /** The last case number case-service issued: its counter, moved only in the transaction that opens a case. */
    private long lastCaseNumber() throws SQLException {
        try (Connection connection = caseStore.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "SELECT last_issued FROM case_number_counter WHERE id = 1");
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }

    /** The numbers of the cases opened since that global index, as their opening events carry them. */
    private List<Long> caseNumbersSince(long globalIndex) throws SQLException {
        try (Connection connection = caseStore.getConnection();
             PreparedStatement statement = connection.prepareStatement("SELECT payload FROM domainevententry "
                     + "WHERE globalindex > ? AND payloadtype LIKE '%.DetentionReported'")) {
            statement.setLong(1, globalIndex);
            List<Long> numbers = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    Matcher number = CASE_NUMBER.matcher(new String(result.getBytes(1), StandardCharsets.UTF_8));
                    if (!number.find()) {
                        throw new IllegalStateException("A DetentionReported without a case number");
                    }
                    numbers.add(Long.parseLong(number.group(1)));
                }
            }
            return numbers;
        }
    }

    private static double seconds(long from, long to) {
        return (to - from) / 1e9;
    }

    /** The drill keeps a step's fault in place for a set time while the clients go on sending. */
    private static void pauseUntil(long nanoTime) {
        long left;
        while ((left = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("The drill was interrupted", e);
            }
        }
    }
}
