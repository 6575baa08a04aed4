package org.caseledger.platform.database;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;

/**
 * Refuses to start a service whose connection role could change history: a superuser ignores every grant, and the
 * owner of the tables may grant itself anything back. The event store is append-only only for a role that is neither.
 */
public class RuntimeRoleGuard implements InitializingBean {

    private final JdbcClient jdbc;

    public RuntimeRoleGuard(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void afterPropertiesSet() {
        RoleStanding standing = jdbc.sql("""
                        SELECT current_user AS role, r.rolsuper AS superuser,
                               EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                        WHERE n.nspname = 'public' AND c.relowner = r.oid) AS owns_tables
                          FROM pg_roles r WHERE r.rolname = current_user
                        """)
                .query((rs, n) -> new RoleStanding(rs.getString("role"), rs.getBoolean("superuser"),
                        rs.getBoolean("owns_tables")))
                .single();
        if (standing.superuser() || standing.ownsTables()) {
            throw new IllegalStateException("This service connects to PostgreSQL as '" + standing.role() + "', "
                    + (standing.superuser() ? "a superuser" : "the owner of its tables")
                    + ", which could rewrite its event store; set spring.datasource.username to the service's runtime "
                    + "role and spring.flyway.user to the owner that runs its migrations");
        }
    }

    private record RoleStanding(String role, boolean superuser, boolean ownsTables) {
    }
}
