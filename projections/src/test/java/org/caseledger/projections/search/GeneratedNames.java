package org.caseledger.projections.search;

import org.caseledger.api.cases.Gender;
import org.caseledger.api.cases.NameVariant;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Script;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Names for the people of a generated ledger, deterministic by seed and case number, since its own people are all
 * "Person n": a given name and a father's name, each of two syllables out of a few hundred, with Kazakhs and Kyrgyz
 * bearing it with "-ov" or "-ova"; so a name is shared by about one other person in a hundred thousand, and a surname
 * by some hundreds. The same name is also spelled in Cyrillic (as Kazakh writes it), in Uyghur's Arabic script and in
 * Chinese characters (syllable by syllable, as names are written in Chinese); a person's report records the spellings
 * their people would use: Cyrillic for Kazakhs and Kyrgyz, Arabic for Uyghurs, Chinese for one in three.
 */
public final class GeneratedNames {

    private static final String[][] GIVEN_STARTS = {{"Nur", "努尔"}, {"Gul", "古丽"}, {"Ay", "阿依"}, {"Er", "艾尔"},
            {"Ser", "赛尔"}, {"Ab", "阿布"}, {"Mem", "买买"}, {"Tur", "吐尔"}, {"Kay", "凯"}, {"Dil", "迪丽"},
            {"Mir", "米尔"}, {"Ras", "热斯"}, {"Sha", "沙"}, {"Tal", "塔力"}, {"Bah", "巴哈"}, {"Zhan", "江"},
            {"Ark", "阿尔克"}, {"Bol", "博拉"}, {"Dos", "多斯"}, {"Qa", "喀"}};
    private static final String[][] GIVEN_ENDS = {{"lan", "兰"}, {"bek", "别克"}, {"jan", "江"}, {"nar", "娜尔"},
            {"gul", "古丽"}, {"zat", "扎提"}, {"mat", "买提"}, {"sun", "孙"}, {"han", "汗"}, {"bay", "拜"},
            {"ali", "阿力"}, {"ila", "依拉"}, {"dar", "达尔"}, {"man", "曼"}, {"ira", "依拉"}};
    private static final String[][] FAMILY_STARTS = {{"Tur", "吐尔"}, {"Ab", "阿布"}, {"Ka", "卡"}, {"O", "奥"},
            {"I", "伊"}, {"Da", "达"}, {"Ma", "马"}, {"Ya", "亚"}, {"Ho", "霍"}, {"Ro", "肉"}, {"Sa", "萨"},
            {"Qa", "喀"}, {"Ba", "巴"}, {"Ti", "提"}, {"Ke", "克"}, {"Mu", "穆"}, {"Ha", "哈"}, {"Ze", "泽"},
            {"Ar", "阿尔"}, {"Yu", "玉"}};
    private static final String[][] FAMILY_ENDS = {{"sun", "孙"}, {"dulla", "杜拉"}, {"sim", "斯木"}, {"man", "曼"},
            {"min", "敏"}, {"wut", "吾提"}, {"myt", "米特"}, {"sin", "斯音"}, {"shur", "苏尔"}, {"zi", "孜"},
            {"di", "迪"}, {"yup", "尤普"}, {"dir", "迪尔"}, {"diq", "迪克"}, {"bek", "别克"}};
    private static final Map<String, String> CYRILLIC = Map.ofEntries(Map.entry("sh", "ш"), Map.entry("ch", "ч"),
            Map.entry("zh", "ж"), Map.entry("kh", "х"), Map.entry("gh", "ғ"), Map.entry("ng", "ң"),
            Map.entry("a", "а"), Map.entry("b", "б"), Map.entry("d", "д"), Map.entry("e", "е"), Map.entry("f", "ф"),
            Map.entry("g", "г"), Map.entry("h", "х"), Map.entry("i", "и"), Map.entry("j", "ж"), Map.entry("k", "к"),
            Map.entry("l", "л"), Map.entry("m", "м"), Map.entry("n", "н"), Map.entry("o", "о"), Map.entry("p", "п"),
            Map.entry("q", "қ"), Map.entry("r", "р"), Map.entry("s", "с"), Map.entry("t", "т"), Map.entry("u", "у"),
            Map.entry("v", "в"), Map.entry("w", "у"), Map.entry("z", "з"));
    private static final Map<String, String> ARABIC = Map.ofEntries(Map.entry("sh", "ش"), Map.entry("ch", "چ"),
            Map.entry("zh", "ژ"), Map.entry("kh", "خ"), Map.entry("gh", "غ"), Map.entry("ng", "ڭ"),
            Map.entry("a", "ا"), Map.entry("b", "ب"), Map.entry("d", "د"), Map.entry("e", "ە"), Map.entry("f", "ف"),
            Map.entry("g", "گ"), Map.entry("h", "ھ"), Map.entry("i", "ى"), Map.entry("j", "ج"), Map.entry("k", "ك"),
            Map.entry("l", "ل"), Map.entry("m", "م"), Map.entry("n", "ن"), Map.entry("o", "و"), Map.entry("p", "پ"),
            Map.entry("q", "ق"), Map.entry("r", "ر"), Map.entry("s", "س"), Map.entry("t", "ت"), Map.entry("u", "ۇ"),
            Map.entry("v", "ۋ"), Map.entry("w", "ۋ"), Map.entry("y", "ي"), Map.entry("z", "ز"));
    private static final String VOWELS = "aeiou";

    private final long seed;

    public GeneratedNames(long seed) {
        this.seed = seed;
    }

    /** The name of person {@code number}, in each script, whether their report records it or not. */
    public Name of(long number, String ethnicity, Gender gender) {
        SplittableRandom random = new SplittableRandom(seed * 0x2545F4914F6CDD1DL + number);
        String[] givenStart = GIVEN_STARTS[random.nextInt(GIVEN_STARTS.length)];
        String[] givenEnd = GIVEN_ENDS[random.nextInt(GIVEN_ENDS.length)];
        String[] familyStart = FAMILY_STARTS[random.nextInt(FAMILY_STARTS.length)];
        String[] familyEnd = FAMILY_ENDS[random.nextInt(FAMILY_ENDS.length)];
        boolean chinese = random.nextInt(3) == 0;
        boolean russified = "Kazakh".equals(ethnicity) || "Kyrgyz".equals(ethnicity);
        String suffix = !russified ? "" : gender == Gender.FEMALE ? "ova" : "ov";
        String given = givenStart[0] + givenEnd[0];
        String family = familyStart[0] + familyEnd[0] + suffix;
        String han = givenStart[1] + givenEnd[1] + "·" + familyStart[1] + familyEnd[1]
                + (suffix.isEmpty() ? "" : suffix.equals("ov") ? "夫" : "娃");
        return new Name(given, family, spelled(given, CYRILLIC, false) + " " + spelled(family, CYRILLIC, false),
                spelled(given, ARABIC, true) + " " + spelled(family, ARABIC, true), han, russified,
                "Uyghur".equals(ethnicity), chinese);
    }

    /**
     * A person's names in the scripts they were recorded in.
     *
     * @param recordedCyrillic whether the report records the Cyrillic spelling, and so on for the others
     */
    public record Name(String given, String family, String cyrillic, String arabic, String chinese,
                       boolean recordedCyrillic, boolean recordedArabic, boolean recordedChinese) {

        public String latin() {
            return given + " " + family;
        }

        /** The person as reported, under this name and its recorded spellings. */
        public Person on(Person person) {
            List<NameVariant> variants = new ArrayList<>();
            if (recordedCyrillic) {
                variants.add(new NameVariant(cyrillic, Script.CYRILLIC));
            }
            if (recordedArabic) {
                variants.add(new NameVariant(arabic, Script.ARABIC));
            }
            if (recordedChinese) {
                variants.add(new NameVariant(chinese, Script.CHINESE));
            }
            return new Person(latin(), List.copyOf(variants), person.gender(), person.birth(), person.ethnicity(),
                    person.citizenships(), person.hometown(), person.occupation());
        }
    }

    /**
     * A Latin name letter by letter in another script; in Cyrillic a "y" after a vowel is "й" and "ы" elsewhere, in
     * Arabic a vowel that begins a word or follows a vowel is carried by a hamza, as Uyghur writes it.
     */
    private static String spelled(String latin, Map<String, String> letters, boolean hamza) {
        String lower = latin.toLowerCase(Locale.ROOT);
        StringBuilder spelled = new StringBuilder();
        int i = 0;
        while (i < lower.length()) {
            String two = i + 2 <= lower.length() ? lower.substring(i, i + 2) : "";
            char c = lower.charAt(i);
            boolean afterVowel = i > 0 && VOWELS.indexOf(lower.charAt(i - 1)) >= 0;
            if (letters.containsKey(two)) {
                spelled.append(letters.get(two));
                i += 2;
                continue;
            }
            if (hamza && VOWELS.indexOf(c) >= 0 && (i == 0 || afterVowel)) {
                spelled.append('ئ');
            }
            spelled.append(c == 'y' && !hamza ? (afterVowel ? "й" : "ы") : letters.get(String.valueOf(c)));
            i++;
        }
        String text = spelled.toString();
        return hamza ? text : text.substring(0, 1).toUpperCase(Locale.ROOT) + text.substring(1);
    }
}
