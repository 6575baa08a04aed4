package org.caseledger.platform.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service shares, below everything a deployment configures (arguments, environment, application.yml).
 * <ul>
 * <li>A service listens on the loopback interface only: a plain {@code java -jar} must not open the ledger to the
 * network; a deployment that puts it behind a proxy or in a cluster sets {@code server.address} (e.g. 0.0.0.0).</li>
 * <li>The migrations grant the service's runtime role, the one it connects as, what it may do
 * (Flyway placeholder {@code runtime_role}).</li>
 * <li>A token is accepted only for the audience {@code caseledger} ({@code caseledger.security.audience}), the
 * {@code aud} every token of the realm in deploy/keycloak carries.</li>
 * </ul>
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "caseledgerPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "server.address", "127.0.0.1",
                "spring.flyway.placeholders.runtime_role", "${spring.datasource.username}",
                "spring.security.oauth2.resourceserver.jwt.audiences", "${caseledger.security.audience:caseledger}")));
    }

    /** After application.yml and the other configuration sources are in place, so that this one goes below them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
