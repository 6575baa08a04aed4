package org.caseledger.projections.search;

import com.ibm.icu.lang.UScript;
import com.ibm.icu.text.Transliterator;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The key a name is searched by, close whatever script or spelling it was written in. ICU4J transliterates each run
 * of a script: Cyrillic by the BGN/PCGN romanisation of Kazakh (which takes Russian and Kyrgyz names too), Chinese
 * characters as pinyin with a name's syllables run together as pinyin writes names, Uyghur's Arabic script through
 * ICU's Uyghur phonemic transcription (its only Uyghur transform), anything else by ICU's Any-Latin; then accents and
 * case go. Last, the spellings that romanisations of one sound differ by are made one — "kh" and "h", "sh" and "s",
 * "zh", "j" and "z", "y" and "i", "w" and "v", "q" and "k", doubled letters — so that "Шайырбек Даулетхан", "Shaiyrbek
 * Dauletkhan" and "Shayirbek Dövletkhan" come out close, and trigram similarity (pg_trgm) over the keys ranks what is
 * near.
 */
public final class NameKey {

    private static final Transliterator CYRILLIC = Transliterator.getInstance("Kazakh-Latin/BGN; Latin-ASCII");
    private static final Transliterator HAN = Transliterator.getInstance("Han-Latin/Names; Latin-ASCII");
    private static final Transliterator UYGHUR = Transliterator.getInstance("ug-ug_FONIPA");
    private static final Transliterator ANY = Transliterator.getInstance("Any-Latin; Latin-ASCII");
    /** The phonemic symbols the Uyghur transcription writes, as Uyghur's Latin script spells those sounds. */
    private static final Map<String, String> PHONEMES = Map.ofEntries(Map.entry("d͡ʒ", "j"), Map.entry("t͡ʃ", "ch"),
            Map.entry("ʃ", "sh"), Map.entry("ʒ", "zh"), Map.entry("x", "kh"), Map.entry("χ", "kh"),
            Map.entry("ʁ", "gh"), Map.entry("ŋ", "ng"), Map.entry("ɡ", "g"), Map.entry("j", "y"), Map.entry("y", "u"),
            Map.entry("ø", "o"), Map.entry("ɛ", "e"), Map.entry("ə", "e"), Map.entry("ɑ", "a"), Map.entry("ɯ", "i"),
            Map.entry("ʔ", ""));
    private static final Pattern PHONEME = Pattern.compile("d͡ʒ|t͡ʃ|[ʃʒxχʁŋɡjyøɛəɑɯʔ]");
    private static final Pattern NOT_LETTER = Pattern.compile("[^a-z]+");
    private static final Pattern SPELLINGS = Pattern.compile("kh|sh|zh|ch|gh|[jywq]");
    private static final Map<String, String> ONE_SPELLING = Map.of("kh", "h", "sh", "s", "zh", "z", "ch", "c",
            "gh", "g", "j", "z", "y", "i", "w", "v", "q", "k");
    private static final Pattern DOUBLED = Pattern.compile("([a-z])\\1+");

    private NameKey() {
    }

    public static String of(String name) {
        if (name == null) {
            return "";
        }
        String latin = NOT_LETTER.matcher(latin(name).toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
        return DOUBLED.matcher(replace(latin, SPELLINGS, ONE_SPELLING)).replaceAll("$1");
    }

    private static String latin(String name) {
        StringBuilder latin = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            int start = i;
            int script = script(name.codePointAt(i));
            while (i < name.length() && script(name.codePointAt(i)) == script) {
                i += Character.charCount(name.codePointAt(i));
            }
            String run = name.substring(start, i);
            latin.append(switch (script) {
                case UScript.CYRILLIC -> CYRILLIC.transliterate(run);
                case UScript.HAN -> HAN.transliterate(run).replace(" ", "");
                case UScript.ARABIC -> ANY.transliterate(replace(UYGHUR.transliterate(run), PHONEME, PHONEMES));
                default -> ANY.transliterate(run);
            });
        }
        return latin.toString();
    }

    /** A character's script; punctuation and spaces (COMMON, INHERITED) end a run of Chinese characters. */
    private static int script(int codePoint) {
        int script = UScript.getScript(codePoint);
        return script == UScript.CYRILLIC || script == UScript.HAN || script == UScript.ARABIC ? script
                : UScript.LATIN;
    }

    private static String replace(String text, Pattern pattern, Map<String, String> replacements) {
        Matcher matcher = pattern.matcher(text);
        StringBuilder replaced = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(replaced, Matcher.quoteReplacement(replacements.get(matcher.group())));
        }
        return matcher.appendTail(replaced).toString();
    }
}
