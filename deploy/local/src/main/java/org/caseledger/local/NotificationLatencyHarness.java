package org.caseledger.local;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the running local stack from outside: how long a release takes from its POST to case-service, and from the
 * moment its event was recorded, until notification-service's webhook reaches a receiver on this machine. It opens
 * one case, subscribes a webhook to its releases and records them one after the other. Run it with
 * {@code deploy/local/measure-notifications [releases]}; it writes a real case into the ledger it measures.
 */
public final class NotificationLatencyHarness {

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EVENT_TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern DATE = Pattern.compile("\"date\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration ARRIVAL_LIMIT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Arrival> arrivals = new ConcurrentHashMap<>();
    private final String caseService;
    private final String notificationService;

    private record Arrival(long receivedNanos, Instant receivedAt, Instant eventTime) {
    }

    private NotificationLatencyHarness(String caseService, String notificationService) {
        this.caseService = caseService;
        this.notificationService = notificationService;
    }

    public static void main(String[] args) throws Exception {
        int releases = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        NotificationLatencyHarness harness = new NotificationLatencyHarness(
                "http://localhost:" + LocalEnv.port("CASE_SERVICE_PORT", 8081),
                "http://localhost:" + LocalEnv.port("NOTIFICATION_SERVICE_PORT", 8083));
        HttpServer receiver = harness.receiver();
        try {
            harness.measure(releases, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");
        } finally {
            receiver.stop(0);
        }
    }

    private HttpServer receiver() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.createContext("/", exchange -> {
            try (exchange) {
                long received = System.nanoTime();
                Instant receivedAt = Instant.now();
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Matcher time = EVENT_TIME.matcher(body);
                Matcher date = DATE.matcher(body);
                if (time.find() && date.find()) {
                    arrivals.putIfAbsent(date.group(1), new Arrival(received, receivedAt, Instant.parse(time.group(1))));
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.start();
        return server;
    }

    private void measure(int releases, String webhook) throws Exception {
        String caseId = open();
        subscribe(caseId, webhook);
        LocalDate first = LocalDate.of(2018, 1, 1);
        for (int i = 0; i < 10; i++) {
            awaitArrival(release(caseId, first.minusDays(100 + i)));
        }
        long[] sincePost = new long[releases];
        long[] sinceEvent = new long[releases];
        for (int i = 0; i < releases; i++) {
            long posted = System.nanoTime();
            Arrival arrival = awaitArrival(release(caseId, first.plusDays(i)));
            sincePost[i] = (arrival.receivedNanos() - posted) / 1_000;
            sinceEvent[i] = Duration.between(arrival.eventTime(), arrival.receivedAt()).toNanos() / 1_000;
        }
        System.out.printf("release POST -> webhook received     over %d releases: %s%n", releases, summary(sincePost));
        System.out.printf("event recorded -> webhook received   over %d releases: %s%n", releases, summary(sinceEvent));
    }

    private String open() throws Exception {
        HttpResponse<String> response = post(caseService + "/api/cases", """
                {"person":{"name":"Measured Person"},
                 "detention":{"date":"2017-06","place":"Urumqi","kind":"CAMP"},
                 "source":{"type":"OTHER"}}""");
        Matcher caseId = CASE_ID.matcher(response.body());
        if (response.statusCode() != 201 || !caseId.find()) {
            throw new IllegalStateException("case-service answered " + response.statusCode() + ": " + response.body());
        }
        return caseId.group(1);
    }

    /** Subscribes once notification-service has read the case; until then it answers 422. */
    private void subscribe(String caseId, String webhook) throws Exception {
        String body = """
                {"channel":"WEBHOOK","url":"%s","events":["RELEASE"],"caseId":"%s"}""".formatted(webhook, caseId);
        long deadline = System.nanoTime() + ARRIVAL_LIMIT.toNanos();
        HttpResponse<String> response = post(notificationService + "/api/subscriptions", body);
        while (response.statusCode() == 422 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            response = post(notificationService + "/api/subscriptions", body);
        }
        if (response.statusCode() != 201) {
            throw new IllegalStateException("notification-service answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    private String release(String caseId, LocalDate date) throws Exception {
        HttpResponse<String> response = post(caseService + "/api/cases/" + caseId + "/releases", """
                {"date":"%s","conditions":"SURVEILLANCE","source":{"type":"OTHER"}}""".formatted(date));
        if (response.statusCode() != 201) {
            throw new IllegalStateException("case-service answered " + response.statusCode() + ": " + response.body());
        }
        return date.toString();
    }

    private Arrival awaitArrival(String date) {
        long deadline = System.nanoTime() + ARRIVAL_LIMIT.toNanos();
        while (!arrivals.containsKey(date)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the release of " + date + " did not reach the webhook within "
                        + ARRIVAL_LIMIT);
            }
            // A millisecond's pause: polling without one would take a core from the services being measured.
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
        return arrivals.get(date);
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String summary(long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return String.format("median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
                percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99), sorted[sorted.length - 1] / 1e3);
    }

    private static double percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e3;
    }
}
