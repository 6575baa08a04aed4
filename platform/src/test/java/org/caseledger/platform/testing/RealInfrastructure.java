package org.caseledger.platform.testing;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real PostgreSQL and the real Kafka every integration test runs against, started once per test JVM: as
 * Testcontainers ({@code postgres}, {@code apache/kafka}) when a Docker engine answers, embedded otherwise (zonky's
 * PostgreSQL binaries, an in-process KRaft broker). The tests are the same either way; the log says which was used.
 * Set {@code -Dcaseledger.test.infrastructure=embedded} or {@code containers} to choose.
 */
public final class RealInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(RealInfrastructure.class);
    private static RealInfrastructure instance;
    /** Whether a Spring application of this JVM uses the infrastructure: then Spring's shutdown stops it. */
    private static volatile boolean usedBySpring;

    private final PostgresServer postgres;
    private final KafkaServer kafka;
    private final Map<String, TestDatabase> databases = new ConcurrentHashMap<>();

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
    }

    /**
     * Points a Spring Boot test at the shared PostgreSQL only, for tests that bring their own Kafka, and at the
     * tests' token issuer ({@link TestTokens}). The service connects as its runtime role and migrates as the owner,
     * as in production. Its management port is any free one, as its server port is, so that tests running side by
     * side do not contend for the one a service names.
     */
    public static void registerDatabase(DynamicPropertyRegistry registry, String database) {
        registerDatabase(registry, get().database(database));
    }

    /** As {@link #registerDatabase(DynamicPropertyRegistry, String)}, for a database on a server of the test's own. */
    public static void registerDatabase(DynamicPropertyRegistry registry, TestDatabase testDatabase) {
        usedBySpring = true;
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", TestTokens.get()::issuer);
        registry.add("management.server.port", () -> "0");
        registry.add("spring.datasource.url", testDatabase::jdbcUrl);
        registry.add("spring.datasource.username", testDatabase::runtimeRole);
        registry.add("spring.datasource.password", testDatabase::runtimePassword);
        registry.add("spring.flyway.user", testDatabase::ownerRole);
        registry.add("spring.flyway.password", testDatabase::ownerPassword);
    }

    /**
     * The named database with its owner and runtime roles ({@code <database>_service_owner}, {@code
     * <database>_service}), provisioned on first use the way the local stack provisions a service's database.
     */
    public TestDatabase database(String database) {
        return databases.computeIfAbsent(database, this::provision);
    }

    /** JDBC URL of the named database, provisioned on first use. */
    public String jdbcUrl(String database) {
        return database(database).jdbcUrl();
    }

    /** The superuser, for what no service may do, such as laying out a database as an old version did. */
    public DataSource superuserDataSource(String database) {
        return new DriverManagerDataSource(postgres.jdbcUrl(database), postgres.superuser(),
                postgres.superuserPassword());
    }

    /** The superuser's name and password, for a client that reads every database, such as the benchmark's check. */
    public String superuser() {
        return postgres.superuser();
    }

    public String superuserPassword() {
        return postgres.superuserPassword();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Where the embedded broker keeps its log segments on disk, for a test that reads their raw bytes. */
    public List<Path> kafkaLogDirectories() {
        return kafka.logDirectories();
    }

    private TestDatabase provision(String database) {
        return TestDatabase.provision(database, postgres);
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
        // whatever registers later stops before this. Spring runs its handlers only where a Spring application ran;
        // a JVM whose tests use the infrastructure without one (platform's own tests, the end-to-end tests whose
        // services are processes of their own, stopped when the tests end) stops it in a shutdown hook instead, or
        // the servers would outlive the build.
        AtomicBoolean stopped = new AtomicBoolean();
        Runnable stop = () -> {
            if (stopped.compareAndSet(false, true)) {
                try {
                    infrastructure.kafka.stop();
                } finally {
                    infrastructure.postgres.stop();
                }
            }
        };
        SpringApplication.getShutdownHandlers().add(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!usedBySpring) {
                stop.run();
            }
        }, "test-infrastructure-stop"));
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
