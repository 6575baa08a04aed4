package org.caseledger.notifications.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * What an operator of notification-service configures.
 *
 * @param linkBase       where a message links to: the case id is appended, e.g. {@code https://ledger.example/cases/}
 * @param mailFrom       the sender of notification e-mails
 * @param secretOverlap  how long a rotated webhook secret keeps signing next to its successor
 * @param webhooks       how webhooks are sent
 */
@Validated
@ConfigurationProperties("caseledger.notifications")
public record NotificationSettings(@NotBlank String linkBase,
                                   @NotBlank String mailFrom,
                                   @NotNull Duration secretOverlap,
                                   @NotNull Webhooks webhooks) {

    /**
     * @param allowLoopback   whether a webhook may point at this machine (loopback addresses, and then plain
     *                        {@code http}); for a developer's own stack only, never in production
     * @param connectTimeout  how long to wait for a receiver to accept the connection
     * @param responseTimeout how long to wait for its answer; a receiver that takes longer is tried again later
     */
    public record Webhooks(boolean allowLoopback, @NotNull Duration connectTimeout, @NotNull Duration responseTimeout) {
    }
}
