package org.caseledger.platform.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.containers.PostgreSQLContainer;

import java.io.IOException;
import java.io.UncheckedIOException;

/** A running PostgreSQL server that tests can create databases on. */
interface PostgresServer {

    String jdbcUrl(String database);

    String username();

    String password();

    void stop();

    static PostgresServer embedded() {
        try {
            // Stopped by RealInfrastructure once the services using it have stopped, not by a shutdown hook of its own.
            EmbeddedPostgres postgres = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
            return new PostgresServer() {
                @Override
                public String jdbcUrl(String database) {
                    return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
                }

                @Override
                public String username() {
                    return "postgres";
                }

                @Override
                public String password() {
                    return "";
                }

                @Override
                public void stop() {
                    try {
                        postgres.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
    }

    static PostgresServer container() {
        PostgreSQLContainer<?> postgres = new PostgreSQLContainer<>("postgres:17");
        postgres.start();
        return new PostgresServer() {
            @Override
            public String jdbcUrl(String database) {
                return "jdbc:postgresql://" + postgres.getHost() + ":"
                        + postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT) + "/" + database;
            }

            @Override
            public String username() {
                return postgres.getUsername();
            }

            @Override
            public String password() {
                return postgres.getPassword();
            }

            @Override
            public void stop() {
                postgres.stop();
            }
        };
    }
}
