package org.caseledger.local;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service starts as deploy/local starts it, from its jar extracted, and its first start records the classes it
 * loads, which the JVM writes as it ends: the archive is the service's once that process has been stopped, and the
 * next start maps it rather than load those classes again. A start that ends by itself, as one refused does, has
 * loaded only part of what the service runs on, and leaves no archive. In a folder of the test's own
 * (CASELEDGER_SERVICE_RUNS), apart from the one beside the jar that every other test shares, where each service has its
 * archive before the first of those tests starts one ({@link ClassArchives}).
 */
class ServiceClassArchiveIT {

    final TestDatabase database = RealInfrastructure.get().database("e2e_cases_class_archive");
    final List<ServiceProcess> started = new ArrayList<>();

    @TempDir
    Path runs;

    @AfterEach
    void stop() {
        started.forEach(ServiceProcess::close);
    }

    @Test
    void aServiceStoppedOnceStartsAgainOnTheClassesItRecorded() throws IOException {
        ServiceProcess stopped = start();
        EndToEndStack.awaitHealthy(stopped);
        assertThat(files(".jsa")).as("archives before the first start ended").isEmpty();

        stopped.close();
        List<Path> archives = files(".jsa");
        assertThat(archives).as("the archive of the start that was stopped").hasSize(1);
        assertThat(files(".part")).isEmpty();
        assertThat(Files.size(archives.get(0))).as("bytes of the classes recorded").isGreaterThan(10_000_000);

        ServiceProcess next = start();
        EndToEndStack.awaitHealthy(next);
        assertThat(next.mappedClassArchives()).contains(archives.get(0).toRealPath());
    }

    @Test
    void everyServiceHasItsArchiveOnceTheFirstEndToEndTestCouldStartOne() {
        ClassArchives.recordedOnce();
        assertThat(ClassArchives.SERVICES).as("services whose next start would record its classes again")
                .noneMatch(ServiceProcess::recordsClassArchive);
    }

    @Test
    void aStartThatEndsByItselfLeavesNoArchive() throws Exception {
        try (ServiceProcess refused = ServiceProcess.start("appeal-service",
                RealInfrastructure.get().database("e2e_refused_clock"), RealInfrastructure.get().kafkaBootstrapServers(),
                List.of(ClockOffsetRefusedIT.CLOCK_OFFSET), List.of(), runsOfTheTest())) {
            assertThat(refused.exitCodeWithin(Duration.ofMinutes(2))).as(refused.output()).isPresent();
        }
        assertThat(files(".jsa")).isEmpty();
        assertThat(files(".part")).isEmpty();
    }

    private ServiceProcess start() {
        ServiceProcess service = ServiceProcess.start("case-service", database,
                RealInfrastructure.get().kafkaBootstrapServers(), List.of(), List.of(),
                runsOfTheTest());
        started.add(service);
        return service;
    }

    private Map<String, String> runsOfTheTest() {
        return Map.of("CASELEDGER_SERVICE_RUNS", runs.toString());
    }

    private List<Path> files(String ending) throws IOException {
        try (Stream<Path> files = Files.walk(runs)) {
            return files.filter(file -> file.getFileName().toString().endsWith(ending)).toList();
        }
    }
}
