package org.caseledger.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.RestartableKafka;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TopicWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two appeal-service processes from the real jar over one database, as two replicas of a deployment: responses to the
 * same appeals sent to both at once lose no update (an answer is stored as often as it was accepted, never over
 * another), each response deadline that has passed turns its appeal overdue exactly once although both instances run
 * the deadline scheduler, the publisher runs in one of them only, and when that one is killed with SIGKILL the other
 * takes publication and new deadlines over and every stored event still reaches the topic.
 * <p>
 * On a broker of the test's own; the cases are put on its cases topic (declared by the services as they start) as
 * case-service would publish them.
 */
class TwoAppealServiceInstancesIT {

    static final int CASES = 8;
    static final List<String> QUICK_DEADLINE_POLLING = List.of("--db-scheduler.polling-interval=1s");
    static final RestartableKafka kafka = RestartableKafka.start();
    static final List<ServiceProcess> started = new ArrayList<>();

    final TestDatabase database = RealInfrastructure.get().database("e2e_appeals_pair");
    final JdbcClient jdbc = JdbcClient.create(RealInfrastructure.get().superuserDataSource("e2e_appeals_pair"));
    final ObjectMapper json = new ObjectMapper();
    final ExecutorService clients = Executors.newFixedThreadPool(4);
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @AfterAll
    static void stop() {
        started.forEach(ServiceProcess::close);
        kafka.stop();
    }

    @Test
    void twoInstancesLoseNoAnswerTurnEachAppealOverdueOnceAndHandPublicationOverWhenOneIsKilled() throws Exception {
        ServiceProcess first = start();
        ServiceProcess second = start();
        EndToEndStack.awaitHealthy(first, second);
        List<String> caseIds = publishCases();
        String authorityId = json.readTree(EndToEndStack.postAsAdmin(first.url("/api/authorities"), """
                {"name":"Ombudsman of the Kyrgyz Republic","kind":"OMBUDSMAN","country":"KG",
                 "expectedResponseDays":30}""").body()).get("authorityId").asText();

        List<String> answered = new ArrayList<>();
        List<String> silent = new ArrayList<>();
        for (int i = 0; i < caseIds.size(); i++) {
            ServiceProcess one = i % 2 == 0 ? first : second;
            ServiceProcess other = one == first ? second : first;
            answered.add(file(one, caseIds.get(i), authorityId, today));
            silent.add(file(other, caseIds.get(i), authorityId, today.minusDays(60)));
        }

        Map<String, List<Future<HttpResponse<String>>>> responses = answered.stream().collect(Collectors.toMap(
                appealId -> appealId, appealId -> List.of(
                        clients.submit(() -> respond(first, appealId)), clients.submit(() -> respond(second, appealId)))));
        for (String appealId : answered) {
            long accepted = 0;
            for (Future<HttpResponse<String>> sent : responses.get(appealId)) {
                HttpResponse<String> answer = sent.get();
                assertThat(answer.statusCode()).as(answer.body()).isIn(201, 409);
                accepted += answer.statusCode() == 201 ? 1 : 0;
            }
            assertThat(accepted).as("each accepted answer to appeal %s is stored, none over another", appealId)
                    .isPositive()
                    .isEqualTo(stored(appealId, "AppealResponseRecorded"));
        }

        awaitEachOverdueOnce(silent);
        assertThat(answered).as("an answered appeal whose answer is not yet due is not overdue")
                .allSatisfy(appealId -> assertThat(stored(appealId, "AppealResponseOverdue")).isZero());
        assertThat(jdbc.sql("SELECT count(*) FROM (SELECT aggregateidentifier FROM domainevententry "
                        + "GROUP BY aggregateidentifier HAVING max(sequencenumber) + 1 <> count(*)) gaps")
                .query(Long.class).single()).as("appeals whose event sequence has a gap").isZero();
        awaitEveryStoredEventOnTheTopic();

        String owner = publisherOwner();
        assertThat(owner).as("the publisher runs in one of the two")
                .matches(first.pid() + "@.*|" + second.pid() + "@.*");
        ServiceProcess publishing = owner.startsWith(first.pid() + "@") ? first : second;
        ServiceProcess survivor = publishing == first ? second : first;

        publishing.kill();
        List<String> lateSilent = new ArrayList<>();
        for (String caseId : caseIds.subList(0, 2)) {
            lateSilent.add(file(survivor, caseId, authorityId, today.minusDays(45)));
        }
        awaitEachOverdueOnce(lateSilent);
        OneStoreTwoInstances.awaitEveryStoredEventOnTheTopicOnce(jdbc, kafka.bootstrapServers(), Topics.APPEALS);
        assertThat(publisherOwner()).as("publication taken over by the survivor").startsWith(survivor.pid() + "@");
        clients.shutdown();
    }

    private ServiceProcess start() {
        ServiceProcess service = ServiceProcess.start("appeal-service", database, kafka.bootstrapServers(), List.of(),
                QUICK_DEADLINE_POLLING);
        started.add(service);
        return service;
    }

    private List<String> publishCases() {
        List<String> caseIds = new ArrayList<>();
        try (TopicWriter cases = new TopicWriter(kafka.bootstrapServers(), Topics.CASES, "Case")) {
            for (int i = 1; i <= CASES; i++) {
                CaseId caseId = CaseId.random();
                cases.publish(caseId.value(), 0, new DetentionReported(caseId, i, new Person("Person of two replicas"),
                        new Detention(ApproximateDate.parse("2018-07"), "Ghulja", DetentionKind.CAMP),
                        new Source(SourceType.RELATIVE_TESTIMONY)));
                caseIds.add(caseId.value());
            }
        }
        return caseIds;
    }

    /** Files an appeal, once the instance's consumers have brought the case in (until then it is refused with 422). */
    private String file(ServiceProcess instance, String caseId, String authorityId, LocalDate filedOn) {
        String body = """
                {"caseId":"%s","authorityId":"%s","channel":"LETTER","filedBy":"RELATIVE","date":"%s",
                 "summary":"Asked where he is held"}""".formatted(caseId, authorityId, filedOn);
        AtomicReference<HttpResponse<String>> filing = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            filing.set(EndToEndStack.post(instance.url("/api/appeals"), body));
            return filing.get().statusCode() != 422;
        });
        assertThat(filing.get().statusCode()).as(filing.get().body()).isEqualTo(201);
        try {
            return json.readTree(filing.get().body()).get("appealId").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> respond(ServiceProcess instance, String appealId) throws Exception {
        return EndToEndStack.post(instance.url("/api/appeals/" + appealId + "/responses"), """
                {"type":"INFORMATION_REQUESTED","date":"%s","summary":"Asked for his birth certificate"}"""
                .formatted(today));
    }

    /** Every one of these appeals overdue, and still once each a while later: no scheduler fired a deadline twice. */
    private void awaitEachOverdueOnce(List<String> appealIds) {
        await().atMost(Duration.ofSeconds(90)).until(() -> appealIds.stream()
                .allMatch(appealId -> stored(appealId, "AppealResponseOverdue") >= 1));
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(15)).until(() -> appealIds.stream()
                .allMatch(appealId -> stored(appealId, "AppealResponseOverdue") == 1));
    }

    private long stored(String appealId, String event) {
        return jdbc.sql("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ? AND payloadtype LIKE ?")
                .param(appealId).param("%." + event).query(Long.class).single();
    }

    private String publisherOwner() {
        return OneStoreTwoInstances.publisherOwner(jdbc);
    }

    private void awaitEveryStoredEventOnTheTopic() {
        OneStoreTwoInstances.awaitEveryStoredEventOnTheTopic(jdbc, kafka.bootstrapServers(), Topics.APPEALS);
    }
}
