package org.caseledger.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartableKafka;
import org.caseledger.platform.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two case-service processes from the real jar over one database, as two replicas of a deployment: requests for the
 * same cases sent to both at once lose no update (the one that comes second is refused with 409, never stored over
 * the first), case numbers stay unique and without a gap, the publisher runs in one of them only, and when that one
 * is killed with SIGKILL while it publishes, the other takes publication over and every stored event is on the
 * topic exactly once.
 * <p>
 * On a broker of the test's own, so that its case numbers and events stay apart from the shared end-to-end stack's.
 */
class TwoCaseServiceInstancesIT {

    static final int CASES = 16;
    static final RestartableKafka kafka = RestartableKafka.start();
    static final List<ServiceProcess> started = new ArrayList<>();

    final TestDatabase database = RealInfrastructure.get().database("e2e_cases_pair");
    final JdbcClient jdbc = JdbcClient.create(RealInfrastructure.get().superuserDataSource("e2e_cases_pair"));
    final ObjectMapper json = new ObjectMapper();
    final ExecutorService clients = Executors.newFixedThreadPool(4);

    @AfterAll
    static void stop() {
        started.forEach(ServiceProcess::close);
        kafka.stop();
    }

    @Test
    void twoInstancesLoseNoUpdateKeepCaseNumbersWholeAndHandPublicationOverWhenOneIsKilled() throws Exception {
        ServiceProcess first = start();
        ServiceProcess second = start();
        EndToEndStack.awaitHealthy(first, second);

        List<Future<HttpResponse<String>>> opening = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            ServiceProcess instance = i % 2 == 0 ? first : second;
            opening.add(clients.submit(() -> EndToEndStack.post(instance.url("/api/cases"), OPENING)));
        }
        List<String> caseIds = new ArrayList<>();
        List<Long> caseNumbers = new ArrayList<>();
        for (Future<HttpResponse<String>> opened : opening) {
            HttpResponse<String> answer = opened.get();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            caseIds.add(json.readTree(answer.body()).get("caseId").asText());
            caseNumbers.add(json.readTree(answer.body()).get("caseNumber").asLong());
        }
        assertThat(caseNumbers).as("case numbers opened on both at once: unique, without a gap")
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, CASES).boxed().toList());

        Map<String, List<Future<HttpResponse<String>>>> testimonies = caseIds.stream().collect(Collectors.toMap(
                caseId -> caseId, caseId -> List.of(
                        clients.submit(testimony(first, caseId)), clients.submit(testimony(second, caseId)))));
        for (String caseId : caseIds) {
            long recorded = 0;
            for (Future<HttpResponse<String>> sent : testimonies.get(caseId)) {
                HttpResponse<String> answer = sent.get();
                assertThat(answer.statusCode()).as(answer.body()).isIn(201, 409);
                recorded += answer.statusCode() == 201 ? 1 : 0;
            }
            assertThat(recorded).as("each accepted testimony of case %s is stored, none over another", caseId)
                    .isPositive()
                    .isEqualTo(storedTestimonies(caseId));
        }
        assertThat(jdbc.sql("SELECT count(*) FROM (SELECT aggregateidentifier FROM domainevententry "
                        + "GROUP BY aggregateidentifier HAVING max(sequencenumber) + 1 <> count(*)) gaps")
                .query(Long.class).single()).as("cases whose event sequence has a gap").isZero();
        awaitEveryStoredEventOnTheTopic();

        String owner = publisherOwner();
        assertThat(owner).as("the publisher runs in one of the two")
                .matches(pid(first) + "@.*|" + pid(second) + "@.*");
        ServiceProcess publishing = owner.startsWith(pid(first) + "@") ? first : second;
        ServiceProcess other = publishing == first ? second : first;
        long storedBeforeTheKill = storedEvents();

        AtomicBoolean testifying = new AtomicBoolean(true);
        Future<Long> testimoniesDuringTheKill = clients.submit(() -> {
            long accepted = 0;
            for (int i = 0; testifying.get(); i++) {
                accepted += testimony(other, caseIds.get(i % CASES)).call().statusCode() == 201 ? 1 : 0;
            }
            return accepted;
        });
        await().atMost(Duration.ofMinutes(1)).until(() -> storedEvents() >= storedBeforeTheKill + 20);
        publishing.kill();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> answer = EndToEndStack.post(other.url("/api/cases"), OPENING);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
            assertThat(json.readTree(answer.body()).get("caseNumber").asLong()).isEqualTo(CASES + 1 + i);
        }
        testifying.set(false);
        assertThat(testimoniesDuringTheKill.get()).as("testimonies accepted while the publisher was killed")
                .isPositive();
        OneStoreTwoInstances.awaitEveryStoredEventOnTheTopicOnce(jdbc, kafka.bootstrapServers(), Topics.CASES);
        assertThat(publisherOwner()).as("publication taken over by the survivor").startsWith(pid(other) + "@");
        clients.shutdown();
    }

    private long storedEvents() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }

    private ServiceProcess start() {
        ServiceProcess service = ServiceProcess.start("case-service", database, kafka.bootstrapServers());
        started.add(service);
        return service;
    }

    private static Callable<HttpResponse<String>> testimony(ServiceProcess instance, String caseId) {
        return () -> EndToEndStack.post(instance.url("/api/cases/" + caseId + "/testimonies"), """
                {"givenBy":{"relation":"SIBLING"},"date":"2019-01","language":"ky","summary":"He was taken.",
                 "visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}""");
    }

    private long storedTestimonies(String caseId) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND payloadtype LIKE '%Testimony%'").param(caseId).query(Long.class).single();
    }

    private String publisherOwner() {
        return OneStoreTwoInstances.publisherOwner(jdbc);
    }

    private void awaitEveryStoredEventOnTheTopic() {
        OneStoreTwoInstances.awaitEveryStoredEventOnTheTopic(jdbc, kafka.bootstrapServers(), Topics.CASES);
    }

    private static long pid(ServiceProcess service) {
        return service.pid();
    }

    static final String OPENING = """
            {"person":{"name":"Person of two replicas"},"detention":{"date":"2018","kind":"PRETRIAL"},
             "source":{"type":"MEDIA_REPORT"}}""";
}
