package org.caseledger.notifications.web;

import java.util.List;

/** Answer to {@code GET /api/deliveries}: newest first. */
record DeliveryPage(List<DeliveryView> items, int page, int size, long totalItems) {
}
