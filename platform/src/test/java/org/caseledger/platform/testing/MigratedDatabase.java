package org.caseledger.platform.testing;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.util.Map;

/**
 * A database of the test server with platform's own tables (consumer positions, the sequence guard, idempotency
 * records), migrated by its owner as a service's is, and used through the runtime role a service connects as.
 */
public final class MigratedDatabase {

    private MigratedDatabase() {
    }

    public static JdbcClient runtime(String name) {
        return JdbcClient.create(runtimeDataSource(name));
    }

    public static DataSource runtimeDataSource(String name) {
        TestDatabase database = RealInfrastructure.get().database(name);
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/roles", "classpath:db/consumer", "classpath:db/idempotency")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .load()
                .migrate();
        return database.runtimeDataSource();
    }
}
