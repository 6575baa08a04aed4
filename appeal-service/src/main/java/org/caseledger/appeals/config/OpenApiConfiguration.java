package org.caseledger.appeals.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI description, served at {@code /v3/api-docs}. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI appealServiceApi() {
        return new OpenAPI().info(new Info()
                .title("caseledger appeal-service")
                .version("v1")
                .description("Appeals to authorities for detained and disappeared people, the authorities' answers "
                        + "and the silence when none comes. Errors are application/problem+json naming the field."));
    }
}
