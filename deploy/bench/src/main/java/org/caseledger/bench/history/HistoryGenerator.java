package org.caseledger.bench.history;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes the recorded history of people held in Xinjiang as the ledger's operators would record it, as requests to the
 * services' APIs: cases opened on a relative's testimony, dated to the day, the month or only the year; transfers,
 * charges, trials, sentences, releases under conditions, departures, deaths and lost contact; facts reported late
 * and out of order; facts from sources judged unlikely; contradicting reports of the same date; mistaken facts
 * retracted by a correction; people reported twice and merged; and the families' appeals to ministries, ombudsmen,
 * embassies and UN working groups, answered or left unanswered, followed up and closed.
 *
 * <p>The same seed makes the same history: person {@code n} of a seed is always the same person with the same
 * requests, whatever else is generated, so histories of any size can be made in pieces and in parallel. The
 * statuses are not part of it: case-service derives them by its own rules from the facts as it records them.
 * Every date lies between 2014 and mid-2025, so nothing is refused as lying in the future.
 */
public final class HistoryGenerator {

    static final LocalDate LATEST = LocalDate.of(2025, 6, 30);

    private static final String[] MALE_NAMES = {"Nurlan", "Erlan", "Abduweli", "Memet", "Ekpar", "Qurban", "Adil",
            "Serik", "Baurzhan", "Ilham", "Tursun", "Rahman", "Yusup", "Askar", "Dauren", "Marat", "Zharqyn",
            "Omirbek", "Kairat", "Alim", "Nurmuhammad", "Ablikim", "Ghalip", "Rozi", "Talgat"};
    private static final String[] FEMALE_NAMES = {"Gulnar", "Aigul", "Mihrigul", "Sayragul", "Gulbahar", "Zumret",
            "Rahile", "Ayshem", "Dina", "Gulzira", "Aynur", "Patigul", "Raziya", "Meryem", "Asiye", "Buzainap"};
    private static final String[] FAMILY_NAMES = {"Tursun", "Abdulla", "Kokteubaev", "Bekzhanuly", "Nurmuhammad",
            "Tölegenuly", "Serikbay", "Kasim", "Osman", "Imin", "Dawut", "Zhakypov", "Mamyt", "Yasin", "Hoshur",
            "Rozi", "Turdi", "Ayup", "Qadir", "Sadiq"};
    /** Hometowns by prefecture, with the county-level places people most often named. */
    private static final Map<String, String[]> HOMETOWNS = new LinkedHashMap<>();

    static {
        HOMETOWNS.put("Ili", new String[] {"Ghulja", "Zhaosu", "Tekes", "Nilka", "Qapqal", "Künes", "Qorghas"});
        HOMETOWNS.put("Tarbagatay", new String[] {"Chöchek", "Dörbiljin", "Toli", "Shiho"});
        HOMETOWNS.put("Altay", new String[] {"Altay", "Burultoqay", "Köktokay", "Jeminay"});
        HOMETOWNS.put("Kashgar", new String[] {"Kashgar", "Yarkand", "Shufu", "Kargilik", "Peyziwat"});
        HOMETOWNS.put("Hotan", new String[] {"Hotan", "Keriya", "Karakax", "Lop"});
        HOMETOWNS.put("Aksu", new String[] {"Aksu", "Kuqa", "Awat"});
        HOMETOWNS.put("Ürümqi", new String[] {"Ürümqi"});
        HOMETOWNS.put("Bayingolin", new String[] {"Korla", "Qiemo", "Bügür"});
        HOMETOWNS.put("Turpan", new String[] {"Turpan", "Toksun"});
    }

    /** Facilities of the register (id, kind), the places people were most often said to be held. */
    private static final String[][] CAMPS = {{"106", "CAMP"}, {"107", "CAMP"}, {"118", "CAMP"}, {"131", "CAMP"},
            {"144", "CAMP"}, {"157", "CAMP"}, {"170", "CAMP"}, {"669", "CAMP"}, {"749", "CAMP"}, {"763", "CAMP"},
            {"899", "CAMP"}, {"914", "CAMP"}, {"927", "CAMP"}, {"940", "CAMP"}, {"1012", "CAMP"}};
    private static final String[][] DETENTION_CENTRES = {{"533", "PRETRIAL"}, {"698", "PRETRIAL"},
            {"714", "PRETRIAL"}, {"778", "PRETRIAL"}, {"804", "PRETRIAL"}, {"832", "PRETRIAL"}};
    private static final String[][] PRISONS = {{"422", "PRISON"}, {"620", "PRISON"}, {"639", "PRISON"},
            {"653", "PRISON"}, {"682", "PRISON"}, {"731", "PRISON"}, {"819", "PRISON"}, {"872", "PRISON"}};
    private static final String[] AUTHORITIES = {"kz-foreign-ministry", "kz-ombudsman", "kg-foreign-ministry",
            "kg-ombudsman", "cn-embassy-bishkek", "cn-embassy-astana", "cn-consulate-almaty", "un-wgeid", "un-wgad"};
    private static final String[] RESPONSES = {"DENIED", "DENIED", "DENIED", "TOKEN", "TOKEN", "INFORMATION_REQUESTED",
            "PLEDGED", "FAVOURABLE"};
    private static final String[] RELATIONS = {"SPOUSE", "PARENT", "CHILD", "SIBLING", "OTHER_RELATIVE"};

    private final long seed;

    public HistoryGenerator(long seed) {
        this.seed = seed;
    }

    /** Person {@code number} of this seed's history. */
    public PersonHistory person(long number) {
        return new Person(new SplittableRandom(seed * 0x9E3779B97F4A7C15L + number), number).history();
    }

    /**
     * The name the bench's own load gives person {@code number}: one of the 820 the histories' people are named from,
     * the same for the same number, in Latin and in Cyrillic script, with the gender the given name has. A search for
     * it finds the few people of that name, as in a ledger of real people, not every case the load opened.
     */
    public static PersonName name(long number) {
        int givenNames = MALE_NAMES.length + FEMALE_NAMES.length;
        int given = (int) Math.floorMod(number, givenNames);
        String name = (given < MALE_NAMES.length ? MALE_NAMES[given] : FEMALE_NAMES[given - MALE_NAMES.length]) + " "
                + FAMILY_NAMES[(int) Math.floorMod(Math.floorDiv(number, givenNames), FAMILY_NAMES.length)];
        return new PersonName(name, cyrillic(name), given < MALE_NAMES.length ? "MALE" : "FEMALE");
    }

    /** A person's name, the same name in Cyrillic script, and the gender as the ledger takes it. */
    public record PersonName(String latin, String cyrillic, String gender) {
    }

    private static String cyrillic(String latin) {
        StringBuilder cyrillic = new StringBuilder();
        String from = "abdefghijklmnoprstuvyzöüAEBDGIKMNOQRSTYZ";
        String to = "абдефгхийклмнопрстувызөүАЕБДГИКМНОҚРСТЙЗ";
        for (char c : latin.toCharArray()) {
            int at = from.indexOf(c);
            cyrillic.append(at < 0 ? c : to.charAt(at));
        }
        return cyrillic.toString();
    }

    /** A date as the ledger takes it, known to the year, the month or the day. */
    record When(LocalDate day, int precision) {

        static final int YEAR = 0;
        static final int MONTH = 1;
        static final int DAY = 2;

        @Override
        public String toString() {
            return switch (precision) {
                case YEAR -> String.format("%04d", day.getYear());
                case MONTH -> String.format("%04d-%02d", day.getYear(), day.getMonthValue());
                default -> day.toString();
            };
        }
    }

    private static final class Person {

        private final SplittableRandom random;
        private final long number;
        private final List<Step> steps = new ArrayList<>();
        private final List<Step> appeals = new ArrayList<>();
        private final List<Step> merges = new ArrayList<>();
        private int tags;

        Person(SplittableRandom random, long number) {
            this.random = random;
            this.number = number;
        }

        PersonHistory history() {
            boolean male = random.nextInt(100) < 62;
            String gender = random.nextInt(100) < 4 ? null : male ? "MALE" : "FEMALE";
            String given = pick(male ? MALE_NAMES : FEMALE_NAMES);
            String name = given + " " + pick(FAMILY_NAMES);
            String prefecture = pick(HOMETOWNS.keySet().toArray(String[]::new));
            String county = pick(HOMETOWNS.get(prefecture));
            String ethnicity = weighted(new String[] {"Uyghur", "Kazakh", "Kyrgyz", "Hui", "Uzbek", null},
                    new int[] {52, 30, 6, 3, 2, 7});
            LocalDate detained = LocalDate.of(2016, 1, 1).plusDays(weightedDays());
            int bornIn = detained.getYear() - 18 - random.nextInt(62);

            Map<String, Object> person = new LinkedHashMap<>();
            person.put("name", name);
            person.put("nameVariants", List.of(Map.of("text", cyrillic(name), "script", "CYRILLIC")));
            put(person, "gender", gender);
            int birthKnown = random.nextInt(100);
            if (birthKnown < 45) {
                person.put("birth", Map.of("year", bornIn));
            } else if (birthKnown < 75) {
                int decade = (detained.getYear() - bornIn) / 10 * 10;
                person.put("birth", Map.of("ageFrom", decade, "ageTo", decade + 9, "ageAsOfYear", detained.getYear()));
            }
            put(person, "ethnicity", ethnicity);
            person.put("citizenships", random.nextInt(100) < 20 ? List.of("CN", "KZ") : List.of("CN"));
            int hometownKnown = random.nextInt(100);
            if (hometownKnown < 80) {
                person.put("hometown", Map.of("county", county, "prefecture", prefecture));
            } else if (hometownKnown < 90) {
                person.put("hometown", Map.of("county", county));
            }
            if (random.nextInt(100) < 50) {
                person.put("occupation", pick(new String[] {"herder", "teacher", "trader", "farmer", "imam",
                        "driver", "student", "doctor", "writer", "accountant"}));
            }

            String[] firstPlace = random.nextInt(100) < 70 ? pick(CAMPS) : pick(DETENTION_CENTRES);
            When opened = when(detained);
            Map<String, Object> detention = detention(opened, firstPlace, county);
            steps.add(new Step(Step.Kind.OPEN, 0, "", Map.of("person", person, "detention", detention,
                    "source", relative()), null, null));

            LocalDate last = afterwards(detained);
            last = story(last, firstPlace, county);
            if (random.nextInt(100) < 30) {
                fact(0, "/testimonies", testimony(when(afterwards(detained))), null);
            }
            if (random.nextInt(100) < 15) {
                fact(0, "/relatives", Map.of("relation", pick(RELATIONS), "date", when(afterwards(detained)).toString(),
                        "source", relative()), null);
            }
            if (random.nextInt(100) < 10) {
                fact(0, "/evidence", evidence(when(afterwards(detained))), null);
            }
            if (random.nextInt(100) < 5) {
                duplicate(person, detention);
            }
            int appealed = random.nextInt(100);
            int filings = appealed < 35 ? 1 : appealed < 45 ? 2 : appealed < 50 ? 3 : 0;
            for (int i = 0; i < filings; i++) {
                appeal(0, detained);
            }
            List<Step> all = new ArrayList<>(steps);
            all.addAll(appeals);
            all.addAll(merges);
            return new PersonHistory(number, all);
        }

        /** What became of the person after the detention that opened the case; answers the date of the last fact. */
        private LocalDate story(LocalDate from, String[] place, String county) {
            LocalDate at = from;
            if (random.nextInt(100) < 12) {
                // An earlier detention, reported only later: the case's first detention moves back.
                LocalDate earlier = from.minusDays(200 + random.nextInt(700));
                fact(0, "/detentions", Map.of("detention", detention(when(earlier), pick(DETENTION_CENTRES), county),
                        "source", relative()), null);
            }
            if (random.nextInt(100) < 8) {
                // A detention reported in error, and retracted once the family set it right.
                String mistaken = fact(0, "/detentions", Map.of("detention",
                        detention(when(from.minusDays(400 + random.nextInt(300))), pick(DETENTION_CENTRES), county),
                        "source", witness()), "mistaken");
                steps.add(new Step(Step.Kind.CORRECTION, 0, "/corrections", Map.of("reason",
                        "The neighbour confused him with his cousin", "source", relative()), null, mistaken));
            }
            if (random.nextInt(100) < 25) {
                at = afterwards(at);
                String[] moved = random.nextInt(2) == 0 ? pick(CAMPS) : pick(DETENTION_CENTRES);
                fact(0, "/whereabouts", whereabouts(when(at).toString(), moved, true, relative()), null);
            }
            int path = random.nextInt(100);
            if (path < 28) {
                at = sentenced(at, county);
                if (random.nextInt(100) < 15) {
                    at = afterwards(afterwards(at));
                    fact(0, "/releases", release(when(at), relative()), null);
                }
            } else if (path < 58) {
                at = afterwards(at);
                fact(0, "/releases", release(when(at), relative()), null);
                if (random.nextInt(100) < 15) {
                    at = afterwards(at);
                    fact(0, "/departures", Map.of("date", when(at).toString(), "destinationCountry",
                            random.nextInt(2) == 0 ? "Kazakhstan" : "Turkey", "source", relative()), null);
                }
            } else if (path < 68) {
                at = afterwards(at);
                fact(0, "/contact", Map.of("state", "LOST", "date", when(at).toString(), "source", relative()), null);
                if (random.nextInt(100) < 30) {
                    at = afterwards(at);
                    fact(0, "/contact", Map.of("state", "REESTABLISHED", "date", when(at).toString(),
                            "source", relative()), null);
                }
            } else if (path < 74) {
                at = afterwards(at);
                fact(0, "/deaths", Map.of("date", when(at).toString(), "circumstances",
                        "The family was handed his body", "inCustody", random.nextInt(100) < 70,
                        "source", relative()), null);
                return at;
            }
            if (random.nextInt(100) < 6) {
                // The authorities claim a release the family does not believe: recorded, weighed as unlikely.
                fact(0, "/releases", release(when(afterwards(at)), Map.of("type", "OFFICIAL_DOCUMENT",
                        "reliability", "UNLIKELY", "reference", "statement of the regional government")), null);
            }
            if (random.nextInt(100) < 7) {
                // Two sources of the same date that say different things: the case is disputed.
                fact(0, "/whereabouts", whereabouts(lastDate(), pick(PRISONS), false, witness()), null);
            }
            if (random.nextInt(100) < 5) {
                at = afterwards(at);
                String release = fact(0, "/releases", release(when(at), witness()), "mistaken-release");
                steps.add(new Step(Step.Kind.CORRECTION, 0, "/corrections", Map.of("reason",
                        "He was moved to another camp, not released", "source", relative()), null, release));
            }
            return at;
        }

        private LocalDate sentenced(LocalDate from, String county) {
            LocalDate at = afterwards(from);
            if (random.nextInt(100) < 60) {
                fact(0, "/charges", Map.of("date", when(at).toString(), "charge",
                        pick(new String[] {"inciting ethnic hatred", "separatism", "picking quarrels",
                                "gathering a crowd to disturb public order", "illegal religious activity"}),
                        "source", relative()), null);
                at = afterwards(at);
            }
            if (random.nextInt(100) < 50) {
                fact(0, "/trials", Map.of("date", when(at).toString(), "court",
                        county + " County People's Court", "source", relative()), null);
                at = afterwards(at);
            }
            Map<String, Object> term = new LinkedHashMap<>();
            int length = random.nextInt(100);
            if (length < 4) {
                term.put("life", true);
            } else {
                term.put("years", length < 20 ? random.nextInt(5) : length < 50 ? 5 + random.nextInt(5)
                        : length < 75 ? 10 + random.nextInt(5) : length < 90 ? 15 + random.nextInt(5)
                        : 20 + random.nextInt(6));
                if (random.nextInt(3) == 0) {
                    term.put("months", 1 + random.nextInt(11));
                }
                if (term.get("years").equals(0) && !term.containsKey("months")) {
                    term.put("months", 6);
                }
            }
            Map<String, Object> sentence = new LinkedHashMap<>();
            sentence.put("date", when(at).toString());
            sentence.put("court", county + " County People's Court");
            sentence.put("term", term);
            sentence.put("source", random.nextInt(100) < 30
                    ? Map.of("type", "COURT_RECORD", "reliability", "HIGH", "reference", "verdict")
                    : relative());
            fact(0, "/sentences", sentence, null);
            if (random.nextInt(100) < 30) {
                at = afterwards(at);
                fact(0, "/whereabouts", whereabouts(when(at).toString(), pick(PRISONS), true, relative()), null);
            }
            return at;
        }

        /** The same person reported again by someone else, later found out and merged into the first case. */
        private void duplicate(Map<String, Object> person, Map<String, Object> detention) {
            Map<String, Object> again = new LinkedHashMap<>(person);
            again.put("name", ((String) person.get("name")).replace("u", "ou"));
            steps.add(new Step(Step.Kind.OPEN, 1, "", Map.of("person", again, "detention", detention, "source",
                    Map.of("type", "MEDIA_REPORT", "reliability", "LIKELY", "reference", "list published abroad")),
                    null, null));
            if (random.nextInt(2) == 0) {
                appeal(1, LocalDate.parse(detentionDay(detention)));
            }
            merges.add(new Step(Step.Kind.MERGE, 1, "/merge", Map.of("reason",
                    "The same person, reported by two organisations"), null, null));
        }

        private static String detentionDay(Map<String, Object> detention) {
            String date = (String) detention.get("date");
            return date.length() == 4 ? date + "-01-01" : date.length() == 7 ? date + "-01" : date;
        }

        private void appeal(int caseIndex, LocalDate detained) {
            String authority = pick(AUTHORITIES);
            LocalDate earliest = detained.plusMonths(2).isBefore(LocalDate.of(2018, 1, 1))
                    ? LocalDate.of(2018, 1, 1) : detained.plusMonths(2);
            if (earliest.isAfter(LATEST.minusMonths(4))) {
                earliest = LATEST.minusMonths(4);
            }
            LocalDate filed = earliest.plusDays(random.nextLong(ChronoUnit.DAYS.between(earliest,
                    LATEST.minusMonths(3)) + 1));
            String tag = "appeal-" + tags++;
            appeals.add(new Step(Step.Kind.APPEAL, caseIndex, "", Map.of(
                    "authorityId", authority,
                    "channel", authority.startsWith("un-") ? "UN_COMMUNICATION"
                            : pick(new String[] {"LETTER", "LETTER", "IN_PERSON", "PETITION"}),
                    "filedBy", weighted(new String[] {"RELATIVE", "LAWYER", "NGO"}, new int[] {70, 10, 20}),
                    "date", filed.toString(),
                    "summary", "Asked where the family's relative is held and on what grounds"), tag, null));
            LocalDate at = filed;
            if (random.nextInt(100) < 20) {
                at = atMostLatest(at.plusDays(10 + random.nextInt(60)));
                appeals.add(new Step(Step.Kind.APPEAL_FACT, caseIndex, "/follow-ups", Map.of("channel", "LETTER",
                        "date", at.toString(), "summary", "Reminded the authority"), null, tag));
            }
            if (random.nextInt(100) < 48) {
                at = atMostLatest(at.plusDays(3 + random.nextInt(240)));
                appeals.add(new Step(Step.Kind.APPEAL_FACT, caseIndex, "/responses", Map.of("type", pick(RESPONSES),
                        "date", at.toString(), "summary", "The authority's letter"), null, tag));
            }
            if (random.nextInt(100) < 12) {
                at = atMostLatest(at.plusDays(1 + random.nextInt(90)));
                appeals.add(new Step(Step.Kind.APPEAL_FACT, caseIndex, "/closure", Map.of("outcome",
                        pick(new String[] {"NO_RESULT", "INFORMATION_OBTAINED", "WITHDRAWN", "PERSON_RELEASED"}),
                        "date", at.toString(), "summary", "The family closed the appeal"), null, tag));
            }
        }

        private String fact(int caseIndex, String path, Map<String, Object> body, String tag) {
            String named = tag == null ? null : tag + "-" + tags++;
            steps.add(new Step(Step.Kind.FACT, caseIndex, path, body, named, null));
            return named;
        }

        /** The date of the latest fact recorded so far that states a date of its own, as it was given. */
        private String lastDate() {
            for (int i = steps.size() - 1; i >= 0; i--) {
                Object date = steps.get(i).body().get("date");
                if (date != null) {
                    return (String) date;
                }
            }
            return ((Map<?, ?>) steps.get(0).body().get("detention")).get("date").toString();
        }

        private Map<String, Object> detention(When date, String[] place, String county) {
            Map<String, Object> detention = new LinkedHashMap<>();
            detention.put("date", date.toString());
            detention.put("place", county);
            if (random.nextInt(100) < 65) {
                detention.put("facilityId", place[0]);
            }
            detention.put("kind", random.nextInt(100) < 12 ? "POLICE_CUSTODY" : place[1]);
            return detention;
        }

        private Map<String, Object> whereabouts(String date, String[] place, boolean transfer,
                                                Map<String, Object> source) {
            Map<String, Object> whereabouts = new LinkedHashMap<>();
            whereabouts.put("date", date);
            whereabouts.put("facilityId", place[0]);
            whereabouts.put("kind", place[1]);
            whereabouts.put("transfer", transfer);
            whereabouts.put("source", source);
            return whereabouts;
        }

        private Map<String, Object> release(When date, Map<String, Object> source) {
            return Map.of("date", date.toString(), "conditions", weighted(new String[] {"SURVEILLANCE", "FREE",
                    "MOVEMENT_RESTRICTED", "FORCED_LABOUR"}, new int[] {50, 15, 25, 10}), "source", source);
        }

        private Map<String, Object> testimony(When date) {
            Map<String, Object> testimony = new LinkedHashMap<>();
            testimony.put("givenBy", Map.of("relation", pick(RELATIONS)));
            testimony.put("date", date.toString());
            testimony.put("language", pick(new String[] {"ug", "kk", "ru", "en"}));
            testimony.put("summary", "Police took him from home at night; the family was told nothing for months.");
            testimony.put("consentToPublish", random.nextInt(100) < 30);
            testimony.put("visibility", "RESTRICTED");
            testimony.put("source", Map.of("type", "RELATIVE_TESTIMONY", "reliability", "LIKELY"));
            return testimony;
        }

        private Map<String, Object> evidence(When date) {
            StringBuilder sha256 = new StringBuilder();
            for (int i = 0; i < 64; i++) {
                sha256.append(Character.forDigit(random.nextInt(16), 16));
            }
            return Map.of("sha256", sha256.toString(), "mediaType", "image/jpeg", "description",
                    "photograph of the detention notice", "storedAt", "vault/" + number + "/notice.jpg",
                    "date", date.toString(), "source", relative());
        }

        private Map<String, Object> relative() {
            return Map.of("type", "RELATIVE_TESTIMONY",
                    "reliability", weighted(new String[] {"LIKELY", "HIGH", "UNSURE"}, new int[] {60, 25, 15}),
                    "reference", pick(new String[] {"his wife", "her husband", "a daughter", "a brother", "a son"}));
        }

        private Map<String, Object> witness() {
            return Map.of("type", "WITNESS_TESTIMONY", "reliability", "UNSURE", "reference", "a former detainee");
        }

        /** A date known to the year, the month or the day, as families told them. */
        private When when(LocalDate day) {
            int precision = random.nextInt(100);
            return new When(day, precision < 25 ? When.YEAR : precision < 70 ? When.MONTH : When.DAY);
        }

        /** Most detentions were in 2017 and 2018; some before, fewer after. */
        private long weightedDays() {
            int year = weighted(new Integer[] {0, 1, 2, 3, 4}, new int[] {8, 45, 30, 12, 5});
            return year * 365L + random.nextInt(365);
        }

        private LocalDate afterwards(LocalDate from) {
            return atMostLatest(from.plusDays(30 + random.nextInt(500)));
        }

        private static LocalDate atMostLatest(LocalDate day) {
            return day.isAfter(LATEST) ? LATEST : day;
        }

        private <T> T pick(T[] choices) {
            return choices[random.nextInt(choices.length)];
        }

        private <T> T weighted(T[] choices, int[] weights) {
            int total = 0;
            for (int weight : weights) {
                total += weight;
            }
            int drawn = random.nextInt(total);
            for (int i = 0; i < choices.length; i++) {
                drawn -= weights[i];
                if (drawn < 0) {
                    return choices[i];
                }
            }
            return choices[choices.length - 1];
        }

        private static void put(Map<String, Object> map, String key, Object value) {
            if (value != null) {
                map.put(key, value);
            }
        }
    }
}
