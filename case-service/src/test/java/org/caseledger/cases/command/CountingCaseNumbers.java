package org.caseledger.cases.command;

/** Case numbers as the register issues them, 1, 2, 3, …, kept in memory for one test. */
class CountingCaseNumbers implements CaseNumbers {

    private long last;

    @Override
    public long next() {
        return ++last;
    }

    /** How many numbers were taken so far. */
    long taken() {
        return last;
    }
}
