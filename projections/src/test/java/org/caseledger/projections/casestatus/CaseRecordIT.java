package org.caseledger.projections.casestatus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.ChargeReported;
import org.caseledger.api.cases.ContactLost;
import org.caseledger.api.cases.ContactReestablished;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.DepartureReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.EvidenceAttached;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.FurtherDetentionReported;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.RelativeLinked;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.TrialReported;
import org.caseledger.api.cases.Visibility;
import org.caseledger.api.cases.WhereaboutsReported;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The case as current topics describe it: the person, the status the case derived, and the timeline of its facts. */
class CaseRecordIT extends RunningProjections {

    /**
     * Case status, timeline, statistics, the case history and the case search: each takes the cases topic in
     * sequence, and parks on its own.
     */
    static final int CASES_CONSUMERS = 5;
    static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "wife, first interview");
    static final Source COURT = new Source(SourceType.COURT_RECORD, Reliability.HIGH, "verdict 2019-112");
    static final Source RUMOUR = new Source(SourceType.MEDIA_REPORT, Reliability.UNLIKELY, "forum post");
    static final Facility ZHAOSU_CAMP = new Facility("XJ-0413", "Zhaosu County Vocational Skills Education and "
            + "Training Centre", "Ili", "camp");
    static final AtomicLong CASE_NUMBERS = new AtomicLong(2_000_000_000L + System.nanoTime() % 1_000_000_000L);
    static CaseTopic topic;

    @BeforeAll
    static void openTopic() {
        topic = new CaseTopic(RealInfrastructure.get().kafkaBootstrapServers());
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    final ObjectMapper json = EventJson.mapper();

    @Test
    void showsThePersonExactlyAsRecordedInEveryScript() throws Exception {
        Person person = new Person("Gu\u0308lnar To\u0308legenqyzy",
                List.of(new NameVariant("Gülnar Tölegenqyzy", Script.LATIN),
                        new NameVariant("Гүлнар Төлегенқызы", Script.CYRILLIC),
                        new NameVariant("گۈلنار تۆلەگەنقىزى", Script.ARABIC),
                        new NameVariant("古丽娜尔·托列根克孜", Script.CHINESE),
                        new NameVariant("Гүлнар 🕊️ 👩‍👧 \uD83C\uDDF0\uD83C\uDDFF", Script.OTHER)),
                Gender.FEMALE, new Birth(null, 40, 49, 2018), "Kazakh", List.of("KZ", "CN"),
                new Hometown("Моңғолкүре / 昭苏县", "Ili"), "тігінші — دەرزى");
        String caseId = opened(person, "2018-02");
        topic.publish(caseId, 1, detainedSince(caseId, "2018-02", null));

        awaitVersion(caseId, 1);
        ResponseEntity<byte[]> response = http.getForEntity("/api/cases/" + caseId, byte[].class);

        JsonNode shown = json.readTree(response.getBody());
        assertThat(json.treeToValue(shown.get("person"), Person.class)).isEqualTo(person);
        assertThat(shown.get("name").asText()).isEqualTo("Gu\u0308lnar To\u0308legenqyzy").isNotEqualTo("Gülnar Tölegenqyzy");
        String body = new String(response.getBody(), StandardCharsets.UTF_8);
        assertThat(body).contains("Gu\u0308lnar", "گۈلنار تۆلەگەنقىزى", "古丽娜尔·托列根克孜", "👩‍👧", "\uD83C\uDDF0\uD83C\uDDFF");
        for (NameVariant variant : person.nameVariants()) {
            assertThat(response.getBody()).containsSequence(variant.text().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(response.getBody()).containsSequence(person.name().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void showsTheStatusTheCaseDerivedWithTheFactDecidingIt() throws Exception {
        String caseId = opened(person("Erlan Bekzhanuly"), "2017-11");
        String detentionId = eventIdAt(caseId, 0);
        topic.publish(caseId, 1, new CaseStatusDerived(new CaseId(caseId), CaseStatus.DETAINED, detentionId,
                date("2017-11"), DetentionKind.CAMP, ZHAOSU_CAMP, null, null, false, List.of()));
        JsonNode detained = awaitVersion(caseId, 1);
        assertThat(detained.get("status").asText()).isEqualTo("DETAINED");
        assertThat(detained.get("facility").get("id").asText()).isEqualTo("XJ-0413");
        assertThat(detained.get("facility").get("name").asText()).isEqualTo(ZHAOSU_CAMP.name());

        String sentenceId = topic.publish(caseId, 2, new SentenceReported(new CaseId(caseId), date("2019-06-14"),
                "Ili Intermediate People's Court", new Term(14, 6, false), COURT));
        topic.publish(caseId, 3, new CaseStatusDerived(new CaseId(caseId), CaseStatus.SENTENCED, sentenceId,
                date("2019-06-14"), DetentionKind.PRISON, null, null, new Term(14, 6, false), false, List.of()));

        JsonNode shown = awaitVersion(caseId, 3);
        assertThat(shown.get("status").asText()).isEqualTo("SENTENCED");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2019-06-14");
        assertThat(shown.get("decidingFact").get("eventId").asText()).isEqualTo(sentenceId);
        assertThat(shown.get("decidingFact").get("type").asText()).isEqualTo("SentenceReported");
        assertThat(shown.get("decidingFact").get("since").asText()).isEqualTo("2019-06-14");
        assertThat(shown.get("detentionKind").asText()).isEqualTo("PRISON");
        assertThat(shown.get("facility").isNull()).isTrue();
        assertThat(shown.get("term").get("years").asInt()).isEqualTo(14);
        assertThat(shown.get("term").get("months").asInt()).isEqualTo(6);
        assertThat(shown.get("term").get("life").asBoolean()).isFalse();
        assertThat(shown.get("disputed").asBoolean()).isFalse();
        assertThat(shown.get("caseNumber").asLong()).isPositive();
        assertThat(shown.get("lastEventAt").asText()).isNotBlank();
    }

    @Test
    void factsOfTheCurrentRevisionChangeNoStatusWithoutItsDerivation() throws Exception {
        String caseId = opened(person("Askar Azatbek"), "2018");
        assertThat(awaitVersion(caseId, 0).get("status").asText()).isEqualTo("UNKNOWN");
        topic.publish(caseId, 1, detainedSince(caseId, "2018", eventIdAt(caseId, 0)));

        topic.publish(caseId, 2, new ReleaseRecorded(new CaseId(caseId), date("2019-03"), ReleaseConditions.FREE,
                RUMOUR));

        JsonNode shown = awaitVersion(caseId, 2);
        assertThat(shown.get("status").asText()).isEqualTo("DETAINED");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2018");
        assertThat(shown.get("releaseConditions").isNull()).isTrue();
    }

    @Test
    void disputedStatusListsItsContradictions() throws Exception {
        String caseId = opened(person("Mahmut Ablimit"), "2017-04");
        String release = topic.publish(caseId, 1, new ReleaseRecorded(new CaseId(caseId), date("2019-01"),
                ReleaseConditions.SURVEILLANCE, WIFE));
        String sentence = topic.publish(caseId, 2, new SentenceReported(new CaseId(caseId), date("2019-01"),
                "Kashgar court", new Term(0, 0, true), COURT));
        topic.publish(caseId, 3, new CaseStatusDerived(new CaseId(caseId), CaseStatus.SENTENCED, sentence,
                date("2019-01"), DetentionKind.PRISON, null, null, new Term(0, 0, true), true,
                List.of(new Contradiction(sentence, release, date("2019-01")))));

        JsonNode shown = awaitVersion(caseId, 3);
        assertThat(shown.get("disputed").asBoolean()).isTrue();
        assertThat(shown.get("term").get("life").asBoolean()).isTrue();
        JsonNode contradiction = shown.get("contradictions").get(0);
        assertThat(contradiction.get("eventId").asText()).isEqualTo(sentence);
        assertThat(contradiction.get("contradictedEventId").asText()).isEqualTo(release);
        assertThat(contradiction.get("date").asText()).isEqualTo("2019-01");
        assertThat(shown.get("contradictions")).hasSize(1);
    }

    @Test
    void everyFactLandsOnTheTimelineInRecordingOrder() throws Exception {
        String caseId = opened(person("Nurlan Kokteubaev"), "2017-11");
        CaseId id = new CaseId(caseId);
        List<Object> facts = List.of(
                new FurtherDetentionReported(id, new Detention(date("2018-03"), "Kuytun", DetentionKind.PRETRIAL,
                        ZHAOSU_CAMP), WIFE),
                new TestimonyRecorded(id, "testimony-1", TestimonyGiver.named(Relation.SPOUSE, "Айгүл"),
                        date("2018-05"), "kk", "Ол түнде алып кетті", true, Visibility.RESTRICTED, WIFE),
                new WhereaboutsReported(id, date("2018-06"), "Ghulja", ZHAOSU_CAMP, DetentionKind.CAMP, true, WIFE),
                new ContactLost(id, date("2018-07"), WIFE),
                new ContactReestablished(id, date("2019-02"), WIFE),
                new ChargeReported(id, date("2019-03"), "inciting ethnic hatred", COURT),
                new TrialReported(id, date("2019-04"), "Ili Intermediate People's Court", COURT),
                new SentenceReported(id, date("2019-05"), "Ili Intermediate People's Court", new Term(7, 0, false),
                        COURT),
                new ReleaseRecorded(id, date("2020-01"), ReleaseConditions.FORCED_LABOUR, WIFE),
                new DepartureReported(id, date("2020-09"), "Kazakhstan", WIFE),
                new DeathReported(id, date("2021-02"), "heart failure", false, WIFE),
                new RelativeLinked(id, "relative-1", Relation.SIBLING, "Бауыржан", null, date("2021-03"), WIFE),
                new EvidenceAttached(id, "evidence-1", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                        "image/jpeg", "Photo of the release paper", "vault/9f86", "volunteer-3", date("2021-04"), WIFE),
                new CaseVisibilityChanged(id, Visibility.RESTRICTED, "family under pressure"));
        List<String> ids = new ArrayList<>();
        for (Object fact : facts) {
            ids.add(topic.publish(caseId, ids.size() + 1, fact));
        }
        topic.publish(caseId, facts.size() + 1, detainedSince(caseId, "2017-11", eventIdAt(caseId, 0)));

        awaitVersion(caseId, facts.size() + 1);
        JsonNode timeline = timeline(caseId);

        JsonNode entries = timeline.get("entries");
        assertThat(fieldOfEach(entries, "type")).containsExactly("DetentionReported",
                "FurtherDetentionReported", "TestimonyRecorded", "WhereaboutsReported", "ContactLost",
                "ContactReestablished", "ChargeReported", "TrialReported", "SentenceReported", "ReleaseRecorded",
                "DepartureReported", "DeathReported", "RelativeLinked", "EvidenceAttached", "CaseVisibilityChanged");
        assertThat(fieldOfEach(entries, "eventId").subList(1, entries.size())).isEqualTo(ids);
        for (int i = 0; i < entries.size(); i++) {
            assertThat(entries.get(i).get("sequence").asLong()).isEqualTo(i);
            assertThat(entries.get(i).get("recordedBy").asText()).isEqualTo(CaseTopic.RECORDER);
            assertThat(entries.get(i).get("recordedAt").asText()).isNotBlank();
            assertThat(entries.get(i).get("summary").asText()).isNotBlank();
            assertThat(entries.get(i).get("retracted").asBoolean()).isFalse();
        }
        JsonNode sentence = entries.get(8);
        assertThat(sentence.get("date").asText()).isEqualTo("2019-05");
        assertThat(sentence.get("source").get("type").asText()).isEqualTo("COURT_RECORD");
        assertThat(sentence.get("source").get("reliability").asText()).isEqualTo("HIGH");
        assertThat(sentence.get("source").get("reference").asText()).isEqualTo("verdict 2019-112");
        assertThat(sentence.get("summary").asText())
                .isEqualTo("Reported sentenced to 7 years by Ili Intermediate People's Court");
        assertThat(entries.get(3).get("summary").asText()).isEqualTo("Reported transferred in a camp at "
                + ZHAOSU_CAMP.name() + ", Ghulja");
        assertThat(entries.get(9).get("summary").asText()).isEqualTo("Reported released into forced labour");
        assertThat(entries.get(14).get("date").isNull()).isTrue();
        assertThat(entries.get(14).get("source").isNull()).isTrue();
        assertThat(fieldOfEach(entries, "summary").toString()).as("summaries quote no personal data")
                .doesNotContain("Айгүл", "Ол түнде", "Бауыржан", "Nurlan");
        JsonNode testimony = entries.get(2);
        assertThat(testimony.get("testimony").get("text").asText()).isEqualTo("Ол түнде алып кетті");
        assertThat(testimony.get("testimony").get("name").isNull()).as("a giver's name is for admins").isTrue();
        assertThat(texts(testimony.get("redacted"))).containsExactly("testimony.name");
        assertThat(entries.get(12).get("relative").get("name").isNull()).isTrue();
        assertThat(texts(entries.get(12).get("redacted"))).containsExactly("relative.name");

        JsonNode shown = json.readTree(get(caseId).getBody());
        assertThat(shown.get("counts").get("testimonies").asLong()).isEqualTo(1);
        assertThat(shown.get("counts").get("evidence").asLong()).isEqualTo(1);
        assertThat(shown.get("counts").get("relatives").asLong()).isEqualTo(1);
        assertThat(shown.get("visibility").asText()).isEqualTo("RESTRICTED");
    }

    @Test
    void correctionMarksTheFactRetractedAndKeepsIt() throws Exception {
        String caseId = opened(person("Dilnur Kadir"), "2018-08");
        CaseId id = new CaseId(caseId);
        String release = topic.publish(caseId, 1, new ReleaseRecorded(id, date("2019-10"), ReleaseConditions.FREE,
                WIFE));
        String testimony = topic.publish(caseId, 2, new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.unnamed(Relation.NEIGHBOUR), date("2019-10"), "ug", "…", false,
                Visibility.CONFIDENTIAL, WIFE));
        String correction = topic.publish(caseId, 3, new FactCorrected(id, release, "the wife misheard the caller",
                WIFE));
        topic.publish(caseId, 4, new FactCorrected(id, testimony, "recorded on the wrong case", WIFE));

        awaitVersion(caseId, 4);
        JsonNode entries = timeline(caseId).get("entries");

        assertThat(fieldOfEach(entries, "type")).containsExactly("DetentionReported", "ReleaseRecorded",
                "TestimonyRecorded", "FactCorrected", "FactCorrected");
        JsonNode retracted = entries.get(1);
        assertThat(retracted.get("eventId").asText()).isEqualTo(release);
        assertThat(retracted.get("retracted").asBoolean()).isTrue();
        assertThat(retracted.get("retractedBy").asText()).isEqualTo(correction);
        assertThat(retracted.get("retractionReason").asText()).isEqualTo("the wife misheard the caller");
        assertThat(retracted.get("summary").asText()).isEqualTo("Reported released, free");
        assertThat(entries.get(3).get("summary").asText())
                .isEqualTo("Retracted the ReleaseRecorded of 2019-10: the wife misheard the caller");
        assertThat(entries.get(3).get("retracted").asBoolean()).isFalse();
        assertThat(entries.get(0).get("retracted").asBoolean()).isFalse();
        assertThat(json.readTree(get(caseId).getBody()).get("counts").get("testimonies").asLong()).isZero();
    }

    @Test
    void eventsPublishedTwiceAreAppliedOnce() throws Exception {
        String caseId = opened(person("Baqytali Nur"), "2017");
        CaseId id = new CaseId(caseId);
        String detention = eventIdAt(caseId, 0);
        TestimonyRecorded testimony = new TestimonyRecorded(id, "testimony-1",
                TestimonyGiver.unnamed(Relation.CHILD), date("2018"), "kk", "…", true, Visibility.PUBLIC, WIFE);
        String testimonyId = topic.publish(caseId, 1, testimony);
        String correctionId = topic.publish(caseId, 2, new FactCorrected(id, detention, "wrong year", WIFE));
        awaitVersion(caseId, 2);

        topic.publish(caseId, 0, new DetentionReported(id, 1, person("Someone Else"),
                new Detention(date("2016"), "Urumqi", DetentionKind.PRISON), WIFE), detention);
        topic.publish(caseId, 1, testimony, testimonyId);
        topic.publish(caseId, 2, new FactCorrected(id, testimonyId, "replayed", WIFE), correctionId);
        topic.publish(caseId, 3, new DuplicateCaseMerged(id, new CaseId("duplicate-of-" + caseId), "same person"));
        topic.publish(caseId, 3, new DuplicateCaseMerged(id, new CaseId("duplicate-of-" + caseId), "same person"));

        JsonNode shown = awaitVersion(caseId, 3);
        JsonNode entries = timeline(caseId).get("entries");
        assertThat(entries).hasSize(4);
        assertThat(entries.get(0).get("retractedBy").asText()).isEqualTo(correctionId);
        assertThat(entries.get(1).get("retracted").asBoolean()).isFalse();
        assertThat(shown.get("name").asText()).isEqualTo("Baqytali Nur");
        assertThat(shown.get("counts").get("testimonies").asLong()).isEqualTo(1);
        assertThat(shown.get("mergedDuplicates")).hasSize(1);
    }

    @Test
    void mergedDuplicateIsLeftOutOfTheListButReachableById() throws Exception {
        String survivor = opened(person("Serikzhan Bilash"), "2019-03");
        String duplicate = opened(person("Serikjan Bilash"), "2019-03");
        topic.publish(survivor, 1, detainedSince(survivor, "2019-03", eventIdAt(survivor, 0)));
        topic.publish(duplicate, 1, detainedSince(duplicate, "2019-03", eventIdAt(duplicate, 0)));
        topic.publish(duplicate, 2, new CaseMerged(new CaseId(duplicate), new CaseId(survivor), "same person"));
        topic.publish(survivor, 2, new DuplicateCaseMerged(new CaseId(survivor), new CaseId(duplicate),
                "same person"));
        awaitVersion(survivor, 2);

        JsonNode merged = awaitVersion(duplicate, 2);
        assertThat(merged.get("mergedInto").asText()).isEqualTo(survivor);
        JsonNode surviving = json.readTree(get(survivor).getBody());
        assertThat(surviving.get("mergedInto").isNull()).isTrue();
        assertThat(surviving.get("mergedDuplicates").get(0).asText()).isEqualTo(duplicate);

        List<String> listed = listed("/api/cases?status=DETAINED&size=500", survivor, duplicate);
        assertThat(listed).containsExactly(survivor);
        assertThat(listed("/api/cases?size=500", survivor, duplicate)).containsExactly(survivor);
        assertThat(listed("/api/cases?status=DETAINED&includeMerged=true&size=500", survivor, duplicate))
                .containsExactly(survivor, duplicate);
    }

    @Test
    void topicWrittenBeforeTheCaseDerivedItsStatusStillProjects() throws Exception {
        String caseId = CaseId.random().value();
        long caseNumber = CASE_NUMBERS.incrementAndGet();
        String detention = UUID.randomUUID().toString();
        String release = UUID.randomUUID().toString();
        try (CaseTopic oldTopic = CaseTopic.writtenBeforeDerivedStatus(RealInfrastructure.get().kafkaBootstrapServers())) {
            oldTopic.publishJson(caseId, 0, "DetentionReported", "1", ("""
                    {"caseId":"%s","caseNumber":%d,"person":{"name":"Қайрат Самарқан"},
                     "detention":{"date":"2017-10","place":"Karamay","kind":"CAMP"},
                     "source":{"type":"VICTIM_TESTIMONY"}}""").formatted(caseId, caseNumber)
                    .getBytes(StandardCharsets.UTF_8), detention);
            oldTopic.publishJson(caseId, 1, "ReleaseRecorded", "1", ("""
                    {"caseId":"%s","date":"2018-01","conditions":"SURVEILLANCE",
                     "source":{"type":"VICTIM_TESTIMONY"}}""").formatted(caseId)
                    .getBytes(StandardCharsets.UTF_8), release);
        }

        JsonNode shown = awaitVersion(caseId, 1);
        assertThat(shown.get("caseNumber").asLong()).isEqualTo(caseNumber);
        assertThat(shown.get("name").asText()).isEqualTo("Қайрат Самарқан");
        assertThat(shown.get("person").get("name").asText()).isEqualTo("Қайрат Самарқан");
        assertThat(shown.get("status").asText()).isEqualTo("RELEASED");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2018-01");
        assertThat(shown.get("releaseConditions").asText()).isEqualTo("SURVEILLANCE");
        assertThat(shown.get("detentionKind").asText()).isEqualTo("CAMP");
        assertThat(shown.get("decidingFact").get("eventId").asText()).isEqualTo(release);
        assertThat(shown.get("decidingFact").get("type").asText()).isEqualTo("ReleaseRecorded");
        JsonNode entries = timeline(caseId).get("entries");
        assertThat(fieldOfEach(entries, "eventId")).containsExactly(detention, release);
        assertThat(entries.get(0).get("source").get("type").asText()).isEqualTo("VICTIM_TESTIMONY");
        assertThat(entries.get(0).get("source").get("reliability").isNull()).isTrue();
        assertThat(entries.get(0).get("recordedBy").isNull()).isTrue();
        assertThat(entries.get(0).get("summary").asText()).isEqualTo("Case opened: reported detained in a camp at Karamay");
    }

    @Test
    void derivedStatusOverridesWhatOldFactsDecided() throws Exception {
        String caseId = CaseId.random().value();
        CaseId id = new CaseId(caseId);
        try (CaseTopic oldTopic = CaseTopic.writtenBeforeDerivedStatus(RealInfrastructure.get().kafkaBootstrapServers())) {
            oldTopic.publish(caseId, 0, new DetentionReported(id, CASE_NUMBERS.incrementAndGet(),
                    person("Zhanargul Zhumatai"), new Detention(date("2018-02"), "Ghulja", DetentionKind.CAMP),
                    new Source(SourceType.RELATIVE_TESTIMONY)));
        }
        assertThat(awaitVersion(caseId, 0).get("status").asText()).isEqualTo("DETAINED");

        String contactLost = topic.publish(caseId, 1, new ContactLost(id, date("2020"), WIFE));
        topic.publish(caseId, 2, new CaseStatusDerived(id, CaseStatus.MISSING, contactLost, date("2020"), null,
                null, null, null, false, List.of()));
        try (CaseTopic oldTopic = CaseTopic.writtenBeforeDerivedStatus(RealInfrastructure.get().kafkaBootstrapServers())) {
            oldTopic.publish(caseId, 3, new ReleaseRecorded(id, date("2021"), ReleaseConditions.FREE,
                    new Source(SourceType.RELATIVE_TESTIMONY)));
        }

        JsonNode shown = awaitVersion(caseId, 3);
        assertThat(shown.get("status").asText()).isEqualTo("MISSING");
        assertThat(shown.get("statusSince").asText()).isEqualTo("2020");
        assertThat(shown.get("detentionKind").isNull()).isTrue();
        assertThat(shown.get("decidingFact").get("type").asText()).isEqualTo("ContactLost");
    }

    @Test
    void timelineOfUnknownCaseIsNotFoundAsProblem() {
        ResponseEntity<String> response = http.getForEntity("/api/cases/no-such-case/timeline", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void aRecordWithAForgedHighSequenceIsParkedAndTheCaseGoesOn() throws Exception {
        String caseId = opened(person("Gulbahar Jalilova"), "2017-05");
        CaseId id = new CaseId(caseId);
        awaitVersion(caseId, 0);

        topic.publish(caseId, 1_000, new DeathReported(id, date("2020"), "forged", false, RUMOUR));
        topic.publish(caseId, 1, new ReleaseRecorded(id, date("2019-10"), ReleaseConditions.FREE, WIFE));

        JsonNode shown = awaitVersion(caseId, 1);
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(caseId).get("version").asLong() >= 1
                && parked(caseId).size() == CASES_CONSUMERS);
        assertThat(shown.get("version").asLong()).isEqualTo(1);
        assertThat(shown.get("status").asText()).isNotEqualTo("DECEASED");
        assertThat(timeline(caseId).get("version").asLong()).isEqualTo(1);
        assertThat(fieldOfEach(timeline(caseId).get("entries"), "type"))
                .containsExactly("DetentionReported", "ReleaseRecorded");
        assertThat(parked(caseId)).containsOnly(1_000L);
    }

    @Test
    void recordsThatArriveAheadOfTheirTurnAreAppliedInOrderOnceTheGapCloses() throws Exception {
        String caseId = opened(person("Mihrigul Tursun"), "2017-05");
        CaseId id = new CaseId(caseId);
        awaitVersion(caseId, 0);

        topic.publish(caseId, 3, new ReleaseRecorded(id, date("2019-10"), ReleaseConditions.SURVEILLANCE, WIFE));
        topic.publish(caseId, 2, new ContactLost(id, date("2018-01"), WIFE));
        await().atMost(Duration.ofSeconds(30)).until(() -> parked(caseId).size() == 2 * CASES_CONSUMERS);
        assertThat(get(caseId).getBody()).contains("\"version\":0");

        topic.publish(caseId, 1, new FurtherDetentionReported(id, new Detention(date("2017-09"), "Urumqi",
                DetentionKind.PRETRIAL), WIFE));

        awaitVersion(caseId, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> timeline(caseId).get("version").asLong() >= 3);
        assertThat(fieldOfEach(timeline(caseId).get("entries"), "type")).containsExactly("DetentionReported",
                "FurtherDetentionReported", "ContactLost", "ReleaseRecorded");
        assertThat(parked(caseId)).isEmpty();
    }

    /** The sequences parked for the case, by each of the consumers of the cases topic. */
    private List<Long> parked(String caseId) {
        return jdbc.sql("SELECT sequence FROM parked_record WHERE aggregate_id = ?").param(caseId)
                .query(Long.class).list();
    }

    private String opened(Person person, String date) {
        String caseId = CaseId.random().value();
        topic.publish(caseId, 0, new DetentionReported(new CaseId(caseId), CASE_NUMBERS.incrementAndGet(), person,
                new Detention(date(date), "Ghulja", DetentionKind.CAMP, ZHAOSU_CAMP), WIFE));
        return caseId;
    }

    private static CaseStatusDerived detainedSince(String caseId, String date, String decidingEventId) {
        return new CaseStatusDerived(new CaseId(caseId), CaseStatus.DETAINED, decidingEventId, date(date),
                DetentionKind.CAMP, ZHAOSU_CAMP, null, null, false, List.of());
    }

    private static Person person(String name) {
        return new Person(name);
    }

    private static ApproximateDate date(String text) {
        return ApproximateDate.parse(text);
    }

    private String eventIdAt(String caseId, long sequence) throws Exception {
        awaitVersion(caseId, sequence);
        return timeline(caseId).get("entries").get((int) sequence).get("eventId").asText();
    }

    private static List<String> texts(JsonNode values) {
        List<String> texts = new ArrayList<>();
        values.forEach(value -> texts.add(value.asText()));
        return texts;
    }

    private static List<String> fieldOfEach(JsonNode entries, String field) {
        List<String> values = new ArrayList<>();
        entries.forEach(entry -> values.add(entry.get(field).asText()));
        return values;
    }

    /**
     * The given cases among those the list answers, in its order, read page by page to the end: the list is in case
     * number order, and the cases other tests left in the database may fill the first page.
     */
    private List<String> listed(String query, String... caseIds) throws Exception {
        List<String> wanted = List.of(caseIds);
        List<String> found = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode answer = json.readTree(http.getForEntity(query + "&page=" + page, String.class).getBody());
            fieldOfEach(answer.get("items"), "caseId").stream().filter(wanted::contains).forEach(found::add);
            if ((page + 1L) * answer.get("size").asLong() >= answer.get("totalItems").asLong()) {
                return found;
            }
        }
    }

    /** The timeline once its own consumer has caught up with what the case shows. */
    private JsonNode timeline(String caseId) throws Exception {
        long shown = json.readTree(get(caseId).getBody()).get("version").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() -> timelineVersion(caseId) >= shown);
        ResponseEntity<String> response = http.getForEntity("/api/cases/" + caseId + "/timeline", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        return json.readTree(response.getBody());
    }

    private long timelineVersion(String caseId) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/api/cases/" + caseId + "/timeline", String.class);
        return response.getStatusCode() == HttpStatus.OK
                ? json.readTree(response.getBody()).get("version").asLong() : -1;
    }
}
