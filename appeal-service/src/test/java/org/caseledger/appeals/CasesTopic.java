package org.caseledger.appeals;

import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicWriter;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** Cases as appeal-service learns them: reported on the cases topic, and waited for until it knows them. */
public final class CasesTopic {

    private CasesTopic() {
    }

    /**
     * Opens a case on the topic and answers its id once the service's database knows it. The person's key is made
     * first, as case-service makes it when it seals the person's name.
     */
    public static String knownCase(JdbcClient jdbc, String name) {
        CaseId caseId = CaseId.random();
        PersonalDataTestKeys.holder().keyFor(caseId.value());
        return known(jdbc, caseId, name);
    }

    /** A case whose person has no key: one opened before case-service sealed personal data. */
    public static String knownCaseWithoutKey(JdbcClient jdbc, String name) {
        return known(jdbc, CaseId.random(), name);
    }

    private static String known(JdbcClient jdbc, CaseId caseId, String name) {
        try (TopicWriter cases = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case")) {
            cases.publish(caseId.value(), 0, new DetentionReported(caseId, System.nanoTime() % 1_000_000_000L,
                    new Person(name), new Detention(ApproximateDate.parse("2018-07"), "Ghulja", DetentionKind.CAMP),
                    new Source(SourceType.RELATIVE_TESTIMONY)));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("SELECT count(*) FROM known_case WHERE case_id = ?")
                .param(caseId.value()).query(Long.class).single() == 1);
        return caseId.value();
    }
}
