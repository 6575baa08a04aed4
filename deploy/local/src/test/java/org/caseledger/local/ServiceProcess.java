package org.caseledger.local;

import org.caseledger.platform.testing.FreePorts;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TestTokens;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A service started from its real jar as its own JVM, the way deploy/local starts it: from the jar extracted, on the
 * classes an earlier start recorded once there are some (lib.sh's {@code service_launch}), on the loopback interface
 * by default, with its database passwords in its environment rather than on its command line.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Set<ServiceProcess> RUNNING = ConcurrentHashMap.newKeySet();

    private static final Path REPOSITORY = Path.of(System.getProperty("caseledger.repository", "../.."));
    /**
     * Where the processes write their output, one file per service: a folder of each test JVM's own when the build
     * runs two of them, so that a test reading its process's log never reads the other's.
     */
    static final Path LOGS = Path.of(System.getProperty("caseledger.e2e.logs", "target/e2e-logs"));

    private static final String RECORDING = "-XX:ArchiveClassesAtExit=";
    /**
     * deploy/local's functions, which say how a service starts from its jar (and that the jar is missing) and keep the
     * class archive it records.
     */
    private static final Path LOCAL_FUNCTIONS = REPOSITORY.resolve("deploy/local/lib.sh");
    private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
    /**
     * The test JVMs' compilers and collector (the root pom's {@code caseledger.test.compilers}), given to the services
     * too: C1 alone and the serial collector in the build, where a process lives seconds to minutes, over which C2's
     * compilations cost more than they give, and some thirty of them start on two cores busy throughout (README.md,
     * "Tests", has the figures); none, the JVM's own choice, for a benchmark or drill run by name.
     */
    private static final List<String> COMPILERS = Stream.of(System.getProperty("caseledger.e2e.compilers", "")
            .trim().split("\\s+")).filter(option -> !option.isEmpty()).toList();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;
    private final long logStart;
    /** The class archive this process records until it stops, as deploy/local's first start of a jar does. */
    private final Optional<String> recording;
    private volatile boolean answeredReady;
    private boolean toldToStop;
    private boolean runningWhenToldToStop;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log, long logStart,
                           Optional<String> recording) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
        this.logStart = logStart;
        this.recording = recording;
    }

    static ServiceProcess start(String name, TestDatabase database, String kafka) {
        return start(name, database, kafka, List.of(), List.of());
    }

    /**
     * @param jvmOptions options before {@code -jar}, such as a test-only system property
     * @param arguments  Spring Boot arguments after the standard ones, such as a shorter polling interval
     */
    static ServiceProcess start(String name, TestDatabase database, String kafka, List<String> jvmOptions,
                                List<String> arguments) {
        return start(name, database, kafka, jvmOptions, arguments, Map.of());
    }

    /**
     * Starts it once every service has its class archive ({@link ClassArchives}).
     *
     * @param environment variables added to the process's environment, such as {@code JAVA_TOOL_OPTIONS}
     */
    static ServiceProcess start(String name, TestDatabase database, String kafka, List<String> jvmOptions,
                                List<String> arguments, Map<String, String> environment) {
        ClassArchives.recordedOnce();
        return launch(name, database, kafka, jvmOptions, arguments, environment);
    }

    /** True when the service has no class archive yet, and its next start would record one. */
    static boolean recordsClassArchive(String name) {
        return recording(localFunction(Map.of(), "service_launch", name)).isPresent();
    }

    /** The archive a start with these options records, from lib.sh's {@code service_launch}; empty when it maps one. */
    private static Optional<String> recording(List<String> launch) {
        return launch.stream().filter(option -> option.startsWith(RECORDING))
                .map(option -> option.substring(RECORDING.length())).findFirst();
    }

    /** Starts it as it is, recording its class archive when it has none. */
    static ServiceProcess launch(String name, TestDatabase database, String kafka, List<String> jvmOptions,
                                 List<String> arguments, Map<String, String> environment) {
        List<String> launch = localFunction(environment, "service_launch", name);
        Optional<String> recording = recording(launch);
        int[] ports = FreePorts.take(2);
        int port = ports[0];
        int managementPort = ports[1];
        Path log = LOGS.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-Daxoniq.update-checker.disabled=true",
                "-Xmx384m"));
        command.addAll(COMPILERS);
        command.addAll(jvmOptions);
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--management.server.port=" + managementPort));
        command.addAll(database.arguments());
        command.add("--caseledger.kafka.bootstrap-servers=" + kafka);
        command.add("--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.get().issuer());
        if (name.equals("case-service")) {
            command.addAll(PersonalDataTestKeys.holderArguments());
        }
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            long logStart = Files.exists(log) ? Files.size(log) : 0;
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(database.passwordEnvironment());
            if (name.equals("case-service")) {
                builder.environment().putAll(PersonalDataTestKeys.holderEnvironment());
            }
            builder.environment().putAll(environment);
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            ServiceProcess started = new ServiceProcess(name, port, managementPort, process, log, logStart,
                    recording);
            RUNNING.add(started);
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** The class archives the JVM has mapped into its memory, as {@code /proc/<pid>/maps} lists them. */
    List<Path> mappedClassArchives() throws IOException {
        try (Stream<String> maps = Files.lines(Path.of("/proc", Long.toString(process.pid()), "maps"))) {
            return maps.map(line -> line.substring(line.lastIndexOf(' ') + 1)).filter(file -> file.endsWith(".jsa"))
                    .distinct().map(Path::of).toList();
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    /** On the management port, such as {@code /actuator/prometheus}. */
    String managementUrl(String path) {
        return "http://localhost:" + managementPort + path;
    }

    /** True once the service reports itself healthy; fails at once if the process died. */
    boolean healthy(HttpClient http) {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
        }
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + managementPort + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            boolean ready = response.statusCode() == 200 && response.body().contains("\"UP\"");
            if (ready) {
                answeredReady = true;
            }
            return ready;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -9}: the process gets no chance to finish anything it was doing. */
    void kill() {
        RUNNING.remove(this);
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keepClassArchive(false);
    }

    /** {@code kill -STOP}: the process is frozen as it is, its connections open, until {@link #resume()}. */
    void pause() {
        signal("STOP");
    }

    /** {@code kill -CONT}: a paused process goes on where it was frozen. */
    void resume() {
        signal("CONT");
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: "
                        + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops every service a test started and did not stop itself, all at once: those shared by several test classes
     * live until the tests end, and must not outlive the test JVM.
     */
    static void stopAll() {
        List<ServiceProcess> running = List.copyOf(RUNNING);
        running.forEach(ServiceProcess::tellToStop);
        running.forEach(ServiceProcess::close);
    }

    /** The process's exit code once it has ended by itself within the given time; empty while it still runs. */
    Optional<Integer> exitCodeWithin(Duration time) throws InterruptedException {
        return process.waitFor(time.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                : Optional.empty();
    }

    /** What this process has written so far to the log, which earlier processes of the service share. */
    String output() throws IOException {
        byte[] written = Files.readAllBytes(log);
        return new String(written, (int) logStart, written.length - (int) logStart, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        RUNNING.remove(this);
        boolean stoppedWhileRunning = tellToStop();
        keepClassArchive(awaitExit(process) && stoppedWhileRunning && answeredReady);
    }

    /**
     * SIGTERM, once; true when the process still ran then, which tells a stop from a process that had already ended
     * by itself.
     */
    private synchronized boolean tellToStop() {
        if (!toldToStop) {
            toldToStop = true;
            runningWhenToldToStop = process.isAlive();
            process.destroy();
        }
        return runningWhenToldToStop;
    }

    /** Waits for a process told to stop, killing it when it has not stopped within 30 s; true if it stopped itself. */
    static boolean awaitExit(Process process) {
        try {
            if (process.waitFor(30, TimeUnit.SECONDS)) {
                return true;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return false;
    }

    /**
     * The archive it recorded becomes its service's when it had started and then stopped when told to; it is dropped
     * when the process was killed, or ended by itself, as a start that fails does, having loaded only part of what it
     * runs on.
     */
    private void keepClassArchive(boolean stoppedWhenTold) {
        if (recording.isPresent()) {
            localFunction(Map.of(), "keep_class_archive", recording.get(), stoppedWhenTold ? "yes" : "no");
        }
    }

    /**
     * Runs a function of deploy/local/lib.sh with this JVM's java first on the path and the given variables, such as
     * {@code CASELEDGER_SERVICE_RUNS}; its output, a line a word.
     */
    private static List<String> localFunction(Map<String, String> environment, String function, String... arguments) {
        List<String> command = new ArrayList<>(List.of("bash", "-c",
                "source \"$0\" && " + function + " \"$@\"", LOCAL_FUNCTIONS.toString()));
        command.addAll(List.of(arguments));
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("PATH", JAVA.getParent() + File.pathSeparator + System.getenv("PATH"));
            builder.environment().putAll(environment);
            Process run = builder.redirectError(ProcessBuilder.Redirect.PIPE).start();
            String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String errors = new String(run.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!run.waitFor(2, TimeUnit.MINUTES) || run.exitValue() != 0) {
                throw new IllegalStateException(function + " " + String.join(" ", arguments) + " failed: " + errors);
            }
            return output.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
