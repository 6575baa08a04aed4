package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.Birth;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Facility;
import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.Hometown;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Relation;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Reliability;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.TestimonyGiver;
import org.caseledger.api.cases.TestimonyRecorded;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PersonalDataCodecTest {

    static final CaseId CASE = new CaseId("case-1");
    static final Source SOURCE = new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY, "his sister's letter");
    static final DetentionReported OPENED = new DetentionReported(CASE, 7,
            new Person("Qäyrat Samarqan", List.of(new NameVariant("Қайрат Самарқан", Script.CYRILLIC),
                    new NameVariant("قايرات سامارقان", Script.ARABIC), new NameVariant("凯拉特·萨马尔汗", Script.CHINESE)),
                    Gender.MALE, new Birth(1983, null, null, null), "Kazakh", List.of("KZ"),
                    new Hometown("Qapqal", "Ili"), "teacher"),
            new Detention(ApproximateDate.parse("2017-11"), "Ghulja", DetentionKind.CAMP), SOURCE);
    static final TestimonyRecorded TESTIMONY = new TestimonyRecorded(CASE, "testimony-1",
            TestimonyGiver.named(Relation.SIBLING, "Gulnar Samarqan"), ApproximateDate.parse("2019"), "kk",
            "He was taken from the school at night", true, Visibility.RESTRICTED, SOURCE);

    final InMemoryDataKeys keys = new InMemoryDataKeys();
    final PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);

    @Test
    void canOpenWhatItSealed() throws Exception {
        assertThat(codec.open(codec.sealToBytes(OPENED), DetentionReported.class)).isEqualTo(OPENED);
        assertThat(codec.open(codec.sealToBytes(TESTIMONY), TestimonyRecorded.class)).isEqualTo(TESTIMONY);
    }

    @Test
    void isSealedThroughoutOnlyWhereEveryPersonalValueIsAnEnvelopeOfItsOwnSubject() throws Exception {
        assertThat(sealedThroughoutOnceChanged(OPENED, event -> { })).isTrue();
        assertThat(sealedThroughoutOnceChanged(OPENED,
                event -> ((ObjectNode) event.at("/person/name")).put("subject", "case-2")))
                .as("an envelope of another subject").isFalse();
        assertThat(sealedThroughoutOnceChanged(OPENED,
                event -> ((ObjectNode) event.get("person")).put("occupation", "teacher")))
                .as("one value in clear").isFalse();
    }

    @Test
    void isNotSealedThroughoutWithAPropertyTheEventsRecordsDoNotWrite() throws Exception {
        assertThat(sealedThroughoutOnceChanged(TESTIMONY, event -> { })).isTrue();
        assertThat(sealedThroughoutOnceChanged(TESTIMONY,
                event -> ((ObjectNode) event.get("givenBy")).put("formerName", "Gulnar Samarqan")))
                .as("a property of an older shape, in a record the event holds").isFalse();
        assertThat(sealedThroughoutOnceChanged(TESTIMONY, event -> event.put("note", "his sister Gulnar")))
                .as("a property of an older shape, in the event").isFalse();
    }

    /** Whether the event, sealed, then its JSON changed so, is sealed throughout. */
    private boolean sealedThroughoutOnceChanged(Object event, Consumer<ObjectNode> change) throws IOException {
        ObjectNode sealed = (ObjectNode) EventJson.mapper().readTree(codec.sealToBytes(event));
        change.accept(sealed);
        return codec.sealedThroughout(EventJson.mapper().writeValueAsBytes(sealed), event.getClass());
    }

    @Test
    void sealsEveryMarkedValueAndLeavesTheRestPlain() {
        String sealed = new String(codec.sealToBytes(OPENED), StandardCharsets.UTF_8);

        for (String personal : List.of("Qäyrat", "Қайрат", "قايرات", "凯拉特", "Qapqal", "1983", "teacher", "sister")) {
            assertThat(sealed).doesNotContain(personal);
        }
        assertThat(sealed).contains("\"caseNumber\":7", "\"prefecture\":\"Ili\"", "\"ethnicity\":\"Kazakh\"",
                "\"place\":\"Ghulja\"", "\"personalData\":\"aes-256-gcm-v1\"", "\"subject\":\"case-1\"");
    }

    @Test
    void sealsATestimonyGiversNameWithTheirOwnKey() {
        JsonNode sealed = codec.seal(TESTIMONY);

        assertThat(sealed.at("/givenBy/name/subject").asText()).isEqualTo("testimony-1");
        assertThat(sealed.at("/summary/subject").asText()).isEqualTo("case-1");
    }

    @Test
    void aSealedValueMovedToAnotherFieldDoesNotOpen() {
        ObjectNode sealed = (ObjectNode) codec.seal(OPENED);
        ((ObjectNode) sealed.get("person")).set("occupation", sealed.at("/person/name").deepCopy());

        assertThatThrownBy(() -> codec.open(sealed, DetentionReported.class))
                .isInstanceOf(PersonalDataCodec.SealedValueMismatch.class).hasMessageContaining("person.occupation");
    }

    @Test
    void aSealedValueMovedToAnotherSubjectDoesNotOpen() {
        ObjectNode sealed = (ObjectNode) codec.seal(OPENED);
        keys.put("case-2", keys.get("case-1"));
        sealed.put("caseId", "case-2");

        assertThatThrownBy(() -> codec.open(sealed, DetentionReported.class))
                .isInstanceOf(PersonalDataCodec.SealedValueMismatch.class);
    }

    @Test
    void aSealedValueMovedToAnotherEventTypeDoesNotOpen() {
        ObjectNode opened = (ObjectNode) codec.seal(OPENED);
        ((ObjectNode) opened.get("source")).set("reference", codec.seal(TESTIMONY).at("/source/reference"));
        assertThatThrownBy(() -> codec.open(opened, DetentionReported.class))
                .isInstanceOf(PersonalDataCodec.SealedValueMismatch.class);
    }

    @Test
    void anErasedSubjectsValuesOpenToThePlaceholderTheRecordsAccept() throws Exception {
        byte[] sealed = codec.sealToBytes(OPENED);
        keys.put("case-1", DataKey.ERASED);

        DetentionReported erased = codec.open(sealed, DetentionReported.class);

        assertThat(erased.person().name()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(erased.person().nameVariants()).extracting(NameVariant::text).containsOnly(PersonalDataCodec.ERASED);
        assertThat(erased.person().nameVariants()).extracting(NameVariant::script)
                .containsExactly(Script.CYRILLIC, Script.ARABIC, Script.CHINESE);
        assertThat(erased.person().birth().year()).isNull();
        assertThat(erased.person().hometown()).isEqualTo(new Hometown(PersonalDataCodec.ERASED, "Ili"));
        assertThat(erased.source()).isEqualTo(new Source(SourceType.RELATIVE_TESTIMONY, Reliability.LIKELY,
                PersonalDataCodec.ERASED));
        assertThat(erased.detention()).isEqualTo(OPENED.detention());
    }

    @Test
    void erasingTheCasesPersonLeavesATestimonyGiversName() throws Exception {
        byte[] sealed = codec.sealToBytes(TESTIMONY);
        keys.put("case-1", DataKey.ERASED);

        TestimonyRecorded read = codec.open(sealed, TestimonyRecorded.class);

        assertThat(read.summary()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(read.givenBy().name()).isEqualTo("Gulnar Samarqan");
    }

    @Test
    void aCodecThatKeepsWhatItOpenedOpensTheSameBytesOnce() throws Exception {
        CountingKeys counting = new CountingKeys(keys);
        PersonalDataCodec keeping = new PersonalDataCodec(EventJson.mapper(), counting, 2);
        byte[] sealed = codec.sealToBytes(OPENED);

        DetentionReported first = keeping.open(sealed, DetentionReported.class);
        int askedOnce = counting.asked.get();
        DetentionReported second = keeping.open(sealed.clone(), DetentionReported.class);

        assertThat(first).isEqualTo(OPENED);
        assertThat(second).isSameAs(first);
        assertThat(counting.asked).hasValue(askedOnce);
        assertThat(askedOnce).isPositive();
    }

    @Test
    void readersOfTheSameBytesAtOnceWaitForTheOneThatOpensThem() throws Exception {
        byte[] sealed = codec.sealToBytes(OPENED);
        CountingKeys once = new CountingKeys(keys);
        new PersonalDataCodec(EventJson.mapper(), once).open(sealed, DetentionReported.class);
        CountDownLatch keyGiven = new CountDownLatch(1);
        CountingKeys held = new CountingKeys(keys, keyGiven);
        PersonalDataCodec keeping = new PersonalDataCodec(EventJson.mapper(), held, 16);
        ConcurrentLinkedQueue<DetentionReported> read = new ConcurrentLinkedQueue<>();
        List<Thread> readers = IntStream.range(0, 4).mapToObj(i -> new Thread(() -> {
            try {
                read.add(keeping.open(sealed, DetentionReported.class));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })).toList();
        readers.forEach(Thread::start);

        await().atMost(Duration.ofSeconds(10)).until(() -> held.asked.get() >= 1
                && readers.stream().allMatch(reader -> reader.getState() == Thread.State.WAITING));
        keyGiven.countDown();
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(10).toMillis());
        }

        assertThat(read).hasSize(4).containsOnly(OPENED);
        assertThat(held.asked).hasValue(once.asked.get());
    }

    @Test
    void aCodecKeepsOnlyTheEventsItOpenedLast() throws Exception {
        CountingKeys counting = new CountingKeys(keys);
        PersonalDataCodec keeping = new PersonalDataCodec(EventJson.mapper(), counting, 2);
        byte[] oldest = codec.sealToBytes(OPENED);
        keeping.open(oldest, DetentionReported.class);
        keeping.open(codec.sealToBytes(OPENED), DetentionReported.class);
        keeping.open(codec.sealToBytes(TESTIMONY), TestimonyRecorded.class);
        int asked = counting.asked.get();

        keeping.open(oldest, DetentionReported.class);

        assertThat(counting.asked.get()).isGreaterThan(asked);
    }

    @Test
    void anErasureReadMakesTheEventsKeptOpenedOpenAnew() throws Exception {
        PersonalDataCodec keeping = new PersonalDataCodec(EventJson.mapper(), keys, 16);
        byte[] sealed = codec.sealToBytes(OPENED);
        assertThat(keeping.open(sealed, DetentionReported.class).person().name()).isEqualTo("Qäyrat Samarqan");
        keys.put("case-1", DataKey.ERASED);

        keeping.open(codec.sealToBytes(new PersonalDataErased(CASE, "case-1", DataSubject.PERSON,
                Instant.parse("2026-05-01T10:00:00Z"))), PersonalDataErased.class);

        assertThat(keeping.open(sealed, DetentionReported.class).person().name()).isEqualTo(PersonalDataCodec.ERASED);
    }

    @Test
    void aHolderWithoutKeysReadsTheEventWithItsPersonalValuesWithheld() throws Exception {
        DetentionReported read = PersonalDataCodec.withoutKeys(EventJson.mapper())
                .open(codec.sealToBytes(OPENED), DetentionReported.class);

        assertThat(read.person().name()).isEqualTo(PersonalDataCodec.WITHHELD);
        assertThat(read.caseNumber()).isEqualTo(7);
    }

    @Test
    void findsAMarkedValueAtAnyDepthAndNoneInATypeThatMarksNothing() {
        assertThat(PersonalDataCodec.holdsPersonalData(DetentionReported.class))
                .as("marked in the person, a record it holds").isTrue();
        assertThat(PersonalDataCodec.holdsPersonalData(ReleaseRecorded.class))
                .as("marked in the source").isTrue();
        assertThat(PersonalDataCodec.holdsPersonalData(CaseStatusDerived.class)).isFalse();
        assertThat(PersonalDataCodec.holdsPersonalData(Plain.class)).isFalse();
        assertThat(PersonalDataCodec.holdsPersonalData(Deep.class))
                .as("marked in a record of a list in a record that holds itself").isTrue();
    }

    @Test
    void readsAnEventThatMarksNothingAsItWasWritten() throws Exception {
        CaseStatusDerived derived = new CaseStatusDerived(CASE, CaseStatus.DETAINED, "event-1",
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, new Facility("106", "Ghulja camp", "Ili", "CAMP"), null, null,
                true, List.of());

        assertThat(codec.open(codec.sealToBytes(derived), CaseStatusDerived.class)).isEqualTo(derived);
    }

    /** A record that holds itself and marks nothing. */
    record Plain(String text, Plain next, List<Plain> more) {
    }

    /** A record that holds itself and marks a value of a record in a list it holds. */
    record Deep(Deep next, List<Marks> marks) {
    }

    record Marks(CaseId caseId, @PersonalData String name) {
    }

    @Test
    void aValueStoredBeforeSealingIsReadAsItIs() throws Exception {
        byte[] plain = EventJson.mapper().writeValueAsBytes(OPENED);

        assertThat(codec.open(plain, DetentionReported.class)).isEqualTo(OPENED);
    }

    @Test
    void aSubjectErasedBeforeItsValueIsSealedKeepsOnlyThePlaceholder() {
        keys.put("case-1", DataKey.ERASED);

        assertThat(new String(codec.sealToBytes(OPENED), StandardCharsets.UTF_8))
                .doesNotContain("Qäyrat").contains("\"name\":\"[erased]\"");
    }

    @Test
    void aValueOfASubjectTheHolderHasNoKeyForAndMakesNoneIsNotSealedAtAll() {
        PersonalDataCodec fetching = new PersonalDataCodec(EventJson.mapper(), new DataKeys() {
            @Override
            public DataKey opening(String subject) {
                return DataKey.UNKNOWN;
            }

            @Override
            public DataKey sealing(String subject) {
                return DataKey.UNKNOWN;
            }
        });

        assertThatThrownBy(() -> fetching.sealToBytes(OPENED))
                .isInstanceOfSatisfying(SubjectWithoutKey.class, refusal -> {
                    assertThat(refusal.field()).isEqualTo("caseId");
                    assertThat(refusal.getMessage()).contains("'case-1'").doesNotContain("Qäyrat");
                });
    }

    @Test
    void namesTheSubjectsOfThePayloadsSealedValuesToTheKeysBeforeTheyAreOpened() throws Exception {
        CountingKeys counting = new CountingKeys(keys);
        PersonalDataCodec reading = new PersonalDataCodec(EventJson.mapper(), counting);
        byte[] plain = EventJson.mapper().writeValueAsBytes(OPENED);

        reading.openingSoon(List.of(codec.sealToBytes(OPENED), plain, codec.sealToBytes(TESTIMONY)));
        reading.openingSoon(List.of(plain));

        assertThat(counting.named).containsExactly(List.of("case-1", "testimony-1"));
    }

    @Test
    void erasingASubjectInKeptJsonReplacesOnlyItsValues() {
        JsonNode erased = PersonalDataCodec.erase(EventJson.mapper().valueToTree(TESTIMONY), TestimonyRecorded.class,
                "testimony-1");

        assertThat(erased.at("/givenBy/name").asText()).isEqualTo(PersonalDataCodec.ERASED);
        assertThat(erased.at("/summary").asText()).isEqualTo(TESTIMONY.summary());
    }

    /**
     * The keys of another holder, counting how often a key is asked for to open a value, and keeping the subjects
     * named before values are opened.
     */
    static final class CountingKeys implements DataKeys {
        private final DataKeys of;
        private final CountDownLatch given;
        final AtomicInteger asked = new AtomicInteger();
        final List<List<String>> named = new ArrayList<>();

        CountingKeys(DataKeys of) {
            this(of, new CountDownLatch(0));
        }

        /** Gives no key until the latch is down. */
        CountingKeys(DataKeys of, CountDownLatch given) {
            this.of = of;
            this.given = given;
        }

        @Override
        public DataKey opening(String subject) {
            asked.incrementAndGet();
            try {
                given.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return of.opening(subject);
        }

        @Override
        public DataKey sealing(String subject) {
            return of.sealing(subject);
        }

        @Override
        public void openingSoon(Collection<String> subjects) {
            named.add(List.copyOf(subjects));
        }
    }
}
