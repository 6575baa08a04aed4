package org.caseledger.notifications.web;

import org.caseledger.notifications.RunningNotificationService;
import org.caseledger.platform.testing.AccessMatrix;
import org.caseledger.platform.testing.AccessMatrix.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Set;

import static org.caseledger.platform.security.Role.OPERATOR;

/** Every operation of notification-service with every kind of token: subscriptions and deliveries are for operators. */
class AccessMatrixIT extends RunningNotificationService {

    @LocalServerPort
    int port;
    @LocalManagementPort
    int managementPort;

    @Test
    void onlyOperatorsAndAdminsManageSubscriptionsAndDeliveries() {
        String subscription = "/api/subscriptions/c0ffee00-0000-4000-8000-000000000000";
        String delivery = "/api/deliveries/c0ffee00-0000-4000-8000-000000000000";
        new AccessMatrix(port, managementPort).check("notification-service", List.of(
                Endpoint.post("/api/subscriptions", "/api/subscriptions", OPERATOR),
                Endpoint.get("/api/subscriptions", "/api/subscriptions", OPERATOR),
                Endpoint.get("/api/subscriptions/{subscriptionId}", subscription, OPERATOR),
                Endpoint.delete("/api/subscriptions/{subscriptionId}", subscription, OPERATOR),
                Endpoint.post("/api/subscriptions/{subscriptionId}/secrets", subscription + "/secrets", OPERATOR),
                Endpoint.get("/api/deliveries", "/api/deliveries", OPERATOR),
                Endpoint.get("/api/deliveries/{deliveryId}", delivery, OPERATOR),
                Endpoint.post("/api/deliveries/{deliveryId}/retry", delivery + "/retry", OPERATOR)), Set.of());
    }
}
