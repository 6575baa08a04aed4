package org.caseledger.notifications.notice;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something a subscriber may want to hear of, read from one event: never a name or a free text, only the kind, the
 * case, the date of what happened and a few facts that identify no one (a status, a response type, an authority).
 *
 * @param eventId   the event it was read from; with the subscription, it makes a delivery unique
 * @param eventTime when the event was recorded: subscriptions made after it do not hear of it
 * @param date      the date of what happened as the ledger has it (YYYY, YYYY-MM or YYYY-MM-DD), or null
 * @param facts     the identifying-no-one facts, in the order a message shows them
 */
public record Notice(EventKind kind,
                     String eventId,
                     String caseId,
                     Instant eventTime,
                     String date,
                     Map<String, Object> facts) {

    public Notice {
        facts = Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }
}
