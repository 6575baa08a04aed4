package org.caseledger.cases.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import org.caseledger.api.cases.ApproximateDate;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the API in its OpenAPI description, served at {@code /v3/api-docs}, and describes its dates as text. */
@Configuration
class OpenApiConfiguration {

    static {
        // A record to Java, an approximate date is a text on the wire: the year, the month or the day.
        SpringDocUtils.getConfig().replaceWithSchema(ApproximateDate.class, new StringSchema()
                .pattern("^\\d{4}(-\\d{2}(-\\d{2})?)?$")
                .description("a date known to the year, the month or the day: YYYY, YYYY-MM or YYYY-MM-DD")
                .example("2017-11"));
    }

    @Bean
    OpenAPI caseServiceApi() {
        return new OpenAPI().info(new Info()
                .title("caseledger case-service")
                .version("v1")
                .description("Facts about detained and disappeared people, each with its source and who recorded it. "
                        + "Errors are application/problem+json naming the field."));
    }
}
