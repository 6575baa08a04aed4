package org.caseledger.notifications.subscription;

import org.caseledger.notifications.notice.EventKind;

import java.util.Set;

/** A subscription as asked for, before it is checked. */
public record NewSubscription(Channel channel,
                              String url,
                              String address,
                              Set<EventKind> events,
                              String caseId,
                              boolean includePersonalData) {
}
