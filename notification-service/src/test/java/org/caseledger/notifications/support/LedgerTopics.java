package org.caseledger.notifications.support;

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
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.CaseMerged;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.CaseVisibilityChanged;
import org.caseledger.api.cases.DataSubject;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.DuplicateCaseMerged;
import org.caseledger.api.cases.FactCorrected;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.PersonalDataErased;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.Script;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.api.cases.Term;
import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.testing.TopicWriter;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes what case-service and appeal-service would, as the topic contract describes it, each event at the next
 * position of its case or appeal: a test tells the story, the service under test reads it from Kafka. A case's personal
 * values are sealed with the given data keys, as case-service seals them.
 */
public final class LedgerTopics implements AutoCloseable {

    /** A man whose names are on record in four scripts; a message without personal data contains none of them. */
    public static final Person NURLAN = new Person("Nurlan Kokteubaev", List.of(
            new NameVariant("Нурлан Көктеубаев", Script.CYRILLIC),
            new NameVariant("نۇرلان كۆكتەۋباەۆ", Script.ARABIC),
            new NameVariant("努尔兰·阔克铁吾巴耶夫", Script.CHINESE)),
            null, null, "Kazakh", List.of("KZ"), null, "herder");

    public static final List<String> NURLAN_NAMES = List.of("Nurlan Kokteubaev", "Нурлан Көктеубаев",
            "نۇرلان كۆكتەۋباەۆ", "努尔兰·阔克铁吾巴耶夫");

    private static final AtomicLong CASE_NUMBERS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Source WIFE = new Source(SourceType.RELATIVE_TESTIMONY);

    private final TopicWriter cases;
    private final TopicWriter appeals;
    private final TopicWriter authorities;
    private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();
    /** Seals a case's personal values; null where they are published plain. */
    private final PersonalDataCodec codec;

    /** Personal values sealed with these keys, as case-service seals them. */
    public LedgerTopics(String bootstrapServers, DataKeys keys) {
        this(bootstrapServers, new PersonalDataCodec(EventJson.mapper(), keys));
    }

    /**
     * Personal values published plain, as no case-service publishes them: for a service under test that is given no
     * data keys, and a test that reads no personal value (notification-service opens names only for covered cases).
     */
    public LedgerTopics(String bootstrapServers) {
        this(bootstrapServers, (PersonalDataCodec) null);
    }

    private LedgerTopics(String bootstrapServers, PersonalDataCodec codec) {
        this.codec = codec;
        cases = new TopicWriter(bootstrapServers, Topics.CASES, "Case");
        appeals = new TopicWriter(bootstrapServers, Topics.APPEALS, "Appeal");
        authorities = new TopicWriter(bootstrapServers, Topics.APPEALS, "Authority");
    }

    /** A case opened for Nurlan, detained in a camp, with its first derived status. */
    public OpenedCase openCase() {
        return openCase(NURLAN);
    }

    public OpenedCase openCase(Person person) {
        CaseId caseId = CaseId.random();
        long caseNumber = CASE_NUMBERS.incrementAndGet();
        ApproximateDate detained = ApproximateDate.parse("2017-11");
        String opening = publishCase(caseId, new DetentionReported(caseId, caseNumber, person,
                new Detention(detained, "Zhaosu County", DetentionKind.CAMP), WIFE));
        derive(caseId, CaseStatus.DETAINED, opening, detained);
        return new OpenedCase(caseId.value(), caseNumber);
    }

    /** Returns the release's event id; the case derives RELEASED from it. */
    public String release(String caseId, String date) {
        CaseId id = CaseId.of(caseId);
        String release = publishCase(id, new ReleaseRecorded(id, ApproximateDate.parse(date),
                ReleaseConditions.SURVEILLANCE, WIFE));
        derive(id, CaseStatus.RELEASED, release, ApproximateDate.parse(date));
        return release;
    }

    public String sentence(String caseId, String date) {
        CaseId id = CaseId.of(caseId);
        String sentence = publishCase(id, new SentenceReported(id, ApproximateDate.parse(date),
                "Ili Intermediate Court", new Term(10, 0, false), new Source(SourceType.COURT_RECORD)));
        derive(id, CaseStatus.SENTENCED, sentence, ApproximateDate.parse(date));
        return sentence;
    }

    public String death(String caseId, String date) {
        CaseId id = CaseId.of(caseId);
        String death = publishCase(id, new DeathReported(id, ApproximateDate.parse(date),
                "Died in custody of an illness left untreated", true, WIFE));
        derive(id, CaseStatus.DECEASED, death, ApproximateDate.parse(date));
        return death;
    }

    /** Retracts a fact; the case then derives the status it had before, from its detention. */
    public String correct(String caseId, String retractedEventId) {
        CaseId id = CaseId.of(caseId);
        return publishCase(id, new FactCorrected(id, retractedEventId, "The source confused him with his brother", WIFE));
    }

    public String derive(String caseId, CaseStatus status, String decidingEventId, String since) {
        return derive(CaseId.of(caseId), status, decidingEventId, ApproximateDate.parse(since));
    }

    public void merge(String duplicateCaseId, String intoCaseId) {
        CaseId duplicate = CaseId.of(duplicateCaseId);
        CaseId into = CaseId.of(intoCaseId);
        publishCase(duplicate, new CaseMerged(duplicate, into, "Same man, reported twice"));
        publishCase(into, new DuplicateCaseMerged(into, duplicate, "Same man, reported twice"));
    }

    public void changeVisibility(String caseId, Visibility visibility) {
        CaseId id = CaseId.of(caseId);
        publishCase(id, new CaseVisibilityChanged(id, visibility, "His family asked for it"));
    }

    /** The case's person erased, as case-service publishes it once their data keys are destroyed. */
    public void erasePerson(String caseId) {
        CaseId id = CaseId.of(caseId);
        publishCase(id, new PersonalDataErased(id, caseId, DataSubject.PERSON, Instant.now()));
    }

    public String registerAuthority(String name) {
        AuthorityId authorityId = AuthorityId.random();
        authorities.publish(authorityId.value(), 0, new AuthorityRegistered(authorityId, name,
                AuthorityKind.FOREIGN_MINISTRY, "KG", 30));
        return authorityId.value();
    }

    public String fileAppeal(String caseId, String authorityId, LocalDate filedOn) {
        AppealId appealId = AppealId.random();
        publishAppeal(appealId, new AppealFiled(appealId, CaseId.of(caseId), AuthorityId.of(authorityId),
                AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn,
                "His wife asked where Nurlan Kokteubaev is held", filedOn.plusDays(30), null));
        return appealId.value();
    }

    public String answer(String caseId, String appealId, LocalDate on) {
        return publishAppeal(AppealId.of(appealId), new AppealResponseRecorded(AppealId.of(appealId),
                CaseId.of(caseId), ResponseType.DENIED, on, "Nurlan Kokteubaev is not a citizen of Kyrgyzstan"));
    }

    public String overdue(String appealId, String authorityId, LocalDate dueOn) {
        return publishAppeal(AppealId.of(appealId), new AppealResponseOverdue(AppealId.of(appealId),
                AuthorityId.of(authorityId), dueOn));
    }

    private String derive(CaseId caseId, CaseStatus status, String decidingEventId, ApproximateDate since) {
        return publishCase(caseId, new CaseStatusDerived(caseId, status, decidingEventId, since, null, null, null,
                null, false, List.of()));
    }

    private String publishCase(CaseId caseId, Object event) {
        return codec == null ? cases.publish(caseId.value(), next(caseId.value()), event)
                : cases.publishSealed(caseId.value(), next(caseId.value()), event, codec);
    }

    private String publishAppeal(AppealId appealId, Object event) {
        return appeals.publish(appealId.value(), next(appealId.value()), event);
    }

    private long next(String aggregateId) {
        return sequences.computeIfAbsent(aggregateId, id -> new AtomicLong(-1)).incrementAndGet();
    }

    @Override
    public void close() {
        cases.close();
        appeals.close();
        authorities.close();
    }

    /** A case as its opening published it. */
    public record OpenedCase(String caseId, long caseNumber) {
    }
}
