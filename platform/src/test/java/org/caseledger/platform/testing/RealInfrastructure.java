package org.caseledger.platform.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The real PostgreSQL and the real Kafka every integration test runs against, started once per test JVM: as
 * Testcontainers ({@code postgres}, {@code apache/kafka}) when a Docker engine answers, embedded otherwise (zonky's
 * PostgreSQL binaries, an in-process KRaft broker). The tests are the same either way; the log says which was used.
 * Set {@code -Dcaseledger.test.infrastructure=embedded} or {@code containers} to choose.
 */
public final class RealInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);
    private static RealInfrastructure instance;

    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final Set<String> databases = ConcurrentHashMap.newKeySet();

    private RealInfrastructure(PostgresServer postgres, KafkaServer kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized RealInfrastructure get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** Points a Spring Boot test at the shared PostgreSQL and Kafka, with its own database. */
    public static void register(DynamicPropertyRegistry registry, String database) {
        registerDatabase(registry, database);
        registry.add("caseledger.kafka.bootstrap-servers", get()::kafkaBootstrapServers);
        registry.add("server.address", () -> "127.0.0.1");
    }

    /** Points a Spring Boot test at the shared PostgreSQL only, for tests that bring their own Kafka. */
    public static void registerDatabase(DynamicPropertyRegistry registry, String database) {
        RealInfrastructure infrastructure = get();
        registry.add("spring.datasource.url", () -> infrastructure.jdbcUrl(database));
        registry.add("spring.datasource.username", infrastructure::username);
        registry.add("spring.datasource.password", infrastructure::password);
    }

    /** JDBC URL of the named database, created on first use. */
    public String jdbcUrl(String database) {
        if (databases.add(database)) {
            createIfMissing(database);
        }
        return postgres.jdbcUrl(database);
    }

    public String username() {
        return postgres.username();
    }

    public String password() {
        return postgres.password();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    private void createIfMissing(String database) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres"), username(), password());
             Statement statement = connection.createStatement()) {
            try (ResultSet existing = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + database.replace("'", "''") + "'")) {
                if (existing.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create test database " + database, e);
        }
    }

    private static RealInfrastructure start() {
        boolean containers = switch (System.getProperty("caseledger.test.infrastructure", "auto")) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> dockerAnswers();
        };
        long started = System.nanoTime();
        RealInfrastructure infrastructure = containers
                ? new RealInfrastructure(PostgresServer.container(), KafkaServer.container())
                : new RealInfrastructure(PostgresServer.embedded(), KafkaServer.embedded());
        log.info("Integration tests run on {} PostgreSQL and {} Kafka ({}), ready in {} ms",
                containers ? "Testcontainers" : "embedded", containers ? "Testcontainers" : "embedded KRaft",
                infrastructure.kafkaBootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        // Run when the JVM exits, after Spring has closed every test context: stopped in a shutdown hook of their own,
        // PostgreSQL and Kafka would go away under services that are still stopping. Handlers run latest first, so
        // whatever registers later (the end-to-end tests' service processes) stops before this.
        SpringApplication.getShutdownHandlers().add(() -> {
            infrastructure.kafka.stop();
            infrastructure.postgres.stop();
        });
        return infrastructure;
    }

    private static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
