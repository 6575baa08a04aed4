package org.caseledger.platform.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Defaults every service shares, below everything a deployment configures (arguments, environment, application.yml).
 * <ul>
 * <li>A service listens on the loopback interface only: a plain {@code java -jar} must not open the ledger to the
 * network; a deployment that puts it behind a proxy or in a cluster sets {@code server.address} (e.g. 0.0.0.0).</li>
 * <li>Actuator (health probes, {@code /actuator/prometheus}) is served on a management port of its own, on the
 * loopback interface as well: the figures tell which topics, processors and routes are busy, which is no one's
 * business outside the machine, and they must not depend on the API's sign-in. Each service names its port
 * ({@code management.server.port}); a cluster sets {@code management.server.address} so that its probes and its
 * Prometheus reach it, and its network policy says who may.</li>
 * <li>Metrics: Axon's are tagged by command and processor rather than named per processor, and HTTP timings keep
 * histogram buckets, so that a percentile can be taken over any window and across instances.</li>
 * <li>Logs are text for a person at a terminal, unless {@code caseledger.logging.json=true}: then every line on the
 * console is one JSON object (Elastic Common Schema) with the correlation id and the acting user as fields. A line
 * of a request's or a consumer's work carries the trace id ({@code traceId}), the correlation id and the acting user,
 * in text as {@code [<trace id>,<correlation id>,<user>]} after the thread's name.</li>
 * <li>Traces: every request, command, publication and consumed record is a span, all of them kept (sampling 1.0), and
 * sent nowhere unless {@code management.otlp.tracing.endpoint} names an OTLP collector.</li>
 * <li>The migrations grant the service's runtime role, the one it connects as, what it may do
 * (Flyway placeholder {@code runtime_role}).</li>
 * <li>A request waits at most 5 seconds for a database connection ({@code spring.datasource.hikari.connection-timeout},
 * 30 by default): when the database is down or every connection is busy, the caller hears 503 with
 * {@code Retry-After} while it can still act on it, rather than a timeout of its own.</li>
 * <li>The PostgreSQL driver sends a batch of {@code INSERT}s as multi-row statements
 * ({@code spring.datasource.hikari.data-source-properties.reWriteBatchedInserts}): the event store appends a unit of
 * work's events as one JDBC batch, which the server then runs as a few statements of many rows rather than one
 * statement per event.</li>
 * <li>Axon's time limits on handlers and units of work are off ({@code axon.timeout.enabled=false}; Axon's default
 * warns after 10 seconds and interrupts the thread after 30 or 60). Axon starts one for every handler it calls, an
 * aggregate's event-sourcing handlers included, by taking the thread's whole stack trace to name its caller and
 * scheduling a task to cancel: in an import, 15 % of the request thread's CPU samples (a flight recording), and the
 * import recorded 1.20 to 1.23 times the rows without them (docs/imports.md). Nothing here relies on them: the
 * services' timers and traces show a slow handler. A deployment may turn them on again.</li>
 * <li>A token is accepted only for the audience {@code caseledger} ({@code caseledger.security.audience}), the
 * {@code aud} every token of the realm in deploy/keycloak carries.</li>
 * </ul>
 */
public class PlatformDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE_NAME = "caseledgerPlatformDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>(Map.of(
                "server.address", "127.0.0.1",
                "management.server.address", "127.0.0.1",
                "management.endpoints.web.exposure.include", "health,info,prometheus",
                // /actuator/health/liveness and /readiness wherever the service runs, not only where Spring Boot
                // detects Kubernetes, so a probe can be tried before it is deployed.
                "management.endpoint.health.probes.enabled", "true",
                "axon.metrics.micrometer.dimensional", "true",
                "management.metrics.distribution.percentiles-histogram.http.server.requests", "true",
                "spring.flyway.placeholders.runtime_role", "${spring.datasource.username}",
                "spring.security.oauth2.resourceserver.jwt.audiences", "${caseledger.security.audience:caseledger}"));
        defaults.put("spring.datasource.hikari.connection-timeout", "5000");
        defaults.put("axon.timeout.enabled", "false");
        defaults.put("spring.datasource.hikari.data-source-properties.reWriteBatchedInserts", "true");
        // Every trace is kept whole; spans leave the process only where management.otlp.tracing.endpoint is set.
        defaults.put("management.tracing.sampling.probability", "1.0");
        // A text line of a piece of work starts with its trace id, correlation id and actor; other lines with none.
        defaults.put("logging.pattern.correlation",
                "%replace([%X{traceId:-},%X{correlation_id:-},%X{recorded_by:-}] ){'\\[,,\\] ', ''}");
        if (environment.getProperty("caseledger.logging.json", Boolean.class, false)) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /** After application.yml and the other configuration sources are in place, so that this one goes below them. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
