package org.caseledger.projections.search;

import org.caseledger.api.cases.Visibility;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.web.Problems;
import org.caseledger.projections.redaction.Redaction;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What {@code q} asks the case list for: a case number, and the names near the searched one among the cases whose
 * person the reader's role may see — a reader who may not see a person cannot find the case by the person's name.
 *
 * @param key        the searched text's {@link NameKey}; empty when it has no letter
 * @param caseNumber the case number it names, when it is one
 * @param searchable the visibilities of the cases whose names the reader may search
 */
public record NameSearch(String key, Long caseNumber, List<String> searchable) {

    public static final int MAX_LENGTH = 200;
    /**
     * Run first in the transaction of a {@link #matches} statement: the word similarity from which the trigram index
     * hands a name to the search, for that transaction only. pg_trgm reads its thresholds from settings, not from the
     * statement; its default, 0.6, would lose a near miss such as "Shayirbek Dövletkhan" for "Shairbek Dautov" (0.5).
     */
    public static final String CANDIDATES = "SELECT set_config('pg_trgm.word_similarity_threshold', '0.5', true)";
    private static final Pattern CASE_NUMBER = Pattern.compile("#?(\\d{1,18})");

    /** The search {@code q} asks for, for a reader of this role; refuses text that searches for nothing. */
    public static NameSearch of(String q, Role role) {
        String text = q.strip();
        if (text.length() > MAX_LENGTH) {
            throw Problems.invalid("q", "q is " + text.length() + " characters long; search by at most " + MAX_LENGTH);
        }
        var number = CASE_NUMBER.matcher(text);
        Long caseNumber = number.matches() ? Long.parseLong(number.group(1)) : null;
        String key = NameKey.of(text);
        if (key.isEmpty() && caseNumber == null) {
            throw Problems.invalid("q", "q holds no letter and is no case number: search by a name, in any script, or "
                    + "by a case number");
        }
        return new NameSearch(key, caseNumber, Arrays.stream(Visibility.values())
                .filter(visibility -> Redaction.personVisible(role, visibility)).map(Enum::name).toList());
    }

    /**
     * A query of {@code (case_id, case_number, score, by_name, every_key)}: the cases found, each once with its best
     * score (1 for its number) and whether a name found it, a duplicate's names finding the case it was merged into as
     * well, and a duplicate itself only with {@code includeMerged}; its parameters put into {@code params}. It is run
     * after {@link #CANDIDATES} in one transaction.
     *
     * <p>A score is a pair, ordered as an array: the better of the key's similarity as a whole and its word similarity,
     * then its similarity as a whole. The second decides between names that hold the searched words equally: every
     * name holding the one word of "Tursun Tursun" has a word similarity of 1 to it, and only the person's own name is
     * all of it. Without it, a name whose words all recur in tens of thousands of names tied with all of them, and
     * every one of their keys was read ({@code namesWanted} below cuts between scores, never within one).
     *
     * <p>It reads the search model alone: each name's row holds its case's number, visibility and merge, and those of
     * the case it was merged into, so nothing else is read for each case found (the case status is read for the
     * page's cases only). The visibilities are those the case status holds, from the same events; {@link #shown} checks
     * the page's cases against the case status's own, for the moments one consumer is ahead of the other.
     *
     * <p>Most of its time is the keys the trigram index hands over, each compared again. The index is asked only
     * for keys within word similarity 0.5 of the searched key ({@code <%}): a quarter to an eighth of what it handed
     * over when asked for {@code %} (similarity 0.3) as well. Of those, a name is kept as before, when it is similar
     * as a whole (0.3) or its word similarity reaches 0.6. So a name is found as before unless its word similarity is
     * under 0.5; in the searches measured such names all scored under 0.5, after every name still found
     * (docs/search.md).
     *
     * <p>A key's two similarities are worked out once, beside it ({@code near}), for the condition and the score
     * alike; {@code OFFSET 0} keeps the planner from folding them back into each place they are used, which worked
     * each out again there. They are worked out for each key once ({@code case_search_key}, V42), however many names
     * hold it, and the names are then read by their key: what a name finds, and its score, depend on its key alone.
     * Each key's names are read along the index of the keys ({@code OFFSET 0} keeps the planner from joining them
     * otherwise): the planner, which cannot tell how many names a visibility keeps, read every name instead.
     *
     * <p>With {@code namesWanted}, only the best keys are read: every key scored above the score where the names of
     * the keys scored higher reach {@code namesWanted} (a key's names, as {@code case_search_key} counts them), and
     * every key of that score too. A case's score is that of the best key that finds it, so the cases these keys find
     * are exactly those scoring at least the lowest score kept, and the first cases in rank among them are the first
     * of all the keys would find. Without {@code namesWanted} (null) every key is read.
     *
     * <p>With {@code casesWanted}, each key's names are read in the order its cases rank in among themselves, their
     * numbers', and only up to its {@code casesWanted}th case: the names that find their own case along the index of
     * keys and case numbers, and a duplicate's names, which find the case they were merged into, along an index of
     * theirs by that case's number (V47), each a stream of its own. A stream that reached {@code casesWanted} cases is
     * cut, and the cases past its last number, at its score, may rank above some of those read; so a case is kept
     * only where it ranks at or above every cut's last case (a higher score, or the same score and a number no
     * higher): what is kept is the first cases in rank of all the keys read, however many names hold the key. Without
     * {@code casesWanted} (null) every name of the keys read is read. {@code every_key} says whether every key near
     * the searched one was kept and no stream cut.
     */
    public String matches(Map<String, Object> params, boolean includeMerged, Long namesWanted, Long casesWanted) {
        params.put("searchKey", key);
        params.put("searchNumber", caseNumber == null ? -1L : caseNumber);
        params.put("searchable", searchable.toArray(String[]::new));
        params.put("restricted", Redaction.effective(null).name());
        params.put("includeMerged", includeMerged);
        params.put("namesWanted", namesWanted);
        params.put("casesWanted", casesWanted);
        return """
                WITH near_keys AS MATERIALIZED (
                    SELECT k.search_key, k.names, ARRAY[greatest(near.whole, near.words), near.whole] AS score
                      FROM case_search_key k
                     CROSS JOIN LATERAL (
                           SELECT similarity(k.search_key, :searchKey) AS whole,
                                  word_similarity(:searchKey, k.search_key) AS words
                           OFFSET 0) near
                     WHERE :searchKey <> ''
                       AND :searchKey <% k.search_key
                       AND (near.whole >= 0.3 OR near.words >= 0.6)),
                keys AS MATERIALIZED (
                    SELECT ranked.search_key, ranked.score
                      FROM (SELECT search_key, score,
                                   sum(names) OVER (ORDER BY score DESC)
                                   - sum(names) OVER (PARTITION BY score) AS names_above
                              FROM near_keys) ranked
                     WHERE CAST(:namesWanted AS BIGINT) IS NULL
                        OR ranked.names_above < CAST(:namesWanted AS BIGINT)),
                named AS MATERIALIZED (
                    SELECT keys.search_key, keys.score, own.stream, own.case_id, own.case_number, own.seen
                      FROM keys
                     CROSS JOIN LATERAL (
                           SELECT * FROM (
                                  SELECT 'own' AS stream, n.case_id, n.case_number,
                                         dense_rank() OVER (ORDER BY n.case_number) AS seen
                                    FROM case_search_name n
                                   WHERE n.search_key = keys.search_key
                                     AND COALESCE(n.visibility, :restricted) = ANY(CAST(:searchable AS TEXT[]))
                                     AND n.case_number IS NOT NULL
                                     AND (:includeMerged OR n.merged_into IS NULL)) own
                            WHERE own.seen <= COALESCE(CAST(:casesWanted AS BIGINT), 9223372036854775807)
                           UNION ALL
                           SELECT * FROM (
                                  SELECT 'into' AS stream, n.merged_into, n.into_number,
                                         dense_rank() OVER (ORDER BY n.into_number) AS seen
                                    FROM case_search_name n
                                   WHERE n.search_key = keys.search_key
                                     AND n.into_number IS NOT NULL
                                     AND COALESCE(n.visibility, :restricted) = ANY(CAST(:searchable AS TEXT[]))
                                     AND n.case_number IS NOT NULL
                                     AND COALESCE(n.into_visibility, :restricted) = ANY(CAST(:searchable AS TEXT[]))
                                     AND (:includeMerged OR NOT n.into_merged)) merged
                            WHERE merged.seen <= COALESCE(CAST(:casesWanted AS BIGINT), 9223372036854775807)) own),
                cuts AS MATERIALIZED (
                    SELECT score, max(case_number) AS last_number FROM named
                     GROUP BY search_key, stream, score
                    HAVING max(seen) >= CAST(:casesWanted AS BIGINT))
                SELECT found.case_id, found.case_number, max(found.score) AS score, bool_or(found.by_name) AS by_name,
                       (SELECT count(*) FROM keys) = (SELECT count(*) FROM near_keys)
                       AND NOT EXISTS (SELECT 1 FROM cuts) AS every_key
                  FROM (
                    SELECT case_id, case_number, score, TRUE AS by_name FROM named
                    UNION ALL
                    SELECT case_id, case_number, ARRAY[1, 1]::real[], FALSE FROM case_search_case
                     WHERE case_number = :searchNumber AND (:includeMerged OR merged_into IS NULL)
                ) found GROUP BY found.case_id, found.case_number
                HAVING NOT EXISTS (SELECT 1 FROM cuts
                                    WHERE cuts.score > max(found.score)
                                       OR (cuts.score = max(found.score) AND cuts.last_number < found.case_number))""";
    }

    /**
     * The condition on a found case's row {@code s} of the case status that keeps a case a name found only while the
     * case status, too, lets the reader see its person: the search's consumer may not have read a restriction yet.
     * Its parameters are those {@link #matches} put.
     */
    public static String shown() {
        return "(NOT hits.by_name OR COALESCE(s.visibility, :restricted) = ANY(CAST(:searchable AS TEXT[])))";
    }
}
