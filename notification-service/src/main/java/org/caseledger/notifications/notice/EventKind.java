package org.caseledger.notifications.notice;

/** What a subscription can ask to hear of; {@link NoticeRules} says which event is which. */
public enum EventKind {
    STATUS_CHANGED("status changed"),
    RELEASE("release reported"),
    SENTENCE("sentence reported"),
    DEATH("death reported"),
    APPEAL_ANSWERED("appeal answered"),
    APPEAL_OVERDUE("appeal overdue");

    private final String words;

    EventKind(String words) {
        this.words = words;
    }

    /** The kind as a person reads it in an e-mail subject. */
    public String words() {
        return words;
    }
}
