package org.caseledger.bench.history;

import java.util.Map;

/**
 * One request of a person's history, as an operator's client sends it to case-service or appeal-service. What it
 * cannot know before it is sent — the id case-service gives a case, the event id of a fact to retract, the id of an
 * appeal — it names by the person's case ({@code 0}, or {@code 1} for the duplicate) and by tags of earlier steps.
 *
 * @param kind      what the request does
 * @param caseIndex the person's case the request is about: 0, or 1 for a duplicate report of the same person
 * @param path      for a fact, the path under the case ({@code /releases}); for an appeal's fact, under the appeal
 * @param body      the request's JSON body, without the ids the step refers to by tag
 * @param tag       the name later steps give this one's event or appeal, or null
 * @param refers    the tag of the earlier step this one needs: the fact a correction retracts, the appeal a response
 *                  answers; null when none
 */
public record Step(Kind kind, int caseIndex, String path, Map<String, Object> body, String tag, String refers) {

    public enum Kind {
        /** {@code POST /api/cases}: the detention that opens a case. */
        OPEN,
        /** {@code POST /api/cases/{caseId}{path}}: a further fact. */
        FACT,
        /** {@code POST /api/cases/{caseId}/corrections}, retracting the fact tagged {@code refers}. */
        CORRECTION,
        /** {@code POST /api/appeals} for the case. */
        APPEAL,
        /** {@code POST /api/appeals/{appealId}{path}}: a response, follow-up or closure of the appeal {@code refers}. */
        APPEAL_FACT,
        /** {@code POST /api/cases/{duplicate}/merge} into case 0: an administrator's merge of the duplicate. */
        MERGE
    }
}
