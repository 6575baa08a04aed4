package org.caseledger.bench.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the CPU time and memory of every process of the stack from {@code /proc}: each service's and the broker's
 * JVM, and PostgreSQL's processes, told apart by the database their backend serves (from {@code pg_stat_activity}),
 * so that the SQL of case-service and of projections each show their own cost. The harness measures itself too, and
 * the machine as a whole, so that what other programs took during a phase is visible next to the figures.
 */
public final class ProcessMeter implements AutoCloseable {

    public static final String HARNESS = "bench harness";
    public static final String HARNESS_BACKENDS = "bench harness: postgres backends";
    public static final String POSTGRES_BACKGROUND = "postgres: background";
    public static final String POSTGRES_PREFIX = "postgres: ";
    public static final String MACHINE_BUSY = "machine: all busy CPU";
    public static final String OTHERS = "machine: other programs";

    private static final Pattern HEAP = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K");
    static final long TICKS_PER_SECOND = ticksPerSecond();

    private final Map<String, Long> components;
    private final Optional<Long> postmaster;
    private final DatabaseLogin login;
    private final String adminDatabase;
    private Connection activity;

    public ProcessMeter(Stack stack) {
        this.components = stack.processes();
        this.postmaster = stack.postmaster();
        this.login = stack.databases();
        this.adminDatabase = stack.databaseNames().admin();
    }

    /** CPU used between two samples in seconds, by process (or group of PostgreSQL processes), then the machine's. */
    public static Map<String, Double> cpuSeconds(Sample before, Sample after) {
        Map<String, Long> ticks = new HashMap<>();
        long reapedBefore = 0;
        for (Map.Entry<Long, ProcessTicks> entry : after.processes().entrySet()) {
            ProcessTicks now = entry.getValue();
            ProcessTicks then = before.processes().get(entry.getKey());
            long base = then != null && then.startTime() == now.startTime() ? then.ticks() : 0;
            ticks.merge(now.label(), now.ticks() - base, Long::sum);
        }
        for (Map.Entry<Long, ProcessTicks> entry : before.processes().entrySet()) {
            ProcessTicks then = entry.getValue();
            if (then.postgresChild() && !after.processes().containsKey(entry.getKey())) {
                // An ended backend's whole time arrives in the postmaster's reaped-children time; its share before
                // the first sample was counted then, and must not be counted again.
                reapedBefore += then.ticks();
            }
        }
        ticks.merge(POSTGRES_BACKGROUND, -reapedBefore, Long::sum);
        Map<String, Double> seconds = new LinkedHashMap<>();
        ticks.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, Long> entry) -> order(entry.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> seconds.put(entry.getKey(), entry.getValue() / (double) TICKS_PER_SECOND));
        double ours = seconds.values().stream().mapToDouble(Double::doubleValue).sum();
        double busy = (after.machineBusyTicks() - before.machineBusyTicks()) / (double) TICKS_PER_SECOND;
        seconds.put(MACHINE_BUSY, busy);
        seconds.put(OTHERS, Math.max(0, busy - ours));
        return seconds;
    }

    public Sample sample() {
        Map<Long, ProcessTicks> processes = new HashMap<>();
        components.forEach((component, pid) -> read(pid, component.equals("postgres") ? "postgres launcher" : component, false)
                .ifPresent(ticks -> processes.put(pid, ticks)));
        long self = ProcessHandle.current().pid();
        read(self, HARNESS, false).ifPresent(ticks -> processes.put(self, ticks));
        postmaster.ifPresent(postmasterPid -> {
            Map<Long, String> labels = backendLabels();
            read(postmasterPid, POSTGRES_BACKGROUND, false).ifPresent(ticks -> processes.put(postmasterPid, ticks));
            for (long child : children(postmasterPid)) {
                read(child, labels.getOrDefault(child, POSTGRES_BACKGROUND), true)
                        .ifPresent(ticks -> processes.put(child, ticks));
            }
        });
        return new Sample(System.nanoTime(), processes, machineBusyTicks());
    }

    /** Each process's memory now: the JVMs' resident and peak resident set and heap, PostgreSQL's proportional set. */
    public Map<String, Memory> memory() {
        Map<String, Memory> memory = new LinkedHashMap<>();
        components.forEach((component, pid) -> {
            String label = component.equals("postgres") ? "postgres launcher" : component;
            status(pid).ifPresent(status -> memory.put(label, new Memory(status.get("VmRSS"), status.get("VmHWM"),
                    heap(pid).orElse(null))));
        });
        postmaster.ifPresent(postmasterPid -> {
            long pss = proportionalSet(postmasterPid);
            for (long child : children(postmasterPid)) {
                pss += proportionalSet(child);
            }
            memory.put("postgres (all processes)", new Memory(pss, null, null));
        });
        status(ProcessHandle.current().pid()).ifPresent(status -> memory.put(HARNESS,
                new Memory(status.get("VmRSS"), status.get("VmHWM"), null)));
        return memory;
    }

    @Override
    public void close() throws SQLException {
        if (activity != null) {
            activity.close();
        }
    }

    /** @param ticks user and system time, with that of reaped children (PostgreSQL's ended backends) */
    record ProcessTicks(String label, long ticks, long startTime, boolean postgresChild) {
    }

    public record Sample(long nanoTime, Map<Long, ProcessTicks> processes, long machineBusyTicks) {
    }

    /** Bytes; null where not known. */
    public record Memory(Long residentBytes, Long peakResidentBytes, Heap heap) {
    }

    public record Heap(long usedBytes, long committedBytes) {
    }

    private static int order(String label) {
        List<String> order = List.of("case-service", "appeal-service", "notification-service", "projections", "kafka",
                POSTGRES_PREFIX + "cases", POSTGRES_PREFIX + "projections", POSTGRES_PREFIX + "appeals",
                POSTGRES_PREFIX + "notifications", POSTGRES_BACKGROUND, "postgres launcher", HARNESS, HARNESS_BACKENDS);
        int index = order.indexOf(label);
        return index >= 0 ? index : order.size();
    }

    /** Backend pid to label; the harness's own connections apart from the services'. */
    private Map<Long, String> backendLabels() {
        Map<Long, String> labels = new HashMap<>();
        try {
            if (activity == null || activity.isClosed()) {
                activity = login.connect(adminDatabase);
            }
            try (PreparedStatement query = activity.prepareStatement(
                    "SELECT pid, datname, application_name FROM pg_stat_activity WHERE backend_type = 'client backend'");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    labels.put(rows.getLong(1), DatabaseLogin.APPLICATION_NAME.equals(rows.getString(3))
                            ? HARNESS_BACKENDS : POSTGRES_PREFIX + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read pg_stat_activity as " + login + ": " + e.getMessage(), e);
        }
        return labels;
    }

    static Optional<ProcessTicks> read(long pid, String label, boolean postgresChild) {
        try {
            return Optional.of(ticks(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), label, postgresChild));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A process's CPU ticks from its {@code /proc/<pid>/stat} line: user and system, its own and its reaped children's. */
    static ProcessTicks ticks(String stat, String label, boolean postgresChild) {
        String[] fields = statFields(stat);
        // utime, stime, cutime, cstime and starttime are fields 14 to 17 and 22 of proc(5), counted from the pid
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                + Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        return new ProcessTicks(label, ticks, Long.parseLong(fields[19]), postgresChild);
    }

    /** The fields after the command name, from the state on. */
    private static String[] statFields(String stat) {
        // The command name in parentheses may hold spaces and parentheses; the fields follow its last closing one.
        return stat.substring(stat.lastIndexOf(')') + 2).strip().split(" ");
    }

    private static List<Long> children(long parent) {
        List<Long> children = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path process : proc) {
                try {
                    String[] fields = statFields(Files.readString(process.resolve("stat")));
                    if (Long.parseLong(fields[1]) == parent) {
                        children.add(Long.parseLong(process.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // the process ended while the directory was read
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot list /proc", e);
        }
        return children;
    }

    static long machineBusyTicks() {
        try {
            return busyTicks(Files.readAllLines(Path.of("/proc/stat")).get(0));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read /proc/stat", e);
        }
    }

    /** Ticks all cores worked, from the {@code cpu} line of {@code /proc/stat}. */
    static long busyTicks(String cpuLine) {
        String[] cpu = cpuLine.trim().split("\\s+");
        // user nice system idle iowait irq softirq steal: all but idle and iowait are work
        return Long.parseLong(cpu[1]) + Long.parseLong(cpu[2]) + Long.parseLong(cpu[3])
                + Long.parseLong(cpu[6]) + Long.parseLong(cpu[7]) + Long.parseLong(cpu[8]);
    }

    /** Fields of {@code /proc/<pid>/status} given in kB, in bytes. */
    private static Optional<Map<String, Long>> status(long pid) {
        try {
            Map<String, Long> values = new HashMap<>();
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                String[] parts = line.split(":\\s+");
                if (parts.length == 2 && parts[1].endsWith(" kB")) {
                    values.put(parts[0], Long.parseLong(parts[1].substring(0, parts[1].length() - 3).strip()) * 1024);
                }
            }
            return Optional.of(values);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static long proportionalSet(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException e) {
            // ended, or not ours to read
        }
        return 0;
    }

    /** The JVM's own account of its heap, through jcmd; empty where jcmd is missing or the JVM does not answer. */
    private static Optional<Heap> heap(long pid) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (!Files.isExecutable(jcmd)) {
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.heap_info")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            Matcher matcher = HEAP.matcher(output);
            return matcher.find()
                    ? Optional.of(new Heap(Long.parseLong(matcher.group(2)) * 1024, Long.parseLong(matcher.group(1)) * 1024))
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static long ticksPerSecond() {
        try {
            Process process = new ProcessBuilder("getconf", "CLK_TCK").start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            process.waitFor(10, TimeUnit.SECONDS);
            return Long.parseLong(output);
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
