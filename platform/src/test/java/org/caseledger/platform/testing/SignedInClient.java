package org.caseledger.platform.testing;

import org.caseledger.platform.security.Role;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

/**
 * The tests' {@code TestRestTemplate} signs in as an operator, the role most requests of the integration tests need,
 * unless a request carries its own {@code Authorization} header (another role, or a token to be refused).
 */
@TestConfiguration(proxyBeanMethods = false)
public class SignedInClient {

    @Bean
    RestTemplateCustomizer operatorByDefault() {
        return template -> template.getInterceptors().add((request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(TestTokens.get().token(Role.OPERATOR));
            }
            return execution.execute(request, body);
        });
    }

    /** Headers signed in with this role. */
    public static HttpHeaders as(Role role) {
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(TestTokens.get().token(role));
        return headers;
    }
}
