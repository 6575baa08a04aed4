package org.caseledger.platform.database;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import javax.sql.DataSource;
import java.sql.Connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceDatabaseIT {

    private final RealInfrastructure infrastructure = RealInfrastructure.get();

    @Test
    void serviceStartsOnlyAsItsRuntimeRole() {
        TestDatabase database = infrastructure.database("guarded");
        JdbcClient.create(owner(database)).sql("CREATE TABLE IF NOT EXISTS ledger_entry (id BIGINT)").update();

        assertThatThrownBy(() -> new RuntimeRoleGuard(infrastructure.superuserDataSource("guarded")).afterPropertiesSet())
                .hasMessageContaining("a superuser");
        assertThatThrownBy(() -> new RuntimeRoleGuard(owner(database)).afterPropertiesSet())
                .hasMessageContaining("the owner of its tables");
        assertThatCode(() -> new RuntimeRoleGuard(database.runtimeDataSource()).afterPropertiesSet())
                .doesNotThrowAnyException();
    }

    @Test
    void aServiceRoleCannotConnectToAnotherServicesDatabase() {
        TestDatabase mine = infrastructure.database("mine");
        TestDatabase theirs = infrastructure.database("theirs");

        assertThatThrownBy(() -> {
            try (Connection ignored = new DriverManagerDataSource(theirs.jdbcUrl(), mine.runtimeRole(),
                    mine.runtimePassword()).getConnection()) {
                // connecting is what must fail
            }
        }).hasMessageContaining("permission denied for database");
    }

    @Test
    void everyConnectionMustProveItsPassword() {
        TestDatabase database = infrastructure.database("passwords");

        assertThatThrownBy(() -> {
            try (Connection ignored = new DriverManagerDataSource(database.jdbcUrl(), database.runtimeRole(),
                    "not-" + database.runtimePassword()).getConnection()) {
                // connecting is what must fail
            }
        }).hasMessageContaining("password authentication failed");
    }

    @Test
    void provisioningAgainKeepsTheRolesAndTakesOverTablesOthersCreated() throws Exception {
        TestDatabase database = infrastructure.database("adopted");
        JdbcClient.create(infrastructure.superuserDataSource("adopted"))
                .sql("CREATE TABLE IF NOT EXISTS made_by_superuser (id BIGSERIAL PRIMARY KEY)").update();

        new ServiceDatabase("adopted", database.runtimeRole()).provision(
                name -> infrastructure.superuserDataSource(name).getConnection(),
                database.ownerPassword(), database.runtimePassword());

        assertThat(JdbcClient.create(database.runtimeDataSource())
                .sql("SELECT tableowner FROM pg_tables WHERE tablename = 'made_by_superuser'")
                .query(String.class).single()).isEqualTo(database.ownerRole());
    }

    private static DataSource owner(TestDatabase database) {
        return new DriverManagerDataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword());
    }
}
