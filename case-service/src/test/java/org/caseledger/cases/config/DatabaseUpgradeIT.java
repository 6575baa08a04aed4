package org.caseledger.cases.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.CaseServiceApplication;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.AppendOnlyEventStore;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestDatabase;
import org.caseledger.platform.testing.TestTokens;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database of the version before services had roles of their own, upgraded in place: the superuser had created and
 * owned every table, and the service had connected as the superuser. Provisioning hands the tables to the owner role,
 * the new migrations grant the runtime role what it may do, and the service goes on from where it was.
 */
class DatabaseUpgradeIT {

    private static final String DATABASE = "cases_before_roles";
    /** The migrations that version had; their text must stay as it was then, as Flyway's checksums do. */
    private static final List<String> MIGRATIONS_BEFORE_ROLES = List.of(
            "db/axon/V0_1__axon_event_store.sql",
            "db/idempotency/V0_3__idempotency_record.sql",
            "db/migration/V1__case_numbers.sql");

    private ConfigurableApplicationContext service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void caseServiceGoesOnFromTheVersionBeforeRolesWithItsEventStoreAppendOnly(@TempDir Path oldMigrations)
            throws Exception {
        layOutAsTheVersionBeforeRoles(oldMigrations, 41);

        TestDatabase database = RealInfrastructure.get().database(DATABASE);
        start(database);

        HttpResponse<String> opened = HttpClient.newHttpClient().send(HttpRequest
                        .newBuilder(URI.create("http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port")
                                + "/api/cases"))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestTokens.get().token(Role.OPERATOR))
                        .POST(HttpRequest.BodyPublishers.ofString("""
                                {"person":{"name":"Omirbek Eli"},
                                 "detention":{"date":"2017-03","place":"Karamay","kind":"CAMP"},
                                 "source":{"type":"VICTIM_TESTIMONY"}}"""))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
        JsonNode body = new ObjectMapper().readTree(opened.body());
        assertThat(body.get("caseNumber").asLong()).isEqualTo(42);

        JdbcClient runtime = JdbcClient.create(database.runtimeDataSource());
        AppendOnlyEventStore.assertChangesRefused(runtime, body.get("caseId").asText());
        assertThat(runtime.sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")
                .query(String.class).list()).containsExactly(database.ownerRole());
    }

    private void layOutAsTheVersionBeforeRoles(Path directory, long casesIssued) throws IOException {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        JdbcClient.create(infrastructure.superuserDataSource("postgres"))
                .sql("CREATE DATABASE " + DATABASE).update();
        for (String migration : MIGRATIONS_BEFORE_ROLES) {
            try (InputStream script = getClass().getClassLoader().getResourceAsStream(migration)) {
                assertThat(script).as(migration).isNotNull();
                Files.copy(script, directory.resolve(Path.of(migration).getFileName()));
            }
        }
        Flyway.configure()
                .dataSource(infrastructure.superuserDataSource(DATABASE))
                .locations("filesystem:" + directory)
                .load()
                .migrate();
        JdbcClient.create(infrastructure.superuserDataSource(DATABASE))
                .sql("UPDATE case_number_counter SET last_issued = ?").param(casesIssued).update();
    }

    private void start(TestDatabase database) {
        List<String> arguments = new ArrayList<>(database.arguments());
        arguments.addAll(List.of("--server.port=0", "--management.server.port=0",
                "--spring.datasource.password=" + database.runtimePassword(),
                "--spring.flyway.password=" + database.ownerPassword(),
                "--caseledger.kafka.bootstrap-servers=" + RealInfrastructure.get().kafkaBootstrapServers(),
                "--spring.security.oauth2.resourceserver.jwt.issuer-uri=" + TestTokens.get().issuer()));
        arguments.addAll(PersonalDataTestKeys.holderArguments());
        PersonalDataTestKeys.holderEnvironment().forEach((name, value) -> arguments.add("--" + name.toLowerCase()
                .replace("caseledger_personal_data_", "caseledger.personal-data.").replace('_', '.') + "=" + value));
        service = new SpringApplicationBuilder(CaseServiceApplication.class).run(arguments.toArray(String[]::new));
    }
}
