package org.caseledger.notifications.config;

import org.caseledger.platform.security.AccessRules;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.caseledger.platform.security.Role.OPERATOR;
import static org.springframework.http.HttpMethod.DELETE;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may do what here: managing subscriptions and reading or re-driving deliveries is for the roles with write
 * rights, OPERATOR and ADMIN, as every controller's {@code @OperatorsOnly} says. A subscription names where notices
 * go, and a delivery what was sent there: neither is for viewers or analysts. Health and metrics are on the
 * management port, apart from the API; anything not listed here is refused.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    @Bean
    AccessRules notificationServiceAccess() {
        return AccessRules.builder()
                .allow(POST, "/api/subscriptions", OPERATOR)
                .allow(GET, "/api/subscriptions", OPERATOR)
                .allow(GET, "/api/subscriptions/*", OPERATOR)
                .allow(DELETE, "/api/subscriptions/*", OPERATOR)
                .allow(POST, "/api/subscriptions/*/secrets", OPERATOR)
                .allow(GET, "/api/deliveries", OPERATOR)
                .allow(GET, "/api/deliveries/*", OPERATOR)
                .allow(POST, "/api/deliveries/*/retry", OPERATOR)
                .build();
    }
}
