package org.caseledger.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures the running local stack from outside, as one client: how long a detention takes from its POST to
 * case-service until projections shows it, how many detentions one client gets accepted per second, and what the
 * access log costs a read: the case view and a page of the case list read by an analyst (the person's data shown,
 * one access log row written) against the same reads by a viewer (the person's data of these RESTRICTED cases
 * withheld, nothing logged), interleaved. Run it with {@code deploy/local/measure [requests]}, which signs in as
 * operator, analyst and viewer; it writes real cases into the ledger it measures.
 */
public final class LatencyHarness {

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Duration VISIBILITY_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(1);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String caseService;
    private final String projections;
    private final String operator = token("operator");
    private final String analyst = token("analyst");
    private final String viewer = token("viewer");

    private LatencyHarness(String caseService, String projections) {
        this.caseService = caseService;
        this.projections = projections;
    }

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        LatencyHarness harness = new LatencyHarness(
                "http://localhost:" + LocalEnv.port("CASE_SERVICE_PORT", 8081),
                "http://localhost:" + LocalEnv.port("PROJECTIONS_PORT", 8084));
        harness.warmUp();
        harness.measureVisibility(requests);
        harness.measureThroughput(requests);
        harness.measureAccessLog(requests);
    }

    private static String token(String user) {
        String token = System.getenv("CASELEDGER_TOKEN_" + user.toUpperCase());
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("No token for " + user + ": run this through deploy/local/measure");
        }
        return token;
    }

    private void measureAccessLog(int requests) throws Exception {
        String caseId = report(0);
        awaitVisible(caseId);
        String view = projections + "/api/cases/" + caseId;
        String list = projections + "/api/cases?size=50";
        for (int i = 0; i < 50; i++) {
            timedGet(view, analyst);
            timedGet(view, viewer);
            timedGet(list, analyst);
            timedGet(list, viewer);
        }
        long[] viewLogged = new long[requests];
        long[] viewNotLogged = new long[requests];
        long[] listLogged = new long[requests];
        long[] listNotLogged = new long[requests];
        // Each round takes the four reads in a fresh order: a read that always followed the same other read (a large
        // list, say) would carry that one's after-effects and show them as the access log's cost.
        Random order = new Random(requests);
        List<Integer> reads = new ArrayList<>(List.of(0, 1, 2, 3));
        for (int i = 0; i < requests; i++) {
            Collections.shuffle(reads, order);
            for (int read : reads) {
                switch (read) {
                    case 0 -> viewLogged[i] = timedGet(view, analyst);
                    case 1 -> viewNotLogged[i] = timedGet(view, viewer);
                    case 2 -> listLogged[i] = timedGet(list, analyst);
                    default -> listNotLogged[i] = timedGet(list, viewer);
                }
            }
        }
        System.out.printf("case view, logged (analyst)        over %d requests: %s%n", requests, summary(viewLogged));
        System.out.printf("case view, not logged (viewer)     over %d requests: %s%n", requests, summary(viewNotLogged));
        System.out.printf("case list of 50, logged (analyst)  over %d requests: %s%n", requests, summary(listLogged));
        System.out.printf("case list of 50, not logged (viewer) over %d requests: %s%n", requests,
                summary(listNotLogged));
        System.out.printf("access log overhead (median): case view %+.1f%%, case list %+.1f%%%n",
                overhead(viewLogged, viewNotLogged), overhead(listLogged, listNotLogged));
    }

    private long timedGet(String url, String token) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build();
        long start = System.nanoTime();
        HttpResponse<Void> response = http.send(get, HttpResponse.BodyHandlers.discarding());
        long micros = (System.nanoTime() - start) / 1_000;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode());
        }
        return micros;
    }

    private static double overhead(long[] logged, long[] notLogged) {
        double with = median(logged);
        double without = median(notLogged);
        return (with - without) / without * 100;
    }

    private static double median(long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return percentile(sorted, 50);
    }

    private void warmUp() throws Exception {
        for (int i = 0; i < 30; i++) {
            awaitVisible(report(i));
        }
    }

    private void measureVisibility(int requests) throws Exception {
        long[] acceptedMicros = new long[requests];
        long[] visibleMicros = new long[requests];
        for (int i = 0; i < requests; i++) {
            long start = System.nanoTime();
            String caseId = report(i);
            acceptedMicros[i] = (System.nanoTime() - start) / 1_000;
            awaitVisible(caseId);
            visibleMicros[i] = (System.nanoTime() - start) / 1_000;
        }
        System.out.printf("POST accepted (201)          over %d requests: %s%n", requests, summary(acceptedMicros));
        System.out.printf("POST -> visible in projection over %d requests: %s%n", requests, summary(visibleMicros));
    }

    private void measureThroughput(int requests) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            report(i);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("single client, sequential: %d detentions accepted in %.2f s = %.0f commands/s%n",
                requests, seconds, requests / seconds);
    }

    private String report(int i) throws IOException, InterruptedException {
        String body = """
                {"person":{"name":"Measured Person %d"},
                 "detention":{"date":"2018-03","place":"Urumqi","kind":"PRETRIAL"},
                 "source":{"type":"OTHER"}}""".formatted(i);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(caseService + "/api/cases"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + operator)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher caseId = CASE_ID.matcher(response.body());
        if (response.statusCode() != 201 || !caseId.find()) {
            throw new IllegalStateException("case-service answered " + response.statusCode() + ": " + response.body());
        }
        return caseId.group(1);
    }

    private void awaitVisible(String caseId) throws IOException, InterruptedException {
        HttpRequest get = HttpRequest.newBuilder(URI.create(projections + "/api/cases/" + caseId))
                .header("Authorization", "Bearer " + viewer).build();
        long deadline = System.nanoTime() + VISIBILITY_LIMIT.toNanos();
        while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("case " + caseId + " not visible in projections after " + VISIBILITY_LIMIT);
            }
            // Polling without a pause would take a core from the services being measured, on a 2-core machine.
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
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
