package org.caseledger.projections;

import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.testing.AccessMatrix;
import org.caseledger.platform.testing.AccessMatrix.Endpoint;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.ANALYST;
import static org.caseledger.platform.security.Role.VIEWER;

/**
 * Every operation of projections with every kind of token, on a CONFIDENTIAL case whose person, testimony giver and
 * relative carry marker names: refused exactly where the route table says, and no answer below ADMIN shows a
 * marker, while ADMIN's show them all.
 */
class AccessMatrixIT extends RunningProjections {

    static final String PERSON_MARKER = "Zzperson" + UUID.randomUUID().toString().substring(0, 8);
    static final String GIVER_MARKER = "Zzgiver" + UUID.randomUUID().toString().substring(0, 8);
    static final String RELATIVE_MARKER = "Zzrelative" + UUID.randomUUID().toString().substring(0, 8);
    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "second interview");

    @LocalServerPort
    int port;

    @Test
    void belowAdminNoAnswerShowsTheNamesOfAConfidentialCase() {
        String caseId = UUID.randomUUID().toString();
        CaseId id = new CaseId(caseId);
        // A low case number, so that the case is on the first page of the case list.
        long caseNumber = 1 + System.nanoTime() % 999;
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case", "volunteer-8")) {
            topic.publish(caseId, 0, new DetentionReported(id, caseNumber, new Person(PERSON_MARKER + " Tursun"),
                    new Detention(ApproximateDate.parse("2018-04"), "Kashgar", DetentionKind.CAMP), SOURCE));
            topic.publish(caseId, 1, new TestimonyRecorded(id, "testimony-1",
                    TestimonyGiver.named(Relation.SPOUSE, GIVER_MARKER), ApproximateDate.parse("2019"), "ug",
                    "He was taken at night", false, Visibility.RESTRICTED, SOURCE));
            topic.publish(caseId, 2, new RelativeLinked(id, "relative-1", Relation.SIBLING, RELATIVE_MARKER, null,
                    ApproximateDate.parse("2019"), SOURCE));
            topic.publish(caseId, 3, new CaseVisibilityChanged(id, Visibility.CONFIDENTIAL, "family under pressure"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            String timeline = http.exchange("/api/cases/" + caseId + "/timeline", HttpMethod.GET,
                    new HttpEntity<>(SignedInClient.as(ADMIN)), String.class).getBody();
            String shown = http.exchange("/api/cases/" + caseId, HttpMethod.GET,
                    new HttpEntity<>(SignedInClient.as(ADMIN)), String.class).getBody();
            return timeline != null && timeline.contains("\"version\":3") && shown != null
                    && shown.contains("CONFIDENTIAL");
        });

        new AccessMatrix(port, managementPort).check("projections", List.of(
                Endpoint.get("/api/cases", "/api/cases?size=500", VIEWER),
                Endpoint.get("/api/cases/{caseId}", "/api/cases/" + caseId, VIEWER),
                Endpoint.get("/api/exports/cases.csv", "/api/exports/cases.csv", VIEWER),
                Endpoint.get("/api/cases/{caseId}/timeline", "/api/cases/" + caseId + "/timeline", ANALYST),
                Endpoint.get("/api/exports/events.jsonl", "/api/exports/events.jsonl?since="
                        + Instant.now().minus(Duration.ofHours(1)), ANALYST),
                Endpoint.get("/api/cases/{caseId}/appeals", "/api/cases/" + caseId + "/appeals", ANALYST),
                Endpoint.get("/api/authorities/{authorityId}/record", "/api/authorities/un-wgeid/record", VIEWER),
                Endpoint.get("/api/statistics", "/api/statistics", VIEWER),
                Endpoint.get("/api/admin/access-log", "/api/admin/access-log?caseId=" + caseId, ADMIN),
                Endpoint.get("/api/admin/projections", "/api/admin/projections", ADMIN),
                Endpoint.post("/api/admin/projections/{name}/rebuild",
                        "/api/admin/projections/projections.no-such-model/rebuild", ADMIN)),
                Set.of(PERSON_MARKER, GIVER_MARKER, RELATIVE_MARKER));
    }
}
