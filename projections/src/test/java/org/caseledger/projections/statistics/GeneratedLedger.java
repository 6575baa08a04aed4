package org.caseledger.projections.statistics;

import org.caseledger.api.EventCatalogue;
import org.caseledger.api.Topics;
import org.caseledger.api.appeals.AppealChannel;
import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealId;
import org.caseledger.api.appeals.AppealOutcome;
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
import org.caseledger.platform.kafka.ConsumedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The events of many cases and their appeals as case-service and appeal-service publish them, deterministic by seed,
 * to fill the statistics model at scale through the projections' own code without the services in between: case
 * {@code n} of a seed is always the same. Shaped like the recorded histories of the services' generator (most first
 * detentions in 2017 and 2018, dated to the day, the month or the year; sentences, releases and deaths; earlier
 * detentions reported late and some retracted; sources judged unlikely; duplicates merged; appeals answered, overdue
 * and closed). The statuses here are set by the story told, not derived by case-service's rules: what the statistics
 * query reads is their spread, not their derivation. A status is stored at the moment of the fact it is derived from,
 * as the ledger stores a command's events at one moment.
 */
public final class GeneratedLedger {

    static final String[][] HOMETOWNS = {{"Ili", "Ghulja", "Zhaosu", "Tekes", "Nilka", "Qapqal", "Künes", "Qorghas"},
            {"Tarbagatay", "Chöchek", "Dörbiljin", "Toli", "Shiho"}, {"Altay", "Altay", "Burultoqay", "Köktokay"},
            {"Kashgar", "Kashgar", "Yarkand", "Shufu", "Kargilik", "Peyziwat"}, {"Hotan", "Hotan", "Keriya", "Lop"},
            {"Aksu", "Aksu", "Kuqa", "Awat"}, {"Ürümqi", "Ürümqi"}, {"Bayingolin", "Korla", "Qiemo"},
            {"Turpan", "Turpan", "Toksun"}};
    private static final String[] CAMPS = {"106", "107", "118", "131", "144", "157", "170", "669", "749", "763",
            "899", "914", "927", "940", "1012"};
    private static final String[] DETENTION_CENTRES = {"533", "698", "714", "778", "804", "832"};
    private static final String[] PRISONS = {"422", "620", "639", "653", "682", "731", "819", "872"};
    private static final String[] ETHNICITIES = {"Uyghur", "Kazakh", "Kyrgyz", "Hui", "Uzbek"};
    private static final int[] ETHNICITY_WEIGHTS = {52, 30, 6, 3, 2};
    private static final String[] AUTHORITIES = {"kz-foreign-ministry", "kz-ombudsman", "kg-foreign-ministry",
            "kg-ombudsman", "cn-embassy-bishkek", "cn-embassy-astana", "cn-consulate-almaty", "un-wgeid", "un-wgad"};
    private static final ResponseType[] RESPONSES = {ResponseType.DENIED, ResponseType.DENIED, ResponseType.DENIED,
            ResponseType.TOKEN, ResponseType.TOKEN, ResponseType.INFORMATION_REQUESTED, ResponseType.PLEDGED,
            ResponseType.FAVOURABLE};
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 30);

    private final long seed;

    public GeneratedLedger(long seed) {
        this.seed = seed;
    }

    /** The registrations of the authorities the appeals are made to. */
    public List<ConsumedEvent> authorities() {
        List<ConsumedEvent> events = new ArrayList<>();
        for (String id : AUTHORITIES) {
            events.add(event(Topics.APPEALS, id, 0, new AuthorityRegistered(new AuthorityId(id), "Authority " + id,
                    id.startsWith("un-") ? AuthorityKind.UN_WORKING_GROUP : AuthorityKind.FOREIGN_MINISTRY,
                    id.startsWith("un-") ? null : id.substring(0, 2).toUpperCase(), 30)));
        }
        return events;
    }

    /** The events of case {@code number}: its own on the cases topic, then its appeals'. */
    public List<ConsumedEvent> caseNumber(long number) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + number);
        Story story = new Story(random, seed, number);
        return story.tell(number);
    }

    private static ConsumedEvent event(String topic, String aggregateId, long sequence, Object payload) {
        return event(topic, aggregateId, sequence, payload, Instant.now());
    }

    private static ConsumedEvent event(String topic, String aggregateId, long sequence, Object payload,
                                       Instant storedAt) {
        return new ConsumedEvent(EventCatalogue.nameOf(payload.getClass()), "1", UUID.randomUUID().toString(),
                aggregateId, sequence, storedAt, Optional.of("volunteer-17"), Optional.empty(),
                Optional.of(payload), topic, 0, 0, () -> {
        });
    }

    private static final class Story {

        private final SplittableRandom random;
        private final long seed;
        private final String caseId;
        private final CaseId id;
        private final List<ConsumedEvent> events = new ArrayList<>();
        private long sequence;

        Story(SplittableRandom random, long seed, long number) {
            this.random = random;
            this.seed = seed;
            this.caseId = new UUID(seed, number).toString();
            this.id = new CaseId(caseId);
        }

        List<ConsumedEvent> tell(long number) {
            String[] hometown = HOMETOWNS[random.nextInt(HOMETOWNS.length)];
            int hometownKnown = random.nextInt(100);
            Hometown from = hometownKnown < 80 ? new Hometown(pick(hometown, 1), hometown[0])
                    : hometownKnown < 90 ? new Hometown(pick(hometown, 1), null) : null;
            LocalDate detained = LocalDate.of(2016, 1, 1).plusDays(days());
            int bornIn = detained.getYear() - 18 - random.nextInt(62);
            int birthKnown = random.nextInt(100);
            Birth birth = birthKnown < 45 ? new Birth(bornIn, null, null, null) : birthKnown < 75
                    ? new Birth(null, (detained.getYear() - bornIn) / 10 * 10,
                    (detained.getYear() - bornIn) / 10 * 10 + 9, detained.getYear()) : null;
            Gender gender = random.nextInt(100) < 4 ? null : random.nextInt(100) < 62 ? Gender.MALE : Gender.FEMALE;
            int ethnicity = weighted();
            Person person = new Person("Person " + number, List.of(), gender, birth,
                    ethnicity < 0 ? null : ETHNICITIES[ethnicity], List.of("CN"), from, null);

            boolean camp = random.nextInt(100) < 70;
            Facility held = facility(camp ? CAMPS : DETENTION_CENTRES, camp ? "camp" : "detention centre");
            DetentionKind kind = camp ? DetentionKind.CAMP : DetentionKind.PRETRIAL;
            String opening = publish(new DetentionReported(id, number, person,
                    new Detention(when(detained), hometown[1], kind, random.nextInt(100) < 75 ? held : null),
                    source()));
            boolean derived = random.nextInt(100) < 92;
            boolean disputed = random.nextInt(100) < 3;
            if (derived) {
                derive(CaseStatus.DETAINED, opening, when(detained), kind, held, null, disputed);
            }
            if (random.nextInt(100) < 15) {
                String earlier = publish(new FurtherDetentionReported(id, new Detention(when(detained.minusDays(
                        200 + random.nextInt(700))), hometown[1], DetentionKind.POLICE_CUSTODY), source()));
                if (random.nextInt(100) < 30) {
                    publish(new FactCorrected(id, earlier, "confused with a brother", source()));
                }
            }
            LocalDate last = detained.plusDays(60 + random.nextInt(900));
            int fate = random.nextInt(100);
            if (fate < 35 && last.isBefore(TODAY)) {
                int life = random.nextInt(100);
                Term term = life < 4 ? new Term(0, 0, true) : life < 8 ? null
                        : new Term(1 + random.nextInt(24), random.nextInt(3) == 0 ? random.nextInt(12) : 0, false);
                Facility prison = facility(PRISONS, "prison");
                String sentence = publish(new SentenceReported(id, when(last), "Intermediate People's Court", term,
                        source()));
                if (derived) {
                    derive(CaseStatus.SENTENCED, sentence, when(last), DetentionKind.PRISON, prison, term, disputed);
                }
            } else if (fate < 70 && last.isBefore(TODAY)) {
                String release = publish(new ReleaseRecorded(id, when(last), random.nextInt(2) == 0
                        ? ReleaseConditions.SURVEILLANCE : ReleaseConditions.FREE, source()));
                if (derived) {
                    derive(CaseStatus.RELEASED, release, when(last), null, null, null, disputed);
                }
            } else if (fate < 74 && last.isBefore(TODAY)) {
                String death = publish(new DeathReported(id, when(last), "died in custody", true, source()));
                if (derived) {
                    derive(CaseStatus.DECEASED, death, when(last), null, null, null, disputed);
                }
            }
            if (number > 1 && random.nextInt(100) < 2) {
                publish(new CaseMerged(id, new CaseId(new UUID(seed, number - 1).toString()), "the same person"));
            }
            int appeals = random.nextInt(100) < 45 ? 0 : 1 + random.nextInt(random.nextInt(100) < 80 ? 1 : 3);
            for (int i = 0; i < appeals; i++) {
                appeal(detained);
            }
            return events;
        }

        private void appeal(LocalDate detained) {
            AppealId appealId = new AppealId(new UUID(random.nextLong(), random.nextLong()).toString());
            LocalDate filedOn = detained.plusDays(30 + random.nextInt(2000));
            if (filedOn.isAfter(TODAY)) {
                filedOn = TODAY.minusDays(random.nextInt(60));
            }
            String authority = AUTHORITIES[random.nextInt(AUTHORITIES.length)];
            events.add(event(Topics.APPEALS, appealId.value(), 0, new AppealFiled(appealId, id,
                    new AuthorityId(authority), AppealChannel.LETTER, AppellantRole.RELATIVE, filedOn,
                    "asked where he is held", filedOn.plusDays(30), null)));
            int outcome = random.nextInt(100);
            long appealSequence = 1;
            if (outcome < 45) {
                events.add(event(Topics.APPEALS, appealId.value(), appealSequence++, new AppealResponseRecorded(
                        appealId, id, RESPONSES[random.nextInt(RESPONSES.length)], filedOn.plusDays(3 + random.nextInt(
                        200)), "an answer")));
            } else if (outcome < 90) {
                events.add(event(Topics.APPEALS, appealId.value(), appealSequence++, new AppealResponseOverdue(
                        appealId, new AuthorityId(authority), filedOn.plusDays(30))));
            }
            if (random.nextInt(100) < 10) {
                events.add(event(Topics.APPEALS, appealId.value(), appealSequence, new AppealClosed(appealId, id,
                        AppealOutcome.NO_RESULT, filedOn.plusDays(250), "given up")));
            }
        }

        /** Stored with the fact it is derived from, at its moment, as the ledger stores a command's events. */
        private void derive(CaseStatus status, String deciding, ApproximateDate since, DetentionKind kind,
                            Facility facility, Term term, boolean disputed) {
            publish(new CaseStatusDerived(id, status, deciding, since, kind, facility, null, term, disputed,
                    List.of()), events.get(events.size() - 1).timestamp());
        }

        private String publish(Object payload) {
            return publish(payload, Instant.now());
        }

        private String publish(Object payload, Instant storedAt) {
            ConsumedEvent event = event(Topics.CASES, caseId, sequence++, payload, storedAt);
            events.add(event);
            return event.eventId();
        }

        private Source source() {
            int reliability = random.nextInt(100);
            return new Source(reliability < 60 ? SourceType.RELATIVE_TESTIMONY : SourceType.MEDIA_REPORT,
                    reliability < 6 ? Reliability.UNLIKELY : Reliability.LIKELY, null);
        }

        private Facility facility(String[] ids, String type) {
            String facilityId = ids[random.nextInt(ids.length)];
            return new Facility(facilityId, "Facility " + facilityId, null, type);
        }

        /** Days after 2016-01-01, most in 2017 and 2018. */
        private int days() {
            int roll = random.nextInt(100);
            return roll < 70 ? 365 + random.nextInt(730) : random.nextInt(365 * 4);
        }

        private ApproximateDate when(LocalDate day) {
            int precision = random.nextInt(100);
            return precision < 50 ? new ApproximateDate(day.getYear(), day.getMonthValue(), day.getDayOfMonth())
                    : precision < 80 ? new ApproximateDate(day.getYear(), day.getMonthValue(), null)
                    : new ApproximateDate(day.getYear(), null, null);
        }

        private int weighted() {
            int roll = random.nextInt(100);
            for (int i = 0; i < ETHNICITY_WEIGHTS.length; i++) {
                roll -= ETHNICITY_WEIGHTS[i];
                if (roll < 0) {
                    return i;
                }
            }
            return -1;
        }

        private String pick(String[] from, int skip) {
            return from[skip + random.nextInt(from.length - skip)];
        }
    }
}
