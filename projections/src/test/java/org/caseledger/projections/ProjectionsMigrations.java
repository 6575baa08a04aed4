package org.caseledger.projections;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    /** A database of its own, named {@code name}, migrated by its owner up to {@code version}. */
    public static Migrated migratedTo(String version, String name) {
        TestDatabase database = RealInfrastructure.get().database(name);
        DataSource owner = new DriverManagerDataSource(database.jdbcUrl(), database.ownerRole(),
                database.ownerPassword());
        flyway(owner, database).target(version).load().migrate();
        return new Migrated(database, owner, JdbcClient.create(owner));
    }

    /** Flyway over the service's migrations and platform's consumer tables, configured as the service's is. */
    private static FluentConfiguration flyway(DataSource owner, TestDatabase database) {
        return Flyway.configure().dataSource(owner)
                .locations("classpath:db/migration", "classpath:db/consumer")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .outOfOrder(true);
    }

    /**
     * A database migrated up to a version, used as its owner.
     *
     * @param dataSource the owner's connections
     * @param jdbc       the same, as a client
     */
    public record Migrated(TestDatabase database, DataSource dataSource, JdbcClient jdbc) {

        /** Runs the rest of the migrations. */
        public void toTheLatest() {
            flyway(dataSource, database).load().migrate();
        }

        /** Runs the migrations after the one it holds, up to {@code version}. */
        public void to(String version) {
            flyway(dataSource, database).target(version).load().migrate();
        }
    }
}
