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
     * A query of {@code (case_id, score)}: the cases found, each once with its best score (1 for its number), a
     * duplicate's names finding the case it was merged into as well; its parameters put into {@code params}. It is
     * run after {@link #CANDIDATES} in one transaction.
     *
     * <p>Most of its time is the names the trigram index hands over, each compared again. The index is asked only
     * for names within word similarity 0.5 of the searched key ({@code <%}): a quarter to an eighth of what it handed
     * over when asked for {@code %} (similarity 0.3) as well. Of those, a name is kept as before, when it is similar
     * as a whole (0.3) or its word similarity reaches 0.6. So a name is found as before unless its word similarity is
     * under 0.5; in the searches measured such names all scored under 0.5, after every name still found
     * (docs/search.md).
     */
    public String matches(Map<String, Object> params) {
        params.put("searchKey", key);
        params.put("searchNumber", caseNumber == null ? -1L : caseNumber);
        params.put("searchable", searchable.toArray(String[]::new));
        params.put("restricted", Redaction.effective(null).name());
        return """
                SELECT found.case_id, max(found.score) AS score FROM (
                    SELECT target.case_id,
                           greatest(similarity(n.search_key, :searchKey),
                                    word_similarity(:searchKey, n.search_key)) AS score
                      FROM case_search_name n
                      JOIN case_status named ON named.case_id = n.case_id
                      JOIN case_status target
                        ON target.case_id = n.case_id OR target.case_id = named.merged_into
                     WHERE :searchKey <> ''
                       AND :searchKey <% n.search_key
                       AND (similarity(n.search_key, :searchKey) >= 0.3
                            OR word_similarity(:searchKey, n.search_key) >= 0.6)
                       AND COALESCE(named.visibility, :restricted) = ANY(CAST(:searchable AS TEXT[]))
                       AND COALESCE(target.visibility, :restricted) = ANY(CAST(:searchable AS TEXT[]))
                    UNION ALL
                    SELECT case_id, 1.0 FROM case_status WHERE case_number = :searchNumber
                ) found GROUP BY found.case_id""";
    }
}
