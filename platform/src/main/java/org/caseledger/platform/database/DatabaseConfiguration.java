package org.caseledger.platform.database;

import org.flywaydb.core.api.Location;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.flyway.FlywayConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.util.Arrays;
import java.util.stream.Stream;

/**
 * Services with a database connect as their runtime role, never as a superuser or as the owner of their tables,
 * and every service's migrations include the platform's {@code db/roles}, which grants that role what it may do.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
public class DatabaseConfiguration {

    static final Location RUNTIME_ROLE_MIGRATIONS = new Location("classpath:db/roles");

    @Bean
    RuntimeRoleGuard runtimeRoleGuard(DataSource dataSource) {
        return new RuntimeRoleGuard(dataSource);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.flywaydb.core.Flyway")
    static class RuntimeRoleMigrations {

        @Bean
        FlywayConfigurationCustomizer runtimeRoleMigrationLocation() {
            return configuration -> {
                Location[] locations = configuration.getLocations();
                if (Arrays.stream(locations).noneMatch(RUNTIME_ROLE_MIGRATIONS::equals)) {
                    configuration.locations(Stream.concat(Arrays.stream(locations), Stream.of(RUNTIME_ROLE_MIGRATIONS))
                            .toArray(Location[]::new));
                }
            };
        }
    }
}
