package org.caseledger.notifications.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.caseledger.notifications.delivery.Attempt;
import org.caseledger.notifications.delivery.Deliveries;
import org.caseledger.notifications.delivery.Delivery;
import org.caseledger.notifications.delivery.DeliveryQueue;
import org.caseledger.notifications.delivery.DeliveryStatus;
import org.caseledger.platform.web.Problems;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Deliveries, their attempts and the receivers' answers; a dead one can be sent again. */
@RestController
@RequestMapping("/api/deliveries")
@OperatorsOnly
class DeliveryController {

    static final int LARGEST_PAGE = 500;

    private final Deliveries deliveries;
    private final DeliveryQueue queue;
    private final Writes writes;
    private final Clock clock;
    /**
     * A page and its attempts are read in one snapshot: read apart, an answer recorded between the two reads would
     * be in the log of a delivery whose status and count do not have it yet.
     */
    private final TransactionTemplate snapshot;

    DeliveryController(Deliveries deliveries, DeliveryQueue queue, Writes writes, Clock clock,
                       PlatformTransactionManager transactions) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.writes = writes;
        this.clock = clock;
        this.snapshot = new TransactionTemplate(transactions);
        snapshot.setReadOnly(true);
        snapshot.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
    }

    @GetMapping
    @Operation(summary = "Deliveries, newest first, with every attempt and the receiver's answer",
            description = "status=DEAD lists those whose retry schedule is spent; subscription= those of one "
                    + "subscription.")
    @ApiResponse(responseCode = "200", description = "A page of deliveries")
    @ApiResponse(responseCode = "400", description = "An unknown status, or a page or size out of range")
    DeliveryPage list(@RequestParam Optional<DeliveryStatus> status,
                      @RequestParam(name = "subscription") Optional<String> subscriptionId,
                      @RequestParam(defaultValue = "0") int page,
                      @RequestParam(defaultValue = "50") int size) {
        if (page < 0) {
            throw Problems.invalid("page", "must be 0 or more");
        }
        if (size < 1 || size > LARGEST_PAGE) {
            throw Problems.invalid("size", "must be between 1 and " + LARGEST_PAGE);
        }
        return snapshot.execute(transaction -> {
            Deliveries.Page found = deliveries.page(status, subscriptionId, page, size);
            Map<String, List<Attempt>> attempts = deliveries.attemptsOf(
                    found.items().stream().map(Delivery::deliveryId).toList());
            return new DeliveryPage(found.items().stream()
                    .map(delivery -> DeliveryView.of(delivery, attempts.getOrDefault(delivery.deliveryId(), List.of())))
                    .toList(), page, size, found.totalItems());
        });
    }

    @GetMapping("/{deliveryId}")
    @Operation(summary = "One delivery with its attempts")
    @ApiResponse(responseCode = "200", description = "The delivery")
    @ApiResponse(responseCode = "404", description = "No such delivery")
    DeliveryView find(@PathVariable String deliveryId) {
        return snapshot.execute(transaction -> view(deliveryId));
    }

    @PostMapping("/{deliveryId}/retry")
    @Operation(summary = "Send a dead delivery again, with a new round of the retry schedule",
            description = "Its id stays the same, so a receiver that had it after all recognises it. Takes an "
                    + "Idempotency-Key.")
    @ApiResponse(responseCode = "202", description = "Its first new attempt is on its way",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryView.class)))
    @ApiResponse(responseCode = "404", description = "No such delivery")
    @ApiResponse(responseCode = "409", description = "The delivery is not dead: pending, delivered or cancelled")
    ResponseEntity<?> retry(@PathVariable String deliveryId, @Parameter(hidden = true) WriteConditions conditions) {
        return writes.write(conditions, "POST", "/api/deliveries/" + deliveryId + "/retry", deliveryId, () -> {
            Delivery delivery = deliveries.lock(deliveryId).orElseThrow(() -> notFound(deliveryId));
            if (!queue.retryDead(deliveryId, clock.instant())) {
                throw Problems.conflict("Delivery " + deliveryId + " is " + delivery.status()
                        + (delivery.statusReason() == null ? "" : " (" + delivery.statusReason() + ")")
                        + "; only a DEAD delivery can be retried");
            }
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(view(deliveryId));
        });
    }

    private DeliveryView view(String deliveryId) {
        Delivery delivery = deliveries.find(deliveryId).orElseThrow(() -> notFound(deliveryId));
        return DeliveryView.of(delivery, deliveries.attemptsOf(List.of(deliveryId)).getOrDefault(deliveryId, List.of()));
    }

    private static RuntimeException notFound(String deliveryId) {
        return Problems.notFound("No delivery '" + deliveryId + "'; GET /api/deliveries lists them");
    }
}
