package org.caseledger.cases.web;

/** What happened to contact with the person. */
enum ContactState {
    LOST,
    REESTABLISHED
}
