package org.caseledger.api.appeals;

/** How an appeal or a follow-up reached the authority. */
public enum AppealChannel {
    LETTER,
    IN_PERSON,
    PETITION,
    UN_COMMUNICATION,
    PRESS_CONFERENCE,
    OTHER
}
