package org.caseledger.projections.statistics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AppellantRole;
import org.caseledger.api.appeals.AuthorityId;
import org.caseledger.api.appeals.AuthorityKind;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.appeals.ResponseType;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.platform.testing.RealInfrastructure;
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
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Statistics of cases written to the topics as case-service and appeal-service write them. The model is shared with
 * every other test, so each test gives its people a hometown prefecture of its own and counts only that prefecture.
 */
class StatisticsIT extends RunningProjections {

    static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife, first interview");
    static final Source COURT = new Source(SourceType.COURT_RECORD, Reliability.HIGH, "verdict 2019-112");
    static final Facility ZHAOSU_CAMP = new Facility("XJ-0413", "Zhaosu County Vocational Skills Education and "
            + "Training Centre", "Ili", "camp");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(3_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static TopicWriter cases;
    static TopicWriter appeals;
    static TopicWriter authorities;

    @BeforeAll
    static void openTopics() {
        String kafka = RealInfrastructure.get().kafkaBootstrapServers();
        cases = new TopicWriter(kafka, Topics.CASES, "Case", "volunteer-17");
        appeals = new TopicWriter(kafka, Topics.APPEALS, "Appeal");
        authorities = new TopicWriter(kafka, Topics.APPEALS, "Authority");
    }

    @AfterAll
    static void closeTopics() {
        cases.close();
        appeals.close();
        authorities.close();
    }

    @Autowired
    StatisticsQueries queries;

    final ObjectMapper json = new ObjectMapper();
    final LocalDate today = LocalDate.now(ZoneOffset.UTC);

    /** Five people of one prefecture, one of them recorded twice and merged, and the appeals made for one. */
    record Recorded(String prefecture, List<String> caseIds, List<String> names, String authority) {
    }

    @Test
    void countsEveryPersonOnceWithTheirUnknownsAndTheFactsByTheirOwnDates() throws Exception {
        Recorded recorded = recordFivePeople();

        JsonNode stats = awaitStatistics("prefecture=" + recorded.prefecture(), shown ->
                shown.at("/overTime/deaths/n").asInt() == 1 && shown.at("/appeals/n").asInt() == 2
                        && shown.at("/appeals/all/answered").asInt() == 1
                        && shown.at("/appeals/all/overdueNow").asInt() == 1
                        && shown.at("/byAgeAtFirstDetention/n").asInt() == 4);

        assertThat(stats.at("/byStatus/n").asInt()).as("the merged duplicate is no fifth person").isEqualTo(4);
        assertThat(cells(stats.at("/byStatus"))).containsExactly("DETAINED=1", "SENTENCED=1", "RELEASED=1");
        assertThat(stats.at("/byStatus/unknown").asInt()).isEqualTo(1);
        assertThat(stats.at("/byStatus/disputed").asInt()).isEqualTo(1);
        assertThat(stats.at("/byStatus/filters/prefecture").asText()).isEqualTo(recorded.prefecture());
        assertBreakdown(stats.at("/byGender"), 4, 1, "MALE=1", "FEMALE=2");
        assertBreakdown(stats.at("/byEthnicity"), 4, 1, "Kazakh=2", "Uyghur=1");
        assertBreakdown(stats.at("/byCounty"), 4, 1, "Zhaosu=2", "Ghulja=1");
        assertBreakdown(stats.at("/byPrefecture"), 4, 0, recorded.prefecture() + "=4");
        assertBreakdown(stats.at("/byDetentionKind"), 4, 1, "CAMP=2", "PRISON=1");
        assertBreakdown(stats.at("/byFacility"), 4, 2, "XJ-0413=2");
        assertThat(stats.at("/byFacility/cells/0/label").asText()).isEqualTo(ZHAOSU_CAMP.name());
        assertBreakdown(stats.at("/byYearOfFirstDetention"), 4, 0, "2017=2", "2018=1", "2019=1");
        assertBreakdown(stats.at("/byDecadeOfFirstDetention"), 4, 0, "2010s=4");
        assertBreakdown(stats.at("/bySentenceLength"), 1, 0, "10_14=1");

        assertBreakdown(stats.at("/byAgeAtFirstDetention"), 4, 2, "40=0.1", "41=0.1", "42=0.1", "43=0.1", "44=0.1",
                "45=0.1", "46=0.1", "47=1.1", "48=0.1", "49=0.1");
        JsonNode exactAges = statistics("prefecture=" + recorded.prefecture() + "&exactAgesOnly=true");
        assertBreakdown(exactAges.at("/byAgeAtFirstDetention"), 4, 3, "47=1");
        assertThat(exactAges.at("/byAgeAtFirstDetention/filters/exactAgesOnly").asText()).isEqualTo("true");

        JsonNode detentions = stats.at("/overTime/detentions");
        assertThat(detentions.get("n").asInt()).as("the retracted detention and the duplicate's are not counted")
                .isEqualTo(4);
        assertThat(cells(detentions.get("byMonth"))).containsExactly("2017-11=1", "2018-02=1", "2019-05=1");
        assertThat(cells(detentions.get("byYearOnly"))).as("a detention known to the year is counted in the year")
                .containsExactly("2017=1");
        assertThat(cells(stats.at("/overTime/releases/byMonth"))).containsExactly("2019-03=1");
        assertThat(cells(stats.at("/overTime/sentences/byMonth"))).as("the sentence published twice counts once")
                .containsExactly("2019-06=1");
        assertThat(cells(stats.at("/overTime/deaths/byYearOnly"))).containsExactly("2021=1");
        assertThat(stats.at("/overTime/deaths/byMonth")).isEmpty();

        JsonNode appealStats = stats.at("/appeals");
        assertThat(appealStats.at("/all/filed").asInt()).as("the duplicate's appeal is not counted").isEqualTo(2);
        assertThat(appealStats.at("/all/answerRate").asDouble()).isEqualTo(0.5);
        assertThat(appealStats.at("/all/medianDaysToAnswer").asDouble()).isEqualTo(5.0);
        assertThat(appealStats.at("/all/longestSilenceDays").asLong()).isEqualTo(40);
        assertThat(appealStats.at("/byAuthority/0/name").asText()).isEqualTo("Ministry of Foreign Affairs of Kazakhstan");
        assertThat(appealStats.at("/byAuthority/0/filed").asInt()).isEqualTo(2);
        assertThat(cells(appealStats.at("/byFirstResponseType"))).containsExactly("DENIED=1");

        String body = http.getForObject("/api/statistics?prefecture=" + recorded.prefecture(), String.class);
        assertThat(body).as("no person is named or identified in statistics")
                .doesNotContain(recorded.caseIds().toArray(String[]::new))
                .doesNotContain(recorded.names().toArray(String[]::new)).doesNotContain("1970");
    }

    @Test
    void answersWithoutFiltersTheLongestSilenceOfTheCasesCountedOnly() throws Exception {
        Recorded recorded = recordFivePeople();

        JsonNode ministry = await().atMost(Duration.ofSeconds(60)).until(
                () -> authority(statistics(""), recorded.authority()),
                shown -> shown != null && shown.get("filed").asInt() == 2 && shown.get("answered").asInt() == 1
                        && shown.get("overdueNow").asInt() == 1);

        assertThat(ministry.get("longestSilenceDays").asLong())
                .as("the duplicate's appeal, silent for 90 days, went with the duplicate").isEqualTo(40);
        assertThat(ministry.get("medianDaysToAnswer").asDouble()).isEqualTo(5.0);
    }

    @Test
    void forgetsACountOnceItHasFallenToZero() throws Exception {
        String left = "Test-" + UUID.randomUUID();
        String stays = "Test-" + UUID.randomUUID();
        Person alone = person("Ablimit", Gender.MALE, "Uyghur", null, null);
        String duplicate = opened(left, alone, "2018");
        String kept = opened(stays, alone, "2018");
        awaitStatistics("prefecture=" + left, shown -> shown.at("/byStatus/n").asInt() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> countsKept(left) == 1);

        cases.publish(duplicate, 1, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "The same man"));

        awaitStatistics("", shown -> cells(shown.at("/byPrefecture")).stream().noneMatch(c -> c.startsWith(left + "=")));
        await("the count of a prefecture no case counted is in any more").atMost(Duration.ofSeconds(60))
                .until(() -> countsKept(left) == 0);
    }

    /** The counts the model keeps for a prefecture, folded or not yet, and those of the states not yet folded. */
    private long countsKept(String prefecture) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM statistics_count WHERE breakdown = 'prefecture' AND key = :key)
                             + (SELECT count(*) FROM statistics_count_change WHERE breakdown = 'prefecture' AND key = :key)
                             + (SELECT count(*)
                                  FROM statistics_case_states_unfolded()
                                 WHERE filter IS NULL AND breakdown = 'prefecture' AND key = :key)
                        """)
                .param("key", prefecture).query(Long.class).single();
    }

    private static JsonNode authority(JsonNode statistics, String authorityId) {
        for (JsonNode authority : statistics.at("/appeals/byAuthority")) {
            if (authority.get("authorityId").asText().equals(authorityId)) {
                return authority;
            }
        }
        return null;
    }

    @Test
    void countsOnlyTheCasesTheFiltersName() throws Exception {
        Recorded recorded = recordFivePeople();
        String prefecture = "prefecture=" + recorded.prefecture();
        awaitStatistics(prefecture, shown -> shown.at("/overTime/deaths/n").asInt() == 1
                && shown.at("/byAgeAtFirstDetention/n").asInt() == 4 && shown.at("/appeals/n").asInt() == 2);

        assertThat(statistics(prefecture + "&status=SENTENCED").at("/byStatus/n").asInt()).isEqualTo(1);
        JsonNode detainedBetween = statistics(prefecture + "&detainedFrom=2017-06&detainedTo=2018-12");
        assertThat(cells(detainedBetween.at("/byYearOfFirstDetention")))
                .as("a detention known only as 2017 is not known to be after 2017-06")
                .containsExactly("2017=1", "2018=1");
        assertThat(detainedBetween.at("/byStatus/filters/detainedFrom").asText()).isEqualTo("2017-06");
        assertThat(statistics(prefecture + "&facility=XJ-0413").at("/byStatus/n").asInt()).isEqualTo(2);
        JsonNode women = statistics(prefecture + "&gender=FEMALE&ethnicity=Kazakh&county=Zhaosu");
        assertThat(cells(women.at("/byStatus"))).containsExactly("DETAINED=1");
        assertThat(women.at("/byStatus/unknown").asInt()).isEqualTo(1);
        assertThat(women.at("/appeals/n").asInt()).isEqualTo(2);
        assertThat(statistics(prefecture + "&gender=MALE").at("/appeals/n").asInt()).isZero();
    }

    @Test
    void listsTheCasesBehindACountUnderTheSameFilters() throws Exception {
        Recorded recorded = recordFivePeople();
        String prefecture = "prefecture=" + recorded.prefecture();
        awaitStatistics(prefecture, shown -> shown.at("/overTime/deaths/n").asInt() == 1);
        await().atMost(Duration.ofSeconds(60)).until(() -> caseList(prefecture + "&status=SENTENCED") == 1);

        assertThat(caseList(prefecture)).as("the merged duplicate is left out").isEqualTo(4);
        assertThat(caseList(prefecture + "&facility=XJ-0413"))
                .isEqualTo(statistics(prefecture + "&facility=XJ-0413").at("/byStatus/n").asInt()).isEqualTo(2);
        assertThat(caseList(prefecture + "&detainedFrom=2017-06&detainedTo=2018-12")).isEqualTo(2);
        assertThat(caseList(prefecture + "&gender=FEMALE&ethnicity=Kazakh&county=Zhaosu")).isEqualTo(2);
        assertThat(caseList(prefecture + "&status=DETAINED&gender=FEMALE")).isEqualTo(1);
        for (String bad : List.of("detainedFrom=2017-13", "gender=X", "county= ", "status=ASLEEP")) {
            ResponseEntity<String> refused = http.getForEntity("/api/cases?" + bad, String.class);
            assertThat(refused.getStatusCode()).as(bad).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    private int caseList(String query) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cases?size=500&" + query, String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody()).get("totalItems").asInt();
    }

    @Test
    void refusesABadFilterNamingIt() {
        assertRefused("detainedFrom=2017-13", "detainedFrom");
        assertRefused("detainedFrom=2019&detainedTo=2017", "detainedFrom");
        assertRefused("status=ASLEEP", "status");
        assertRefused("gender=X", "gender");
        assertRefused("ethnicity= ", "ethnicity");
    }

    @Test
    void showsSmallCellsAsUnderFiveAndRoundsEveryCountWhereCountsAreNotExact() throws Exception {
        String prefecture = "Test-" + UUID.randomUUID();
        for (int i = 0; i < 6; i++) {
            String caseId = opened(prefecture, person("Detained " + i, Gender.MALE, "Uyghur", null, null), "2018");
            derived(caseId, 1, CaseStatus.DETAINED, "2018", DetentionKind.CAMP, null, false);
        }
        String released = opened(prefecture, person("Released", Gender.MALE, "Uyghur", null, null), "2018");
        derived(released, 1, CaseStatus.RELEASED, "2019", null, null, false);
        awaitStatistics("prefecture=" + prefecture, shown -> shown.at("/byStatus/n").asInt() == 7
                && shown.at("/byStatus/unknown").asInt() == 0);

        JsonNode shown = json.valueToTree(queries.statistics(StatisticsFilters.of(null, null, null, prefecture, null,
                null, null, null), false, false));

        assertThat(shown.get("exactCounts").asBoolean()).isFalse();
        assertThat(cells(shown.at("/byStatus"))).containsExactly("DETAINED=5", "RELEASED=<5");
        assertThat(shown.at("/byStatus/n").asText()).as("7 rounded, so n - DETAINED does not give RELEASED")
                .isEqualTo("5");
        assertThat(shown.at("/byStatus/unknown").asInt()).isZero();
        assertThat(shown.at("/overTime/detentions/n").asText()).isEqualTo("5");
        assertThat(cells(shown.at("/byYearOfFirstDetention"))).containsExactly("2018=5");
    }

    private Recorded recordFivePeople() {
        String prefecture = "Test-" + UUID.randomUUID();
        List<String> caseIds = new ArrayList<>();
        List<String> names = new ArrayList<>();

        Person gulnar = person("Gülnar Tölegenqyzy", Gender.FEMALE, "Kazakh", "Zhaosu", new Birth(null, 40, 49, 2018));
        String detainedDisputed = opened(prefecture, gulnar, "2018-02");
        derived(detainedDisputed, 1, CaseStatus.DETAINED, "2018-02", DetentionKind.CAMP, ZHAOSU_CAMP, true);

        Person erlan = person("Erlan Bekzhanuly", Gender.MALE, "Uyghur", "Ghulja", new Birth(1970, null, null, null));
        String sentenced = opened(prefecture, erlan, "2017");
        derived(sentenced, 1, CaseStatus.DETAINED, "2017", DetentionKind.PRISON, null, false);
        SentenceReported sentence = new SentenceReported(new CaseId(sentenced), date("2019-06-14"),
                "Ili Intermediate People's Court", new Term(14, 6, false), COURT);
        String sentenceId = cases.publish(sentenced, 2, sentence);
        cases.publish(sentenced, 2, sentence, sentenceId);
        derived(sentenced, 3, CaseStatus.SENTENCED, "2019-06-14", DetentionKind.PRISON, null, false);

        Person unnamed = new Person("Nurlan", List.of(), null, null, null, List.of(), new Hometown(null, prefecture),
                null);
        String releasedThenDied = opened(prefecture, unnamed, "2017-11-04", ZHAOSU_CAMP);
        String detainedOnce = derived(releasedThenDied, 1, CaseStatus.DETAINED, "2017-11-04", DetentionKind.CAMP,
                ZHAOSU_CAMP, false);
        String mistaken = cases.publish(releasedThenDied, 2, new FurtherDetentionReported(new CaseId(releasedThenDied),
                new Detention(date("2016-03"), "Ghulja", DetentionKind.POLICE_CUSTODY), WIFE));
        cases.publish(releasedThenDied, 3, new FactCorrected(new CaseId(releasedThenDied), mistaken,
                "She confused him with his brother", WIFE));
        cases.publish(releasedThenDied, 4, new ReleaseRecorded(new CaseId(releasedThenDied), date("2019-03"),
                ReleaseConditions.SURVEILLANCE, WIFE));
        derived(releasedThenDied, 5, CaseStatus.RELEASED, "2019-03", null, null, false);
        cases.publish(releasedThenDied, 1, new CaseStatusDerived(new CaseId(releasedThenDied), CaseStatus.DETAINED,
                null, date("2017-11-04"), DetentionKind.CAMP, ZHAOSU_CAMP, null, null, false, List.of()), detainedOnce);
        cases.publish(releasedThenDied, 6, new DeathReported(new CaseId(releasedThenDied), date("2021"),
                "Died at home after release", false, WIFE));

        Person aigul = person("Aigül Serikqyzy", Gender.FEMALE, "Kazakh", "Zhaosu", null);
        String notYetDerived = opened(prefecture, aigul, "2019-05");

        String duplicate = opened(prefecture, gulnar, "2018-02");
        derived(duplicate, 1, CaseStatus.DETAINED, "2018-02", DetentionKind.CAMP, ZHAOSU_CAMP, false);
        cases.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(detainedDisputed),
                "The same woman, reported by her sister"));

        AuthorityId ministry = AuthorityId.random();
        authorities.publish(ministry.value(), 0, new AuthorityRegistered(ministry,
                "Ministry of Foreign Affairs of Kazakhstan", AuthorityKind.FOREIGN_MINISTRY, "KZ", 30));
        AppealId answered = filed(detainedDisputed, ministry, today.minusDays(60));
        appeals.publish(answered.value(), 1, new AppealResponseRecorded(answered, new CaseId(detainedDisputed), ResponseType.DENIED,
                today.minusDays(55), "Not a citizen"));
        AppealId silent = filed(detainedDisputed, ministry, today.minusDays(40));
        appeals.publish(silent.value(), 1, new AppealResponseOverdue(silent, ministry, today.minusDays(10)));
        filed(duplicate, ministry, today.minusDays(90));

        caseIds.addAll(List.of(detainedDisputed, sentenced, releasedThenDied, notYetDerived, duplicate));
        names.addAll(List.of(gulnar.name(), erlan.name(), unnamed.name(), aigul.name()));
        return new Recorded(prefecture, caseIds, names, ministry.value());
    }

    private static Person person(String name, Gender gender, String ethnicity, String county, Birth birth) {
        return new Person(name, List.of(), gender, birth, ethnicity, List.of("CN"), new Hometown(county, null), null);
    }

    private String opened(String prefecture, Person person, String detainedOn) {
        return opened(prefecture, person, detainedOn, null);
    }

    private String opened(String prefecture, Person person, String detainedOn, Facility facility) {
        String caseId = CaseId.random().value();
        Person from = new Person(person.name(), person.nameVariants(), person.gender(), person.birth(),
                person.ethnicity(), person.citizenships(),
                new Hometown(person.hometown() == null ? null : person.hometown().county(), prefecture),
                person.occupation());
        cases.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), from,
                new Detention(date(detainedOn), "Ghulja", DetentionKind.CAMP, facility), WIFE));
        return caseId;
    }

    private String derived(String caseId, long sequence, CaseStatus status, String since, DetentionKind kind,
                           Facility facility, boolean disputed) {
        return cases.publish(caseId, sequence, new CaseStatusDerived(new CaseId(caseId), status, null, date(since),
                kind, facility, null, null, disputed, List.of()));
    }

    private AppealId filed(String caseId, AuthorityId authorityId, LocalDate filedOn) {
        AppealId appealId = AppealId.random();
        appeals.publish(appealId.value(), 0, new AppealFiled(appealId, new CaseId(caseId), authorityId,
                AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn, "Asked where she is held", filedOn.plusDays(30),
                null));
        return appealId;
    }

    private JsonNode awaitStatistics(String query, Predicate<JsonNode> complete) {
        JsonNode[] shown = new JsonNode[1];
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            shown[0] = statistics(query);
            return complete.test(shown[0]);
        });
        return shown[0];
    }

    private JsonNode statistics(String query) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/statistics?" + query, String.class);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private void assertRefused(String query, String field) {
        ResponseEntity<String> response = http.getForEntity("/api/statistics?" + query, String.class);
        assertThat(response.getStatusCode()).as(query).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(response.getBody()).as(query).contains("\"field\":\"" + field + "\"");
    }

    private static void assertBreakdown(JsonNode breakdown, int n, int unknown, String... cells) {
        assertThat(breakdown.get("n").asInt()).as("n of " + breakdown).isEqualTo(n);
        assertThat(breakdown.get("unknown").asInt()).as("unknown of " + breakdown).isEqualTo(unknown);
        assertThat(cells(breakdown)).containsExactly(cells);
    }

    private static List<String> cells(JsonNode breakdownOrCells) {
        JsonNode cells = breakdownOrCells.has("cells") ? breakdownOrCells.get("cells") : breakdownOrCells;
        List<String> shown = new ArrayList<>();
        cells.forEach(cell -> shown.add(cell.get("key").asText() + "=" + cell.get("count").asText()));
        return shown;
    }

    private static ApproximateDate date(String text) {
        return ApproximateDate.parse(text);
    }
}
