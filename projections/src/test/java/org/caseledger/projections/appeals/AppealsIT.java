package org.caseledger.projections.appeals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealOutcome;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.CaseId;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.Redeliveries;
import org.caseledger.platform.testing.StoredPositions;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class AppealsIT extends RunningProjections {

    static TopicWriter appeals;
    static TopicWriter authorities;

    @BeforeAll
    static void openTopic() {
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        appeals = new TopicWriter(kafka, Topics.APPEALS, "Appeal");
        authorities = new TopicWriter(kafka, Topics.APPEALS, "Authority");
    }

    @AfterAll
    static void closeTopic() {
        appeals.close();
        authorities.close();
    }

    @Autowired
    MeterRegistry registry;

    final ObjectMapper json = new ObjectMapper();
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    @Test
    void showsAnsweredAndOverdueAppealsOfACaseAndCountsThemForTheAuthority() throws Exception {
        AuthorityId ministry = registered("Ministry of Foreign Affairs of the Kyrgyz Republic", 30);
        CaseId caseId = CaseId.random();
        AppealId answered = filed(caseId, ministry, today.minusDays(40));
        AppealId silent = filed(caseId, ministry, today.minusDays(40));
        appeals.publish(answered.value(), 1, new AppealResponseRecorded(answered, caseId, ResponseType.DENIED,
                today.minusDays(35), "Not a citizen"));
        appeals.publish(silent.value(), 1, new AppealResponseOverdue(silent, ministry, today.minusDays(10)));

        awaitAppeals(caseId, 2, 2);
        awaitAuthority(caseId);
        JsonNode shown = json.readTree(get(caseId).getBody());

        JsonNode first = appeal(shown, answered);
        assertThat(first.get("status").asText()).isEqualTo("ANSWERED");
        assertThat(first.get("firstResponse").asText()).isEqualTo("DENIED");
        assertThat(first.get("daysWaiting").asLong()).isEqualTo(5);
        assertThat(first.at("/authority/name").asText()).isEqualTo("Ministry of Foreign Affairs of the Kyrgyz Republic");
        JsonNode second = appeal(shown, silent);
        assertThat(second.get("status").asText()).isEqualTo("OVERDUE");
        assertThat(second.get("daysWaiting").asLong()).isEqualTo(40);

        JsonNode record = json.readTree(http.getForEntity("/api/authorities/" + ministry.value() + "/record",
                String.class).getBody());
        assertThat(record.get("filed").asLong()).isEqualTo(2);
        assertThat(record.get("answered").asLong()).isEqualTo(1);
        assertThat(record.at("/byResponseType/DENIED").asLong()).isEqualTo(1);
        assertThat(record.get("medianDaysToAnswer").asDouble()).isEqualTo(5.0);
        assertThat(record.get("overdueNow").asLong()).isEqualTo(1);
        assertThat(record.at("/authority/kind").asText()).isEqualTo("FOREIGN_MINISTRY");
    }

    @Test
    void unansweredAppealBeforeItsDueDayIsPendingAndWaitsSinceFiling() throws Exception {
        AuthorityId ombudsman = registered("Ombudsman of the Kyrgyz Republic", 30);
        CaseId caseId = CaseId.random();
        AppealId appealId = filed(caseId, ombudsman, today.minusDays(3));

        JsonNode shown = appeal(awaitAppeals(caseId, 1, 0), appealId);

        assertThat(shown.get("status").asText()).isEqualTo("PENDING");
        assertThat(shown.get("daysWaiting").asLong()).isEqualTo(3);
        assertThat(shown.get("responseDueOn").asText()).isEqualTo(today.plusDays(27).toString());
    }

    @Test
    void closedAppealIsClosedEvenWhenItWasOverdueAndNoLongerCountsAsOverdue() throws Exception {
        AuthorityId embassy = registered("Embassy of the People's Republic of China in Bishkek", 30);
        CaseId caseId = CaseId.random();
        AppealId appealId = filed(caseId, embassy, today.minusDays(50));
        appeals.publish(appealId.value(), 1, new AppealResponseOverdue(appealId, embassy, today.minusDays(20)));
        appeals.publish(appealId.value(), 2, new AppealClosed(appealId, caseId, AppealOutcome.NO_RESULT,
                today.minusDays(2), null));

        JsonNode shown = appeal(awaitAppeals(caseId, 1, 2), appealId);

        assertThat(shown.get("status").asText()).isEqualTo("CLOSED");
        assertThat(shown.get("outcome").asText()).isEqualTo("NO_RESULT");
        assertThat(shown.get("daysWaiting").asLong()).isEqualTo(48);
        JsonNode record = json.readTree(http.getForEntity("/api/authorities/" + embassy.value() + "/record",
                String.class).getBody());
        assertThat(record.get("overdueNow").asLong()).isZero();
    }

    @Test
    void eventsPublishedTwiceAreAppliedOnce() throws Exception {
        AuthorityId consulate = registered("Consulate General of the People's Republic of China in Almaty", 30);
        CaseId caseId = CaseId.random();
        AppealId appealId = filed(caseId, consulate, today.minusDays(20));
        AppealResponseRecorded token = new AppealResponseRecorded(appealId, caseId, ResponseType.TOKEN,
                today.minusDays(15), "Acknowledged receipt");
        String responseId = appeals.publish(appealId.value(), 1, token);
        awaitAppeals(caseId, 1, 1);

        appeals.publish(appealId.value(), 1, token, responseId);
        AppealFollowedUp reminder = new AppealFollowedUp(appealId, caseId, AppealChannel.LETTER, today.minusDays(5), null);
        String reminderId = appeals.publish(appealId.value(), 2, reminder);
        awaitAppeals(caseId, 1, 2);
        // The one change that adds to what the row holds: only the sequence guard keeps it from counting twice.
        appeals.publish(appealId.value(), 2, reminder, reminderId);
        StoredPositions.awaitReadPast(jdbc, "projections.appeals", appeals.lastWritten());

        JsonNode shown = appeal(json.readTree(get(caseId).getBody()), appealId);
        assertThat(shown.get("followUps").asInt()).isEqualTo(1);
        assertThat(shown.get("version").asLong()).isEqualTo(2);
        JsonNode record = json.readTree(http.getForEntity("/api/authorities/" + consulate.value() + "/record",
                String.class).getBody());
        assertThat(record.at("/byResponseType/TOKEN").asLong()).isEqualTo(1);
        assertThat(record.get("answered").asLong()).isEqualTo(1);
    }

    /**
     * Each kind of event, read a second time, is left without effect and counted once as a redelivery the guards
     * absorbed; read the first time, none is.
     */
    @Test
    void eachEventReadAgainCountsAsOneAbsorbedRedeliveryAndNoneReadTheFirstTime() throws Exception {
        long before = Redeliveries.absorbedBy(registry, "projections.appeals");
        AuthorityId embassy = AuthorityId.random();
        AuthorityRegistered registration = new AuthorityRegistered(embassy, "Embassy of Kazakhstan in Beijing",
                AuthorityKind.EMBASSY, "KZ", 30);
        CaseId caseId = CaseId.random();
        AppealId appealId = AppealId.random();
        LocalDate filedOn = today.minusDays(90);
        List<Object> events = List.of(
                new AppealFiled(appealId, caseId, embassy, AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn,
                        "Asked where he is held", filedOn.plusDays(30), null),
                new AppealResponseOverdue(appealId, embassy, filedOn.plusDays(30)),
                new AppealResponseRecorded(appealId, caseId, ResponseType.INFORMATION_REQUESTED, filedOn.plusDays(40),
                        "Asked for his passport number"),
                new AppealFollowedUp(appealId, caseId, AppealChannel.IN_PERSON, filedOn.plusDays(50), null),
                new AppealEscalated(appealId, AppealId.random(), embassy, filedOn.plusDays(60)),
                new AppealClosed(appealId, caseId, AppealOutcome.INFORMATION_OBTAINED, filedOn.plusDays(70), null));
        String registrationId = authorities.publish(embassy.value(), 0, registration);
        List<String> eventIds = new ArrayList<>();
        for (int sequence = 0; sequence < events.size(); sequence++) {
            eventIds.add(appeals.publish(appealId.value(), sequence, events.get(sequence)));
        }
        StoredPositions.awaitReadPast(jdbc, "projections.appeals", authorities.lastWritten());
        StoredPositions.awaitReadPast(jdbc, "projections.appeals", appeals.lastWritten());
        assertThat(appeal(awaitAppeals(caseId, 1, 5), appealId).get("version").asLong()).isEqualTo(5);
        assertThat(Redeliveries.absorbedBy(registry, "projections.appeals")).isEqualTo(before);

        authorities.publish(embassy.value(), 0, registration, registrationId);
        for (int sequence = 0; sequence < events.size(); sequence++) {
            appeals.publish(appealId.value(), sequence, events.get(sequence), eventIds.get(sequence));
        }
        StoredPositions.awaitReadPast(jdbc, "projections.appeals", authorities.lastWritten());
        StoredPositions.awaitReadPast(jdbc, "projections.appeals", appeals.lastWritten());

        assertThat(Redeliveries.absorbedBy(registry, "projections.appeals")).isEqualTo(before + 7);
    }

    @Test
    void escalationLinksBothAppeals() throws Exception {
        AuthorityId ministry = registered("Ministry of Foreign Affairs of the Republic of Kazakhstan", 30);
        AuthorityId workingGroup = registered("UN Working Group on Enforced or Involuntary Disappearances", 60);
        CaseId caseId = CaseId.random();
        AppealId original = filed(caseId, ministry, today.minusDays(60));
        AppealId escalated = AppealId.random();
        appeals.publish(original.value(), 1, new AppealEscalated(original, escalated, workingGroup,
                today.minusDays(20)));
        appeals.publish(escalated.value(), 0, new AppealFiled(escalated, caseId, workingGroup,
                AppealChannel.UN_COMMUNICATION, AppellantRole.NGO, today.minusDays(20), "Urgent action",
                today.plusDays(40), original));

        JsonNode shown = awaitAppeals(caseId, 2, 1);

        assertThat(appeal(shown, original).get("escalatedTo").asText()).isEqualTo(escalated.value());
        assertThat(appeal(shown, escalated).get("escalatedFrom").asText()).isEqualTo(original.value());
    }

    @Test
    void appealToAnAuthorityWhoseRegistrationComesLaterShowsItOnceItArrives() throws Exception {
        AuthorityId court = AuthorityId.random();
        CaseId caseId = CaseId.random();
        filed(caseId, court, today.minusDays(1));
        assertThat(awaitAppeals(caseId, 1, 0).at("/items/0/authority/name").isNull()).isTrue();

        authorities.publish(court.value(), 0, new AuthorityRegistered(court, "Almaty City Court",
                AuthorityKind.COURT, "KZ", 30));

        await().atMost(Duration.ofSeconds(30)).until(() -> "Almaty City Court".equals(
                json.readTree(get(caseId).getBody()).at("/items/0/authority/name").asText()));
    }

    @Test
    void caseWithoutAppealsHasAnEmptyList() throws Exception {
        JsonNode shown = json.readTree(get(CaseId.random()).getBody());

        assertThat(shown.get("items")).isEmpty();
    }

    @Test
    void unknownAuthorityRecordIsNotFoundAsProblem() {
        ResponseEntity<String> response = http.getForEntity("/api/authorities/no-such-authority/record",
                String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private AuthorityId registered(String name, int days) {
        AuthorityId authorityId = AuthorityId.random();
        authorities.publish(authorityId.value(), 0, new AuthorityRegistered(authorityId, name,
                name.startsWith("Ministry") ? AuthorityKind.FOREIGN_MINISTRY : AuthorityKind.OTHER, "KG", days));
        return authorityId;
    }

    private AppealId filed(CaseId caseId, AuthorityId authorityId, LocalDate filedOn) {
        AppealId appealId = AppealId.random();
        appeals.publish(appealId.value(), 0, new AppealFiled(appealId, caseId, authorityId, AppealChannel.LETTER,
                AppellantRole.RELATIVE, filedOn, "Asked where he is held", filedOn.plusDays(30), null));
        return appealId;
    }

    /**
     * Waits until the case shows the given number of appeals whose versions add up to at least the given sum,
     * each with its authority's registration applied when one was published.
     */
    private JsonNode awaitAppeals(CaseId caseId, int count, long versionSum) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode items = json.readTree(get(caseId).getBody()).get("items");
            long sum = 0;
            for (JsonNode item : items) {
                sum += item.get("version").asLong();
            }
            return items.size() == count && sum >= versionSum;
        });
        return json.readTree(get(caseId).getBody());
    }

    private void awaitAuthority(CaseId caseId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode item : json.readTree(get(caseId).getBody()).get("items")) {
                if (item.at("/authority/name").isNull()) {
                    return false;
                }
            }
            return true;
        });
    }

    private ResponseEntity<String> get(CaseId caseId) {
        return http.getForEntity("/api/cases/" + caseId.value() + "/appeals", String.class);
    }

    private static JsonNode appeal(JsonNode shown, AppealId appealId) {
        for (JsonNode item : shown.get("items")) {
            if (item.get("appealId").asText().equals(appealId.value())) {
                return item;
            }
        }
        throw new AssertionError("appeal " + appealId.value() + " is not shown in " + shown);
    }
}
