package org.caseledger.projections.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.SignedInClient;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.ProjectedEvents;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.UriComponentsBuilder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The case list searched by name across scripts and spellings, and by case number, as each role may. Every test's
 * cases have a prefecture of their own and every search is filtered by it, so other tests' people are not found.
 */
class CaseSearchIT extends RunningProjections {

    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "sister");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);
    final ObjectMapper json = new ObjectMapper();
    final String prefecture = "Search-" + UUID.randomUUID();
    @Autowired
    CaseSearchProjection caseSearchProjection;
    @Autowired
    PlatformTransactionManager transactionManager;

    @Test
    void findsAPersonByAnyRecordedNameInAnyScriptCaseAccentsAndSpellingAndRanksTheNearestFirst() throws Exception {
        String shaiyrbek = recorded(new Person("Шайырбек Даулетхан", List.of(
                new NameVariant("Shaiyrbek Dauletkhan", Script.LATIN)), null, null, null, null, null, null),
                Visibility.PUBLIC);
        String gulbahar = recorded(new Person("Gulbahar Jalilova", List.of(
                new NameVariant("گۈلباھار جېلىلوۋا", Script.ARABIC),
                new NameVariant("古丽巴哈尔·加力力", Script.CHINESE)), null, null, null, null, null, null),
                Visibility.PUBLIC);
        String near = recorded(new Person("Shairbek Dautov"), Visibility.PUBLIC);
        String other = recorded(new Person("Ayjan Tursun"), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Tursun", Role.ANALYST).contains(other)
                && found("Gulbahar", Role.ANALYST).contains(gulbahar)
                && found("Shaiyrbek", Role.ANALYST).containsAll(List.of(shaiyrbek, near)));

        for (String spelling : List.of("Шайырбек Даулетхан", "Shaiyrbek Dauletkhan", "Shayirbek Dövletkhan",
                "SHAIYRBEK DAULETKHAN", "dauletkhan")) {
            assertThat(found(spelling, Role.ANALYST)).as(spelling).first().isEqualTo(shaiyrbek);
        }
        assertThat(found("шайырбек", Role.ANALYST)).as("the given name both hold, the shorter name nearer as a whole")
                .startsWith(near, shaiyrbek);
        assertThat(found("Shayirbek Dövletkhan", Role.ANALYST)).as("the near-miss after the person")
                .containsSubsequence(shaiyrbek, near).doesNotContain(gulbahar, other);
        for (String spelling : List.of("Gülbahar Jelilova", "گۈلباھار جېلىلوۋا", "Гүлбахар Жалилова",
                "Gulibahaer Jialili", "古丽巴哈尔")) {
            assertThat(found(spelling, Role.ANALYST)).as(spelling).first().isEqualTo(gulbahar);
        }
        assertThat(found("Ayjan Tursun", Role.ANALYST)).containsExactly(other);
    }

    @Test
    void aNameOfOneWordTwiceRanksItsOwnerAboveTheNamesThatHoldTheWord() throws Exception {
        String word = letters();
        List<String> cases = recorded(List.of(new Person("Ayjan " + word), new Person(word + " Ayjan"),
                new Person(word + " " + word)), Visibility.PUBLIC);
        String q = word + " " + word;
        await().atMost(Duration.ofSeconds(60)).until(() -> found(q, Role.ANALYST).size() == cases.size());

        List<String> found = found(q, Role.ANALYST);
        assertThat(found).as("every name holds the word whole; the owner's name is all of it")
                .first().isEqualTo(cases.get(2));
        assertThat(found).as("the others, as near as a whole as each other, by case number")
                .containsExactly(cases.get(2), cases.get(0), cases.get(1));
    }

    @Test
    void aViewerFindsARestrictedPersonByCaseNumberButNeverByName() throws Exception {
        String restricted = recorded(new Person("Nurlan Kokteubaev"), null);
        String confidential = recorded(new Person("Erlan Nurzhanov"), Visibility.CONFIDENTIAL);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Nurzhanov", Role.ADMIN).contains(confidential)
                && found("Kokteubaev", Role.ADMIN).contains(restricted));

        assertThat(found("Nurlan Kokteubaev", Role.VIEWER)).isEmpty();
        assertThat(found("Nurlan Kokteubaev", Role.ANALYST)).containsExactly(restricted);
        assertThat(found("Erlan Nurzhanov", Role.ANALYST)).isEmpty();
        assertThat(found("Erlan Nurzhanov", Role.ADMIN)).containsExactly(confidential);

        long number = search(Role.ADMIN, "Kokteubaev").get("items").get(0).get("caseNumber").asLong();
        JsonNode byNumber = search(Role.VIEWER, "#" + number);
        assertThat(byNumber.get("totalItems").asLong()).isEqualTo(1);
        assertThat(byNumber.at("/items/0/caseId").asText()).isEqualTo(restricted);
        assertThat(byNumber.at("/items/0/person").isNull()).as("the person withheld from a viewer").isTrue();
        assertThat(search(Role.VIEWER, String.valueOf(number)).get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void aDuplicatesNameFindsTheCaseItWasMergedInto() throws Exception {
        String kept = recorded(new Person("Abdurehim Heyit"), Visibility.PUBLIC);
        String duplicate = recorded(new Person("Абдурехим Хейит"), Visibility.PUBLIC);
        try (TopicWriter topic = writer()) {
            topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "same person"));
            topic.publish(kept, 2, new DuplicateCaseMerged(new CaseId(kept), new CaseId(duplicate), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Абдурехим", Role.ANALYST).equals(List.of(kept)));

        assertThat(ids(search(Role.ANALYST, "Абдурехим Хейит", true)))
                .containsExactlyInAnyOrder(kept, duplicate);
    }

    @Test
    void aVisibilityChangedAfterTheNameWasFoundDecidesWhoFindsItFromThenOn() throws Exception {
        String person = recorded(new Person("Qydyrbek Zhumabaev"), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Qydyrbek Zhumabaev", Role.VIEWER).contains(person));

        try (TopicWriter topic = writer()) {
            topic.publish(person, 2, new CaseVisibilityChanged(new CaseId(person), Visibility.RESTRICTED, "threats"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Qydyrbek Zhumabaev", Role.VIEWER).isEmpty());
        assertThat(found("Qydyrbek Zhumabaev", Role.ANALYST)).containsExactly(person);

        try (TopicWriter topic = writer()) {
            topic.publish(person, 3, new CaseVisibilityChanged(new CaseId(person), Visibility.CONFIDENTIAL, "threats"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Qydyrbek Zhumabaev", Role.ANALYST).isEmpty());
        assertThat(found("Qydyrbek Zhumabaev", Role.ADMIN)).containsExactly(person);
    }

    @Test
    void aViewerIsNotShownAPersonTheCaseStatusRestrictedBeforeTheSearchReadIt() throws Exception {
        String person = recorded(new Person("Yerzhan Tolegenuly"), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Yerzhan Tolegenuly", Role.VIEWER).contains(person)
                && found("Yerzhan Tolegenuly", Role.VIEWER).size() == 1);

        jdbc.sql("UPDATE case_status SET visibility = 'RESTRICTED' WHERE case_id = :caseId").param("caseId", person)
                .update();
        assertThat(found("Yerzhan Tolegenuly", Role.VIEWER)).as("the case status is ahead of the search").isEmpty();
        assertThat(found("Yerzhan Tolegenuly", Role.ANALYST)).containsExactly(person);
    }

    @Test
    void aDuplicatesNameFindsTheCaseItWasMergedIntoOnlyAsThatCasesVisibilityAllows() throws Exception {
        String kept = recorded(new Person("Aigerim Tokhtarova"), null);
        String duplicate = recorded(new Person("Жанаргүл Серикбай"), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Жанаргүл Серикбай", Role.VIEWER).contains(duplicate));
        try (TopicWriter topic = writer()) {
            topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "same person"));
            topic.publish(kept, 2, new DuplicateCaseMerged(new CaseId(kept), new CaseId(duplicate), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Жанаргүл Серикбай", Role.ANALYST)
                .equals(List.of(kept)));
        assertThat(found("Жанаргүл Серикбай", Role.VIEWER)).as("the case merged into is restricted").isEmpty();

        try (TopicWriter topic = writer()) {
            topic.publish(kept, 3, new CaseVisibilityChanged(new CaseId(kept), Visibility.PUBLIC, "family agreed"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Жанаргүл Серикбай", Role.VIEWER)
                .equals(List.of(kept)));
        assertThat(ids(search(Role.VIEWER, "Жанаргүл Серикбай", true)))
                .containsExactlyInAnyOrder(kept, duplicate);
    }

    @Test
    void aDuplicateMergedIntoACaseNotYetOpenedHereFindsThatCaseOnceItIs() throws Exception {
        String kept = CaseId.random().value();
        String duplicate = recorded(new Person("Baqytzhan Oralbek"), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Baqytzhan Oralbek", Role.VIEWER)
                .contains(duplicate));
        try (TopicWriter topic = writer()) {
            topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Baqytzhan Oralbek", Role.VIEWER).isEmpty());

        recorded(kept, new Person("Nurbol Amanzhol"), Visibility.PUBLIC);
        try (TopicWriter topic = writer()) {
            topic.publish(kept, 2, new DuplicateCaseMerged(new CaseId(kept), new CaseId(duplicate), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Baqytzhan Oralbek", Role.VIEWER)
                .equals(List.of(kept)));
        JsonNode answer = search(Role.VIEWER, "Baqytzhan Oralbek", 0, 10);
        assertThat(answer.get("totalItems").asLong()).as("one person, found once").isEqualTo(1);
    }

    /**
     * The case merged into is opened with nothing after it: its opening alone must bring the duplicate's names up to
     * date, which were kept while the case had no number.
     */
    @Test
    void aDuplicateMergedIntoACaseNotYetOpenedHereFindsThatCaseOnceItsOpeningAloneIsRead() throws Exception {
        String kept = CaseId.random().value();
        String duplicate = recorded(new Person("Serikzhan Toqtarbay"), Visibility.PUBLIC);
        try (TopicWriter topic = writer()) {
            topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Serikzhan Toqtarbay", Role.ANALYST).isEmpty());

        try (TopicWriter topic = writer()) {
            opening(topic, kept, new Person("Ermekbai Sultanmurat"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Serikzhan Toqtarbay", Role.ANALYST)
                .equals(List.of(kept)));
        assertThat(found("Serikzhan Toqtarbay", Role.VIEWER)).as("a case of no visibility yet is restricted")
                .isEmpty();
    }

    @Test
    void aStatusFilterKeepsOnlyTheFoundCasesOfThatStatusAndCountsThem() throws Exception {
        String released = recorded(new Person("Aidos Kenzhebek"), Visibility.PUBLIC);
        String unknown = recorded(new Person("Aidar Kenzhebek"), Visibility.PUBLIC);
        try (TopicWriter topic = writer()) {
            topic.publish(released, 2, new CaseStatusDerived(new CaseId(released), CaseStatus.RELEASED, null,
                    ApproximateDate.parse("2020-01"), null, null, null, null, false, List.of()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(search(Role.VIEWER, "Kenzhebek", "status",
                "RELEASED")).equals(List.of(released)));

        assertThat(found("Kenzhebek", Role.VIEWER)).containsExactlyInAnyOrder(released, unknown);
        JsonNode unknownOnly = search(Role.VIEWER, "Kenzhebek", "status", "UNKNOWN");
        assertThat(ids(unknownOnly)).containsExactly(unknown);
        assertThat(unknownOnly.get("totalItems").asLong()).isEqualTo(1);
        assertThat(search(Role.VIEWER, "Kenzhebek", "status", "RELEASED").get("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void aSearchForNothingOrTooLongIsRefusedNamingQ() {
        for (String q : List.of("!!! ...", "   ", "a".repeat(NameSearch.MAX_LENGTH + 1))) {
            ResponseEntity<String> answer = get(Role.VIEWER, q, false);
            assertThat(answer.getStatusCode()).as(q).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getBody()).contains("\"q\"");
        }
    }

    @Test
    void aSearchCountsAllItFindsOnEveryPageAndAPagePastTheLastIsEmpty() throws Exception {
        List<String> tursuns = List.of(recorded(new Person("Ayjan Tursun"), Visibility.PUBLIC),
                recorded(new Person("Mirman Tursun"), Visibility.PUBLIC),
                recorded(new Person("Gulnar Tursun"), Visibility.PUBLIC));
        String restricted = recorded(new Person("Bakhyt Tursun"), null);
        await().atMost(Duration.ofSeconds(60)).until(() -> found("Tursun", Role.ADMIN).size() == 4);

        List<String> seen = new ArrayList<>();
        for (int page = 0; page < 2; page++) {
            JsonNode answer = search(Role.VIEWER, "Tursun", page, 2);
            assertThat(answer.get("totalItems").asLong()).as("page " + page).isEqualTo(3);
            seen.addAll(ids(answer));
        }
        assertThat(seen).as("each once, none restricted").containsExactlyInAnyOrderElementsOf(tursuns);
        JsonNode pastTheLast = search(Role.VIEWER, "Tursun", 2, 2);
        assertThat(ids(pastTheLast)).isEmpty();
        assertThat(pastTheLast.get("totalItems").asLong()).isEqualTo(3);
        for (Role role : List.of(Role.VIEWER, Role.ADMIN)) {
            JsonNode byRestrictedName = search(role, "Bakhyt Tursun", 0, 500);
            assertThat(byRestrictedName.get("totalItems").asLong()).as(role + " counts what it finds")
                    .isEqualTo(ids(byRestrictedName).size());
            assertThat(ids(byRestrictedName).contains(restricted)).as(role + " finds the restricted person")
                    .isEqualTo(role == Role.ADMIN);
        }
        assertThat(search(Role.VIEWER, "Zhyldyzkhan Qwerty", 0, 2).get("totalItems").asLong()).isZero();
    }

    /**
     * A search that finds more cases than it counts exactly (a hundred) reads only its best keys: each page must be
     * the one the search over every key gives, and the total says when it is a lower bound. Past two hundred of one
     * name, so that the best keys' names pass what a page needs; among them, second by case number, one whose name
     * holds it whole and so has the same score from a key of its own; then names near it, each ranked lower.
     */
    @Test
    void aNameManyShareIsCountedUpToAHundredAndEveryPageRanksAsOverEveryKey() throws Exception {
        String surname = letters();
        List<Person> people = new ArrayList<>();
        people.add(new Person("Ayjan " + surname));
        people.add(new Person("Ayjan " + surname + " Kyzy"));
        for (int i = 0; i < 210; i++) {
            people.add(new Person("Ayjan " + surname));
        }
        for (String near : List.of("Ayjana " + surname, "Bayjan " + surname, "Ayjan " + surname + "ova")) {
            people.add(new Person(near));
        }
        List<String> cases = recorded(people, Visibility.PUBLIC);
        String q = "Ayjan " + surname;
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(search(Role.ANALYST, q, 0, 500)).size() == cases.size());

        JsonNode all = search(Role.ANALYST, q, 0, 500);
        assertThat(all.get("totalItems").asLong()).isEqualTo(cases.size());
        assertThat(all.get("totalItemsExact").asBoolean()).isTrue();
        List<String> ranked = ids(all);
        List<String> named = new ArrayList<>(cases.subList(2, 212));
        named.add(0, cases.get(0));
        assertThat(ranked.subList(0, 211)).as("the name itself, by case number").containsExactlyElementsOf(named);
        assertThat(ranked.get(211)).as("then the name holding it whole").isEqualTo(cases.get(1));

        JsonNode first = search(Role.ANALYST, q, 0, 20);
        assertThat(first.get("totalItemsExact").asBoolean()).as("211 of the best score pass the hundred").isFalse();
        assertThat(first.get("totalItems").asLong()).as("a lower bound, past the hundred").isGreaterThan(100)
                .isLessThan(cases.size());

        List<String> paged = new ArrayList<>();
        for (int page = 0; page * 20 <= cases.size(); page++) {
            JsonNode shown = search(Role.ANALYST, q, page, 20);
            assertThat(shown.get("totalItems").asLong()).as("page " + page + " counts at least up to its end")
                    .isGreaterThanOrEqualTo(Math.min(cases.size(), (page + 1) * 20L));
            if (shown.get("totalItemsExact").asBoolean()) {
                assertThat(shown.get("totalItems").asLong()).as("page " + page).isEqualTo(cases.size());
            }
            paged.addAll(ids(shown));
        }
        assertThat(paged).as("every page as it ranks among all found").containsExactlyElementsOf(ranked);
        JsonNode pastTheLast = search(Role.ANALYST, q, 40, 20);
        assertThat(ids(pastTheLast)).isEmpty();
        assertThat(pastTheLast.get("totalItems").asLong()).isEqualTo(cases.size());
        assertThat(pastTheLast.get("totalItemsExact").asBoolean()).isTrue();
    }

    /**
     * A search that stops within a key, after the cases it needs in the order of their numbers, still finds the case a
     * duplicate of that name was merged into at that case's place: here the first, though the duplicate was opened
     * after a hundred and fifty others of its name.
     */
    @Test
    void aDuplicateOfANameManyShareFindsTheCaseItWasMergedIntoAtThatCasesPlace() throws Exception {
        String surname = letters();
        String q = "Ayjan " + surname;
        String kept = recorded(new Person("Nurgul " + letters()), Visibility.PUBLIC);
        List<String> crowd = recorded(Collections.nCopies(151, new Person(q)), Visibility.PUBLIC);
        String duplicate = crowd.get(150);
        try (TopicWriter topic = writer()) {
            topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(kept), "same person"));
            topic.publish(kept, 2, new DuplicateCaseMerged(new CaseId(kept), new CaseId(duplicate), "same person"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(search(Role.ANALYST, q, 0, 500)).contains(kept));

        List<String> ranked = ids(search(Role.ANALYST, q, 0, 500));
        assertThat(ranked).as("the case merged into, by its own number, then the others").hasSize(151)
                .startsWith(kept).doesNotContain(duplicate);
        JsonNode first = search(Role.ANALYST, q, 0, 20);
        assertThat(first.get("totalItemsExact").asBoolean()).as("past the hundred").isFalse();
        assertThat(ids(first)).containsExactlyElementsOf(ranked.subList(0, 20));
    }

    /**
     * A search that stops within a key keeps no case ranked below the last case it read of that key: under a filter
     * that leaves none of the cases read of the best key, the cases of the next key would otherwise fill the page,
     * ahead of the best key's cases of that status not read. Here the best key's first 101 cases are not released and
     * its last 9 are; the next key's 120 are.
     */
    @Test
    void underAFilterNoCaseRankedBelowWhereTheSearchStoppedWithinAKeyIsShownAheadOfThoseItDidNotRead()
            throws Exception {
        String q = "Ayjan " + letters();
        List<String> bestCases = recorded(Collections.nCopies(110, new Person(q)), Visibility.PUBLIC);
        List<String> released = new ArrayList<>(bestCases.subList(101, 110));
        released.addAll(recorded(Collections.nCopies(120, new Person(q + " Kyzy")), Visibility.PUBLIC));
        try (TopicWriter topic = writer()) {
            for (String caseId : released) {
                topic.publish(caseId, 2, new CaseStatusDerived(new CaseId(caseId), CaseStatus.RELEASED, null,
                        ApproximateDate.parse("2020-01"), null, null, null, null, false, List.of()));
            }
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> ids(search(Role.ANALYST, q, 0, 500, "status", "RELEASED"))
                .size() == released.size());

        List<String> ranked = ids(search(Role.ANALYST, q, 0, 500, "status", "RELEASED"));
        assertThat(ranked).as("the best key's released cases first").containsExactlyElementsOf(released);
        assertThat(ids(search(Role.ANALYST, q, 0, 20, "status", "RELEASED")))
                .containsExactlyElementsOf(ranked.subList(0, 20));
    }

    @Test
    void anErasedPersonsNamesTakeTheirKeysAlongUnlessAnotherNameHoldsThem() throws Exception {
        String own = "Zarina " + letters();
        String shared = "Patigul " + letters();
        String erased = recorded(new Person(own, List.of(new NameVariant(shared, Script.LATIN)), null, null, null,
                null, null, null), Visibility.PUBLIC);
        String other = recorded(new Person(shared), Visibility.PUBLIC);
        await().atMost(Duration.ofSeconds(60)).until(() -> found(shared, Role.ADMIN).containsAll(List.of(erased, other))
                && found(own, Role.ADMIN).contains(erased));
        assertThat(namesHolding(own)).contains(1);
        assertThat(namesHolding(shared)).contains(2);

        try (TopicWriter topic = writer()) {
            topic.publish(erased, 2, new PersonalDataErased(new CaseId(erased), erased, DataSubject.PERSON,
                    Instant.now()));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> found(shared, Role.ADMIN).equals(List.of(other)));

        assertThat(found(own, Role.ADMIN)).isEmpty();
        assertThat(namesHolding(own)).as("the key of a name no one else has leaves with it").isEmpty();
        assertThat(namesHolding(shared)).as("the other person's name keeps the key").contains(1);
    }

    /**
     * Two transactions that each keep two names, of the same two keys in turn opposite orders (two instances, or a
     * benchmark's threads), both commit: the keys' counts are written as each commits, in the keys' order, so neither
     * waits for the other's key while holding the one the other waits for.
     */
    @Test
    void twoTransactionsKeepingNamesOfTheSameKeysInOppositeOrdersBothCommit() throws Exception {
        String first = "Zarina " + letters();
        String second = "Patigul " + letters();
        CyclicBarrier bothKeptOne = new CyclicBarrier(2);
        ProjectedEvents events = new ProjectedEvents();
        TransactionTemplate transactions = new TransactionTemplate(transactionManager);
        Callable<Void> forwards = () -> keepTwo(transactions, events, bothKeptOne, first, second);
        Callable<Void> backwards = () -> keepTwo(transactions, events, bothKeptOne, second, first);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Void>> done = threads.invokeAll(List.of(forwards, backwards), 60, TimeUnit.SECONDS);
            for (Future<Void> transaction : done) {
                transaction.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(namesHolding(first)).contains(2);
        assertThat(namesHolding(second)).contains(2);
    }

    private Void keepTwo(TransactionTemplate transactions, ProjectedEvents events, CyclicBarrier bothKeptOne,
                         String one, String other) {
        transactions.executeWithoutResult(status -> {
            opened(events, one);
            try {
                bothKeptOne.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            opened(events, other);
        });
        return null;
    }

    private void opened(ProjectedEvents events, String name) {
        String caseId = CaseId.random().value();
        caseSearchProjection.apply(events.of(caseId, 0, new DetentionReported(new CaseId(caseId),
                CASE_NUMBERS.incrementAndGet(), new Person(name), null, SOURCE)));
    }

    /** How many names hold the search key of {@code name}, when any does. */
    private Optional<Integer> namesHolding(String name) {
        return jdbc.sql("SELECT names FROM case_search_key WHERE search_key = ?").param(NameKey.of(name))
                .query(Integer.class).optional();
    }

    /**
     * A word of eight letters no other test's name has, capitalised; from "b" to "q", never an "a". A surname whose key
     * began "ai" held the trigrams that begin the key of "Ayjan", so "Bayjan" and the surname held every trigram of the
     * searched "Ayjan" and the surname, and tied with the name holding it whole (about one surname in a hundred); one
     * ending "an" would have done the same for "Ayjana".
     */
    private static String letters() {
        String hex = UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        StringBuilder word = new StringBuilder();
        for (char digit : hex.toCharArray()) {
            word.append((char) ('b' + Character.digit(digit, 16)));
        }
        word.setCharAt(0, Character.toUpperCase(word.charAt(0)));
        return word.toString();
    }

    private String recorded(Person person, Visibility visibility) {
        return recorded(CaseId.random().value(), person, visibility);
    }

    private String recorded(String caseId, Person person, Visibility visibility) {
        try (TopicWriter topic = writer()) {
            recorded(topic, caseId, person, visibility);
        }
        return caseId;
    }

    /** Each person's case, in their order (so in the order of their case numbers), through one writer. */
    private List<String> recorded(List<Person> people, Visibility visibility) {
        List<String> caseIds = new ArrayList<>();
        try (TopicWriter topic = writer()) {
            for (Person person : people) {
                String caseId = CaseId.random().value();
                recorded(topic, caseId, person, visibility);
                caseIds.add(caseId);
            }
        }
        return caseIds;
    }

    private void recorded(TopicWriter topic, String caseId, Person person, Visibility visibility) {
        opening(topic, caseId, person);
        topic.publish(caseId, 1, new CaseVisibilityChanged(new CaseId(caseId),
                visibility == null ? Visibility.RESTRICTED : visibility, "as the family asked"));
    }

    /** The report that opens the case, its person placed in this test class's prefecture. */
    private void opening(TopicWriter topic, String caseId, Person person) {
        Person placed = new Person(person.name(), person.nameVariants(), person.gender(), person.birth(),
                person.ethnicity(), person.citizenships(), new Hometown(null, prefecture), person.occupation());
        topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(),
                placed, new Detention(ApproximateDate.parse("2018-05"), "Ghulja", DetentionKind.CAMP), SOURCE));
    }

    private static TopicWriter writer() {
        return new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES, "Case", "volunteer-9");
    }

    private List<String> found(String q, Role role) throws Exception {
        return ids(search(role, q));
    }

    private JsonNode search(Role role, String q) throws Exception {
        return search(role, q, false);
    }

    private JsonNode search(Role role, String q, boolean includeMerged) throws Exception {
        ResponseEntity<String> answer = get(role, q, includeMerged);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private JsonNode search(Role role, String q, int page, int size) throws Exception {
        return search(role, q, page, size, null, null);
    }

    private JsonNode search(Role role, String q, String filter, String value) throws Exception {
        return search(role, q, null, null, filter, value);
    }

    /** A page ({@code page} and {@code size} left to the list when null) of a search, under one filter if any. */
    private JsonNode search(Role role, String q, Integer page, Integer size, String filter, String value)
            throws Exception {
        UriComponentsBuilder query = UriComponentsBuilder.fromPath("/api/cases").queryParam("q", q)
                .queryParam("prefecture", prefecture);
        if (page != null) {
            query.queryParam("page", page).queryParam("size", size);
        }
        if (filter != null) {
            query.queryParam(filter, value);
        }
        ResponseEntity<String> answer = http.exchange(query.build().encode().toUri(), HttpMethod.GET,
                new HttpEntity<>(SignedInClient.as(role)), String.class);
        assertThat(answer.getStatusCode()).as(answer.getBody()).isEqualTo(HttpStatus.OK);
        return json.readTree(answer.getBody());
    }

    private ResponseEntity<String> get(Role role, String q, boolean includeMerged) {
        URI uri = UriComponentsBuilder.fromPath("/api/cases").queryParam("q", q).queryParam("prefecture", prefecture)
                .queryParam("includeMerged", includeMerged).build().encode().toUri();
        return http.exchange(uri, HttpMethod.GET, new HttpEntity<>(SignedInClient.as(role)), String.class);
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> ids.add(item.get("caseId").asText()));
        return ids;
    }
}
