package org.caseledger.projections.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI description, served at {@code /v3/api-docs}. */
@Configuration
class OpenApiConfiguration {

    @Bean
    OpenAPI projectionsApi() {
        return new OpenAPI().info(new Info()
                .title("caseledger projections")
                .version("v1")
                .description("Read models built from the cases and appeals topics: each case as recorded with its "
                        + "derived status, its timeline, its appeals, and how authorities answer. What a case "
                        + "service recorded a moment ago may not be here yet. Errors are application/problem+json."));
    }
}
