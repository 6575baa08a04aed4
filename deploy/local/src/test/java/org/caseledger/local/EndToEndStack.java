package org.caseledger.local;

import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.FreePorts;
import org.caseledger.platform.testing.PersonalDataTestKeys;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TestTokens;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * case-service and projections from their real jars, started once for every end-to-end test of this JVM and
 * stopped when the tests end ({@link StopServicesWhenTestsEnd}). All end-to-end tests share these databases: they
 * share the topics, and a second case-service database would issue the same case numbers again.
 */
final class EndToEndStack {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    static final String NOTIFICATIONS_DATABASE = "e2e_notifications";

    /** Where notification-service sends its e-mail; a test that reads it opens an SMTP server here. */
    static final int SMTP_PORT = FreePorts.take(1)[0];

    private static EndToEndStack running;
    private static ServiceProcess notificationService;

    final ServiceProcess caseService;
    final ServiceProcess projections;

    private EndToEndStack(ServiceProcess caseService, ServiceProcess projections) {
        this.caseService = caseService;
        this.projections = projections;
    }

    static synchronized EndToEndStack get() {
        if (running == null) {
            // projections logs a line for each case row it writes, which DetentionTravelsToProjectionIT looks for.
            ServiceProcess caseService = start("case-service", "e2e_cases", List.of());
            List<String> projections = new ArrayList<>(keyChannel(caseService));
            projections.add("--logging.level.org.caseledger.projections.casestatus=DEBUG");
            EndToEndStack stack = new EndToEndStack(caseService, start("projections", "e2e_projections", projections));
            awaitHealthy(stack.caseService, stack.projections);
            running = stack;
        }
        return running;
    }

    /**
     * appeal-service, which a test starts itself because it may restart it with other options. It seals appeal
     * summaries with the keys of case-service's persons, fetched through the key channel.
     */
    static ServiceProcess startAppealService(List<String> jvmOptions, List<String> arguments) {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        ServiceProcess appealService = ServiceProcess.start("appeal-service", infrastructure.database("e2e_appeals"),
                infrastructure.kafkaBootstrapServers(), jvmOptions, concat(keyChannel(get().caseService), arguments),
                keyChannelSecret());
        awaitHealthy(appealService);
        return appealService;
    }

    /**
     * notification-service, started on first use and shared like the others: its e-mail goes to {@link #SMTP_PORT},
     * where a test may open an SMTP server, and webhooks may go to this machine, where the test receivers listen, as on
     * the local stack. A delivery whose process died is taken up again after 8 seconds instead of a minute.
     */
    static synchronized ServiceProcess notificationService() {
        if (notificationService == null) {
            notificationService = startNotificationService();
        }
        return notificationService;
    }

    /** A new notification-service process on the same database, after a test killed the one before. */
    static synchronized ServiceProcess restartNotificationService() {
        notificationService().close();
        notificationService = startNotificationService();
        return notificationService;
    }

    private static ServiceProcess startNotificationService() {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        List<String> keys = keyChannel(get().caseService);
        ServiceProcess started = ServiceProcess.start("notification-service",
                infrastructure.database(NOTIFICATIONS_DATABASE), infrastructure.kafkaBootstrapServers(), List.of(),
                concat(keys, List.of(
                        "--caseledger.notifications.webhooks.allow-loopback=true",
                        "--spring.mail.host=127.0.0.1", "--spring.mail.port=" + SMTP_PORT,
                        "--db-scheduler.polling-interval=500ms",
                        "--db-scheduler.heartbeat-interval=2s", "--db-scheduler.missed-heartbeats-limit=4")),
                keyChannelSecret());
        try {
            awaitHealthy(started);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * case-service on a database and a broker of a drill's own, which the drill may kill or pause without disturbing
     * the shared stack. Not awaited, so that it starts beside others.
     */
    static ServiceProcess startCaseService(String database, String kafka) {
        return ServiceProcess.start("case-service", RealInfrastructure.get().database(database), kafka);
    }

    /**
     * projections on a database and a broker of a drill's own, with its data keys from that broker's case-service.
     * Never on the shared broker: each consumer's Kafka group is its read model's name, so a second projections
     * there would take partitions from the shared one. Not awaited, so that it starts beside others.
     */
    static ServiceProcess startProjections(String database, String kafka, ServiceProcess caseService,
                                           List<String> arguments) {
        return ServiceProcess.start("projections", RealInfrastructure.get().database(database), kafka, List.of(),
                concat(keyChannel(caseService), arguments), keyChannelSecret());
    }

    /** A read as an operator, who sees the person's data of the RESTRICTED cases the tests open, and deliveries. */
    static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer(Role.OPERATOR)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A read only an admin may make, such as the ledger's verification. */
    static HttpResponse<String> getAsAdmin(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer(Role.ADMIN)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A write only an admin may make, such as registering an authority. */
    static HttpResponse<String> postAsAdmin(String url, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(Role.ADMIN))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A write as an operator. */
    static HttpResponse<String> post(String url, String body) throws Exception {
        return post(url, body, Map.of());
    }

    /** @param headers more headers, such as the {@code traceparent} of a client that traces its requests */
    static HttpResponse<String> post(String url, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        headers.forEach(request::header);
        return HTTP.send(request
                .header("Content-Type", "application/json")
                .header("Authorization", bearer(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Where a consumer gets its data keys: this case-service, as the test issuer's service account. */
    static List<String> keyChannel(ServiceProcess caseService) {
        return keyChannel(caseService.url(""));
    }

    /** Where a consumer gets its data keys: the case-service at this address. */
    static List<String> keyChannel(String caseService) {
        Map<String, String> properties = PersonalDataTestKeys.consumerProperties(caseService);
        return List.of("--caseledger.personal-data.keys-from=" + properties.get("caseledger.personal-data.keys-from"),
                "--caseledger.personal-data.client-id=" + properties.get("caseledger.personal-data.client-id"));
    }

    /** The service account's secret, as the environment of a consumer's process, never on its command line. */
    static Map<String, String> keyChannelSecret() {
        return Map.of("CASELEDGER_PERSONAL_DATA_CLIENT_SECRET",
                PersonalDataTestKeys.consumerProperties("").get("caseledger.personal-data.client-secret"));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return both;
    }

    private static String bearer(Role role) {
        return "Bearer " + TestTokens.get().token(role);
    }

    private static ServiceProcess start(String name, String database, List<String> arguments) {
        RealInfrastructure infrastructure = RealInfrastructure.get();
        return ServiceProcess.start(name, infrastructure.database(database), infrastructure.kafkaBootstrapServers(),
                List.of(), arguments, name.equals("projections") ? keyChannelSecret() : Map.of());
    }

    /** Generous: a service starting on a machine whose cores are busy with other work took over four minutes. */
    static void awaitHealthy(ServiceProcess... services) {
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofMillis(500))
                .until(() -> List.of(services).stream().allMatch(service -> service.healthy(HTTP)));
    }
}
