package org.caseledger.platform.testing;

import org.caseledger.platform.database.ServiceDatabase;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * A service's database on the test server, laid out as in production: the owner role runs the migrations, the
 * service connects as its runtime role.
 */
public record TestDatabase(String jdbcUrl, String runtimeRole, String runtimePassword,
                           String ownerRole, String ownerPassword) {

    /**
     * Lays out the named database on the server with its owner and runtime roles ({@code <database>_service_owner},
     * {@code <database>_service}), the way the local stack provisions a service's database.
     */
    static TestDatabase provision(String database, PostgresServer server) {
        ServiceDatabase layout = new ServiceDatabase(database, database + "_service");
        String ownerPassword = Passwords.generate();
        String runtimePassword = Passwords.generate();
        try {
            layout.provision(name -> new DriverManagerDataSource(server.jdbcUrl(name), server.superuser(),
                    server.superuserPassword()).getConnection(), ownerPassword, runtimePassword);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot provision test database " + database, e);
        }
        return new TestDatabase(server.jdbcUrl(database), layout.runtimeRole(), runtimePassword,
                layout.ownerRole(), ownerPassword);
    }

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
