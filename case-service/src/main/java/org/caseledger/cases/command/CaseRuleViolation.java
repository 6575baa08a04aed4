package org.caseledger.cases.command;

/** A write the case refuses because of what is already on its record; the caller cannot fix it by rewording. */
public class CaseRuleViolation extends RuntimeException {

    public CaseRuleViolation(String message) {
        super(message);
    }
}
