package org.caseledger.local;

import org.caseledger.platform.testing.FreePorts;
import org.caseledger.platform.testing.RealInfrastructure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The class archive of every service, recorded before the first end-to-end test starts one. A service's first start
 * records the classes it loads and writes them as it is stopped (lib.sh's {@code service_launch}); the stacks the tests
 * share run until their test JVM ends, so without this every start until then, the drills' many restarts included,
 * would load its classes from the jar again and record them again. Each service that has no archive yet is started
 * once here, on a database of its own and with no traffic, until it is ready, and stopped: four starts more, for the
 * two dozen that follow, each of which maps the archive (deploy/local/README.md, "Starting from a class archive", has
 * the figures).
 * <p>
 * The build's two test JVMs share the archives beside the jars: a lock file per service lets one JVM record it while
 * the other records another or waits for it, so no service is recorded twice.
 */
final class ClassArchives {

    static final List<String> SERVICES = List.of("case-service", "projections", "appeal-service",
            "notification-service");

    private static final Path LOCKS = Path.of("target", "class-archive-locks");

    private static boolean recorded;

    private ClassArchives() {
    }

    /** Returns once every service has its archive; the first call of a test JVM records those missing. */
    static synchronized void recordedOnce() {
        if (recorded) {
            return;
        }
        try {
            Files.createDirectories(LOCKS);
            Map<String, FileChannel> ours = new LinkedHashMap<>();
            List<String> theirs = new ArrayList<>();
            for (String service : SERVICES) {
                FileChannel lock = lockFile(service);
                if (lock.tryLock() != null) {
                    ours.put(service, lock);
                } else {
                    lock.close();
                    theirs.add(service);
                }
            }
            try {
                record(List.copyOf(ours.keySet()));
            } finally {
                for (FileChannel lock : ours.values()) {
                    lock.close();
                }
            }
            for (String service : theirs) {
                try (FileChannel lock = lockFile(service); FileLock held = lock.lock()) {
                    // The other JVM has recorded it, or failed to and left it to the first start here.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        recorded = true;
    }

    /** Starts those of the services that have no archive yet side by side, and stops each once it is ready. */
    private static void record(List<String> services) {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        // The consumers are told where to ask for data keys, as they must be; with no records to open they never ask.
        List<String> keyChannel = EndToEndStack.keyChannel("http://localhost:" + FreePorts.take(1)[0]);
        List<ServiceProcess> recording = new ArrayList<>();
        try {
            for (String service : services) {
                if (!ServiceProcess.recordsClassArchive(service)) {
                    continue;
                }
                boolean consumer = !service.equals("case-service");
                recording.add(ServiceProcess.launch(service,
                        infrastructure.database("e2e_class_archive_" + service.replace('-', '_')),
                        infrastructure.kafkaBootstrapServers(), List.of(),
                        consumer ? keyChannel : List.of(),
                        consumer ? EndToEndStack.keyChannelSecret() : Map.of()));
            }
            EndToEndStack.awaitHealthy(recording.toArray(ServiceProcess[]::new));
        } finally {
            recording.forEach(ServiceProcess::close);
        }
    }

    private static FileChannel lockFile(String service) throws IOException {
        return FileChannel.open(LOCKS.resolve(service + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    }
}
