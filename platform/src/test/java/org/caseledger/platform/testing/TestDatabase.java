package org.caseledger.platform.testing;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;

/**
 * A service's database on the test server, laid out as in production: the owner role runs the migrations, the
 * service connects as its runtime role.
 */
public record TestDatabase(String jdbcUrl, String runtimeRole, String runtimePassword,
                           String ownerRole, String ownerPassword) {

    /** The connection the service itself has: what a test does through it, the service could do. */
    public DataSource runtimeDataSource() {
        return new DriverManagerDataSource(jdbcUrl, runtimeRole, runtimePassword);
    }

    /** Spring Boot arguments naming the database and both roles, without the passwords. */
    public List<String> arguments() {
        return List.of("--spring.datasource.url=" + jdbcUrl,
                "--spring.datasource.username=" + runtimeRole,
                "--spring.flyway.user=" + ownerRole);
    }

    /** The passwords, as environment variables of a service process (never on its command line). */
    public Map<String, String> passwordEnvironment() {
        return Map.of("SPRING_DATASOURCE_PASSWORD", runtimePassword, "SPRING_FLYWAY_PASSWORD", ownerPassword);
    }
}
