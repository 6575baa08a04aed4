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

    /** How the description shows the body for a webhook: one of the two shapes it takes, told apart by channel. */
    @Schema(name = "WebhookSubscriptionRequest", description = "A webhook subscription")
    record Webhook(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "WEBHOOK") String channel,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 2000,
                    description = "An https URL on a public address",
                    example = "https://example.org/hooks/caseledger") String url,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Size(min = 1, max = 6) List<EventKind> events,
            @Schema(maxLength = 64, description = "The one case to follow; absent or null for every case") String caseId,
            @Schema(description = "Whether messages may name the person", defaultValue = "false")
            Boolean includePersonalData) {
    }

    /** How the description shows the body for e-mail. */
    @Schema(name = "EmailSubscriptionRequest", description = "An e-mail subscription")
    record Email(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = "EMAIL") String channel,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 254, description = "One e-mail address",
                    example = "caseworker@example.org") String address,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) @Size(min = 1, max = 6) List<EventKind> events,
            @Schema(maxLength = 64, description = "The one case to follow; absent or null for every case") String caseId,
            @Schema(description = "Whether messages may name the person", defaultValue = "false")
            Boolean includePersonalData) {
    }
}
