package org.caseledger.local;

import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;
import org.springframework.boot.SpringApplication;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * case-service and projections from their real jars, started once for every end-to-end test of this JVM and
 * stopped when it ends. All end-to-end tests share these databases: they share the topics, and a second
 * case-service database would issue the same case numbers again.
 */
final class EndToEndStack {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    private static EndToEndStack running;

    final ServiceProcess caseService;
    final ServiceProcess projections;

    private EndToEndStack(ServiceProcess caseService, ServiceProcess projections) {
        this.caseService = caseService;
        this.projections = projections;
    }

    static synchronized EndToEndStack get() {
        if (running == null) {
            EndToEndStack stack = new EndToEndStack(start("case-service", "e2e_cases"),
                    start("projections", "e2e_projections"));
            // Registered after RealInfrastructure's, so run before it: the services stop while their database and
            // broker are still there.
            SpringApplication.getShutdownHandlers().add(() -> {
                stack.caseService.close();
                stack.projections.close();
            });
            awaitHealthy(stack.caseService, stack.projections);
            running = stack;
        }
        return running;
    }

    /** appeal-service, which a test starts itself because it may restart it with other options. */
    static ServiceProcess startAppealService(List<String> jvmOptions, List<String> arguments) {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        ServiceProcess appealService = ServiceProcess.start("appeal-service", infrastructure.database("e2e_appeals"),
                infrastructure.kafkaBootstrapServers(), jvmOptions, arguments);
        awaitHealthy(appealService);
        return appealService;
    }

    /** A read as an analyst, who sees the person's data of the RESTRICTED cases the tests open. */
    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer(Role.ANALYST)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A write as an operator. */
    static HttpResponse<String> post(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer(Role role) {
        return "Bearer " + TestTokens.get().token(role);
    }

    private static ServiceProcess start(String name, String database) {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        return ServiceProcess.start(name, infrastructure.database(database), infrastructure.kafkaBootstrapServers());
    }

    private static void awaitHealthy(ServiceProcess... services) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of(services).stream().allMatch(service -> service.healthy(HTTP)));
    }
}
