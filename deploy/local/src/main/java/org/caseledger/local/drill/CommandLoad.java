package org.caseledger.local.drill;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few clients sending commands to case-service without pause, each opening cases and recording testimonies on the
 * cases it opened (so that no two clients write one case at once). Every command carries an {@code Idempotency-Key};
 * a request that is refused (503, another 5xx, 429, 409) or gets no answer is sent again with the same key until it is
 * accepted, as a careful client does. The broker drill runs it, and so does the end-to-end drill of projections.
 * <p>
 * While case-service runs as two instances over one database, each client sends its commands in pairs, one to each
 * instance at the same moment: two openings, or two testimonies on the same case. Two writes to one case race for
 * its next event, and the one that loses is answered 409 (nothing of it stored); its client sends it again, as the
 * answer asks, and it counts once however often it was answered 409.
 */
public final class CommandLoad {

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EVENT_ID = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"");
    /** A client gives a command up after this long without acceptance; the drill then counts it as not accepted. */
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private static final String OPENING = """
            {"person":{"name":"Person of a drill"},"detention":{"date":"2018","kind":"PRETRIAL"},
             "source":{"type":"MEDIA_REPORT"}}""";
    private static final String TESTIMONY = """
            {"givenBy":{"relation":"SIBLING"},"date":"2019-01","language":"ky","summary":"He was taken.",
             "visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}""";

    /** One command: the step of the drill it was first sent in, and what came of it. */
    public static final class Sent {
        final int step;
        final String key = UUID.randomUUID().toString();
        final String caseId;
        volatile int attempts;
        volatile boolean accepted;
        volatile String eventId;
        volatile String openedCase;

        Sent(int step, String caseId) {
            this.step = step;
            this.caseId = caseId;
        }

        public boolean opensCase() {
            return caseId == null;
        }

        /** The step of the drill it was first sent in. */
        public int step() {
            return step;
        }

        /** Whether case-service answered it 2xx, once or after retries with the same key. */
        public boolean accepted() {
            return accepted;
        }

        /** The id of the event the command recorded, as case-service answered it; null until accepted. */
        public String eventId() {
            return eventId;
        }

        /** The case the command opened or wrote to; null for an opening not accepted. */
        public String caseId() {
            return opensCase() ? openedCase : caseId;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<List<String>> instances;
    private final Credentials credentials;
    private final IntSupplier step;
    private final Queue<Sent> sent = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final ExecutorService pairs = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "drill-pair");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    public CommandLoad(String caseService, Credentials credentials, IntSupplier step) {
        this(() -> List.of(caseService), credentials, step);
    }

    /**
     * @param instances the base URLs of the case-service instances to send to now: one, or two over one database, whose
     *                  commands then go in pairs; asked again for every attempt, so that a retry goes to one that runs
     */
    public CommandLoad(Supplier<List<String>> instances, Credentials credentials, IntSupplier step) {
        this.instances = instances;
        this.credentials = credentials;
        this.step = step;
    }

    public void start(int clientCount) {
        for (int i = 0; i < clientCount; i++) {
            Thread client = new Thread(this::client, "drill-client-" + i);
            client.setDaemon(true);
            client.start();
            clients.add(client);
        }
    }

    /** Stops at once, when a step of the drill failed: the clients must not go on writing into the ledger. */
    public void abandon() {
        running = false;
        clients.forEach(Thread::interrupt);
        pairs.shutdownNow();
    }

    /** Stops sending new commands; each client first gets the one it is sending accepted. */
    public void stop() throws InterruptedException {
        running = false;
        for (Thread client : clients) {
            client.join();
        }
        pairs.shutdown();
        if (failure != null) {
            throw failure;
        }
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** Answers that were not 2xx, and requests that got no answer, over the whole drill; 409s among them. */
    public int refusals() {
        return refusals.get();
    }

    /** Answers 409: a write that lost the race for its case's next event to a write on another instance. */
    public int conflicts() {
        return conflicts.get();
    }

    private void client() {
        try {
            sendUntilStopped();
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void sendUntilStopped() {
        List<String> cases = new ArrayList<>();
        while (running) {
            boolean open = cases.isEmpty() || ThreadLocalRandom.current().nextInt(3) == 0;
            String caseId = open ? null : cases.get(ThreadLocalRandom.current().nextInt(cases.size()));
            int stepNow = step.getAsInt();
            Sent command = new Sent(stepNow, caseId);
            sent.add(command);
            if (instances.get().size() > 1) {
                Sent twin = new Sent(stepNow, caseId);
                sent.add(twin);
                CompletableFuture<Void> other = CompletableFuture.runAsync(() -> send(twin, 1), pairs);
                send(command, 0);
                other.join();
                if (twin.accepted && twin.opensCase()) {
                    cases.add(twin.openedCase);
                }
            } else {
                send(command, 0);
            }
            if (command.accepted && command.opensCase()) {
                cases.add(command.openedCase);
            }
        }
    }

    /** Sends until accepted, each attempt to the instance of that number among those running then. */
    private void send(Sent command, int instance) {
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        String path = command.opensCase() ? "/api/cases" : "/api/cases/" + command.caseId + "/testimonies";
        String body = command.opensCase() ? OPENING : TESTIMONY;
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            command.attempts++;
            List<String> targets = instances.get();
            String target = targets.get(instance % targets.size());
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(target + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .header("Authorization", credentials.authorization())
                        .header("Idempotency-Key", command.key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 == 2) {
                    command.eventId = group(EVENT_ID, answer.body());
                    command.openedCase = group(CASE_ID, answer.body());
                    command.accepted = true;
                    return;
                }
                refusals.incrementAndGet();
                if (answer.statusCode() == 401) {
                    credentials.expired();
                } else if (answer.statusCode() == 409) {
                    conflicts.incrementAndGet();
                } else if (answer.statusCode() / 100 == 4 && answer.statusCode() != 429) {
                    throw new IllegalStateException("case-service refused a drill command with "
                            + answer.statusCode() + ": " + answer.body());
                }
            } catch (IOException e) {
                refusals.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            pause();
        }
    }

    /** A refused client waits a moment before it sends again, as a client honouring Retry-After would. */
    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String group(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("case-service's answer has no " + pattern + ": " + body);
        }
        return matcher.group(1);
    }
}
