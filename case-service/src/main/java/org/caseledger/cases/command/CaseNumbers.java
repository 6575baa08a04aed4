package org.caseledger.cases.command;

/**
 * Issues the citable number of a case being opened. It is asked while the case's first event is being recorded, in
 * the same transaction, so that a case which fails to open gives its number back.
 */
public interface CaseNumbers {

    long next();
}
