package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.caseledger.notifications.notice.EventKind;
import org.caseledger.notifications.subscription.Channel;

import java.util.List;

/**
 * Body of {@code POST /api/subscriptions}: what to hear of, where, and whether the person may be named.
 *
 * @param url                 for {@code WEBHOOK}: an https URL on a public address
 * @param address             for {@code EMAIL}: one e-mail address
 * @param caseId              the one case to follow; absent or null for every case
 * @param includePersonalData whether messages may name the person; false when absent
 */
record SubscriptionRequest(
        @NotNull Channel channel,
        @Size(max = 2000) @Schema(example = "https://example.org/hooks/caseledger") String url,
        @Size(max = 254) @Schema(example = "caseworker@example.org") String address,
        @NotEmpty @Size(max = 6) List<@NotNull EventKind> events,
        @Size(max = 64) String caseId,
        Boolean includePersonalData) {
}
