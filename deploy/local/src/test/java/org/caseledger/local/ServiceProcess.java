package org.caseledger.local;

import org.caseledger.platform.testing.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service started from its real jar as its own JVM, the way deploy/local starts it: on the loopback interface by
 * default, with its database passwords in its environment rather than on its command line.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Path REPOSITORY = Path.of(System.getProperty("caseledger.repository", "../.."));
    private static final String VERSION = System.getProperty("caseledger.version", "0.1.0-SNAPSHOT");

    private final String name;
    private final int port;
    private final int managementPort;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, int port, int managementPort, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.process = process;
        this.log = log;
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
        Path jar = REPOSITORY.resolve(name).resolve("target").resolve(name + "-" + VERSION + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build the service first (mvn package)");
        }
        int port = freePort();
        int managementPort = freePort();
        Path log = Path.of("target", "e2e-logs", name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Daxoniq.update-checker.disabled=true",
                "-Xmx384m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port,
                "--management.server.port=" + managementPort));
        command.addAll(database.arguments());
        command.add("--caseledger.kafka.bootstrap-servers=" + kafka);
        command.addAll(arguments);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().putAll(database.passwordEnvironment());
            Process process = builder
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            return new ServiceProcess(name, port, managementPort, process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name, e);
        }
    }

    String url(String path) {
        return "http://localhost:" + port + path;
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
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code kill -9}: the process gets no chance to finish anything it was doing. */
    void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
