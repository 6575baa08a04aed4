package org.caseledger.cases.command;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The subjects' keys as the case asks for them in one test: each subject whose key it prepared, with how many case
 * numbers had been taken at that moment. No test that uses it erases anyone.
 */
class PreparedKeys implements SubjectKeys {

    final Map<String, Long> numbersTakenWhenPrepared = new LinkedHashMap<>();
    private final CountingCaseNumbers numbers;

    PreparedKeys(CountingCaseNumbers numbers) {
        this.numbers = numbers;
    }

    @Override
    public void prepare(String subjectId) {
        numbersTakenWhenPrepared.put(subjectId, numbers.taken());
    }

    @Override
    public void destroy(String subjectId, String reason) {
        throw new AssertionError("No test with these keys erases a subject, yet " + subjectId + " was erased");
    }
}
