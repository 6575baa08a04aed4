package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import org.caseledger.notifications.subscription.NewSubscription;
import org.caseledger.notifications.subscription.Subscriptions;
import org.caseledger.platform.audit.RecordedBy;
import org.caseledger.platform.web.Problems;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;

/** Subscriptions: what to hear of, where, and whether the person may be named. */
@RestController
@RequestMapping("/api/subscriptions")
@OperatorsOnly
class SubscriptionController {

    private final Subscriptions subscriptions;
    private final Writes writes;

    SubscriptionController(Subscriptions subscriptions, Writes writes) {
        this.subscriptions = subscriptions;
        this.writes = writes;
    }

    @PostMapping
    @Operation(summary = "Subscribe a webhook or an e-mail address to kinds of events, of one case or every case",
            description = "A webhook subscription's answer carries its signing secret (whsec_...), shown this once. "
                    + "Messages carry the case number, the kind, the date and a link; the person's names only with "
                    + "includePersonalData, and never for a CONFIDENTIAL case. The subscription hears of events "
                    + "recorded from now on. Takes an Idempotency-Key.")
    @ApiResponse(responseCode = "201", description = "Subscribed; Location names it",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SubscriptionView.class)))
    @ApiResponse(responseCode = "400", description = "Malformed: a field is missing, misspelt or of the wrong kind")
    @ApiResponse(responseCode = "422", description = "A webhook URL on a forbidden address, or a case not known here")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
            mediaType = "application/json", schema = @Schema(oneOf = {SubscriptionRequest.Webhook.class,
            SubscriptionRequest.Email.class}, discriminatorProperty = "channel")))
    ResponseEntity<?> subscribe(@Valid @RequestBody SubscriptionRequest request,
                                @Parameter(hidden = true) WriteConditions conditions) {
        NewSubscription subscription = new NewSubscription(request.channel(), request.url(), request.address(),
                EnumSet.copyOf(request.events()), request.caseId(), Boolean.TRUE.equals(request.includePersonalData()));
        return writes.write(conditions, "POST", "/api/subscriptions", request, () -> {
            Subscriptions.Created created = subscriptions.create(subscription, RecordedBy.current());
            return ResponseEntity.created(URI.create("/api/subscriptions/" + created.subscription().subscriptionId()))
                    .body(SubscriptionView.withSecret(created.subscription(), created.secret().orElse(null)));
        });
    }

    @GetMapping
    @Operation(summary = "Every subscription that was not deleted, oldest first, without secrets")
    @ApiResponse(responseCode = "200", description = "The subscriptions")
    List<SubscriptionView> list() {
        return subscriptions.all().stream().map(SubscriptionView::of).toList();
    }

    @GetMapping("/{subscriptionId}")
    @Operation(summary = "One subscription, without its secret")
    @ApiResponse(responseCode = "200", description = "The subscription")
    @ApiResponse(responseCode = "404", description = "No such subscription, or it was deleted")
    SubscriptionView find(@PathVariable String subscriptionId) {
        return subscriptions.find(subscriptionId).map(SubscriptionView::of)
                .orElseThrow(() -> notFound(subscriptionId));
    }

    @DeleteMapping("/{subscriptionId}")
    @Operation(summary = "End a subscription", description = "Nothing more is sent to it; what waited is cancelled.")
    @ApiResponse(responseCode = "204", description = "Ended", content = @Content)
    @ApiResponse(responseCode = "404", description = "No such subscription, or it was deleted already")
    ResponseEntity<?> delete(@PathVariable String subscriptionId,
                             @Parameter(hidden = true) WriteConditions conditions) {
        return writes.write(conditions, "DELETE", "/api/subscriptions/" + subscriptionId, subscriptionId, () -> {
            if (!subscriptions.delete(subscriptionId)) {
                throw notFound(subscriptionId);
            }
            return ResponseEntity.noContent().build();
        });
    }

    @PostMapping("/{subscriptionId}/secrets")
    @Operation(summary = "Rotate a webhook subscription's signing secret",
            description = "The new secret is shown this once. Until previousSecretsExpireAt every message carries a "
                    + "signature with the new secret and one with each previous one, so the receiver can switch "
                    + "without losing a message. Takes an Idempotency-Key.")
    @ApiResponse(responseCode = "201", description = "The new secret",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = SecretRotated.class)))
    @ApiResponse(responseCode = "404", description = "No such subscription")
    @ApiResponse(responseCode = "422", description = "An e-mail subscription, which has no secret")
    ResponseEntity<?> rotateSecret(@PathVariable String subscriptionId,
                                   @Parameter(hidden = true) WriteConditions conditions) {
        String path = "/api/subscriptions/" + subscriptionId + "/secrets";
        return writes.write(conditions, "POST", path, subscriptionId, () -> {
            Subscriptions.RotatedSecret rotated = subscriptions.rotateSecret(subscriptionId)
                    .orElseThrow(() -> notFound(subscriptionId));
            return ResponseEntity.status(HttpStatus.CREATED)
                    .body(new SecretRotated(subscriptionId, rotated.secret(), rotated.previousSecretsExpireAt()));
        });
    }

    private static RuntimeException notFound(String subscriptionId) {
        return Problems.notFound("No subscription '" + subscriptionId + "'; GET /api/subscriptions lists them");
    }
}
