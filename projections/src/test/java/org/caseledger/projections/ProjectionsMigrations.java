package org.caseledger.projections;

import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.util.Map;

/**
 * projections' migrations over a test database of their own, run by its owner as the service runs them: for a test
 * that migrates up to a version, leaves what a database of that version held, and migrates the rest.
 */
public final class ProjectionsMigrations {

    private ProjectionsMigrations() {
    }

    /** The database as its owner, who runs the migrations. */
    public static DataSource owner(TestDatabase database) {
        return new DriverManagerDataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword());
    }

    /** Flyway over the service's migrations and platform's consumer tables, configured as the service's is. */
    public static FluentConfiguration flyway(DataSource owner, TestDatabase database) {
        return Flyway.configure().dataSource(owner)
                .locations("classpath:db/migration", "classpath:db/consumer")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .outOfOrder(true);
    }
}
