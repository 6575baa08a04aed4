package org.caseledger.notifications.notice;

import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.DeathReported;
import org.caseledger.api.cases.ReleaseRecorded;
import org.caseledger.api.cases.SentenceReported;
import org.caseledger.notifications.ledger.KnownAppeal;
import org.caseledger.notifications.ledger.KnownCase;
import org.caseledger.platform.kafka.ConsumedEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which event is worth a notice, and of which kind: the table in {@code docs/notifications.md}, one test per row.
 * It reads what the service knew before the event, never the event's personal data: summaries, circumstances and
 * court names stay out of every notice.
 */
public final class NoticeRules {

    private NoticeRules() {
    }

    /**
     * @param knownCase   the event's case as known before the event (read for a derived status only)
     * @param knownAppeal the event's appeal, as filed (for an appeal event)
     */
    public static Optional<Notice> noticeOf(ConsumedEvent event, Optional<KnownCase> knownCase,
                                            Optional<KnownAppeal> knownAppeal) {
        if (event.payload().isEmpty()) {
            return Optional.empty();
        }
        Object payload = event.payload().get();
        if (payload instanceof CaseStatusDerived derived) {
            return statusChange(event, derived, knownCase);
        }
        if (payload instanceof ReleaseRecorded release) {
            return caseNotice(EventKind.RELEASE, event, text(release.date()),
                    facts("conditions", release.conditions()));
        }
        if (payload instanceof SentenceReported sentence) {
            return caseNotice(EventKind.SENTENCE, event, text(sentence.date()), facts("term", sentence.term()));
        }
        if (payload instanceof DeathReported death) {
            return caseNotice(EventKind.DEATH, event, text(death.date()), facts("inCustody", death.inCustody()));
        }
        if (payload instanceof AppealResponseRecorded response) {
            return knownAppeal.map(appeal -> new Notice(EventKind.APPEAL_ANSWERED, event.eventId(), appeal.caseId(),
                    event.timestamp(), text(response.respondedOn()),
                    facts("appealId", appeal.appealId(), "authorityId", appeal.authorityId(),
                            "responseType", response.type())));
        }
        if (payload instanceof AppealResponseOverdue overdue) {
            return knownAppeal.map(appeal -> new Notice(EventKind.APPEAL_OVERDUE, event.eventId(), appeal.caseId(),
                    event.timestamp(), text(overdue.responseDueOn()),
                    facts("appealId", appeal.appealId(), "authorityId", appeal.authorityId(),
                            "responseDueOn", overdue.responseDueOn())));
        }
        return Optional.empty();
    }

    /**
     * A changed status is news; the first status of a new case is its opening, not a change, and a status read
     * again with another date or dispute is the same news. A derivation at or below the one already read was read
     * before (a replay), and what it changed was decided then.
     */
    private static Optional<Notice> statusChange(ConsumedEvent event, CaseStatusDerived derived,
                                                 Optional<KnownCase> knownCase) {
        if (knownCase.isEmpty() || knownCase.get().status() == null) {
            return Optional.empty();
        }
        KnownCase before = knownCase.get();
        if (before.statusSequence() != null && before.statusSequence() >= event.sequence()) {
            return Optional.empty();
        }
        CaseStatus status = derived.status() == null ? CaseStatus.UNKNOWN : derived.status();
        if (status == before.status()) {
            return Optional.empty();
        }
        return caseNotice(EventKind.STATUS_CHANGED, event, text(derived.since()),
                facts("status", status, "previousStatus", before.status()));
    }

    private static Optional<Notice> caseNotice(EventKind kind, ConsumedEvent event, String date,
                                               Map<String, Object> facts) {
        return Optional.of(new Notice(kind, event.eventId(), event.aggregateId(), event.timestamp(), date, facts));
    }

    private static String text(Object date) {
        return date == null ? null : date.toString();
    }

    private static Map<String, Object> facts(Object... namesAndValues) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                facts.put((String) namesAndValues[i], value instanceof Enum<?> constant ? constant.name() : value);
            }
        }
        return facts;
    }
}
