package org.caseledger.notifications.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI description, served at {@code /v3/api-docs}. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI notificationServiceApi() {
        return new OpenAPI().info(new Info()
                .title("caseledger notification-service")
                .version("v1")
                .description("Subscriptions to what happens to a case or its appeals, and their deliveries: "
                        + "Standard Webhooks-signed CloudEvents and e-mail, retried for about a day. Messages carry "
                        + "the case number, the kind, the date and a link; names only where a subscription allows "
                        + "them. Errors are application/problem+json naming the field."));
    }
}
