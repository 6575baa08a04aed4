package org.caseledger.notifications.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.standardwebhooks.Webhook;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cloudevents.CloudEvent;
import io.cloudevents.jackson.JsonFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver as a careful integrator would write one, on a real HTTP server (the JDK's) on this machine:
 * it verifies every signature with the Standard Webhooks library and the subscription's secret, processes each
 * {@code webhook-id} once and answers a repeat with 200. It can be made to fail its first calls, to answer with a
 * given status, to answer slowly, to hold its answers, or to be down.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A message the receiver processed: its headers, its body and the CloudEvent in it. */
    public record Processed(String webhookId, String contentType, String signatureHeader, String body,
                            CloudEvent event, JsonNode data) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final JsonFormat cloudEvents = new JsonFormat();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final Map<String, Processed> processed = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger duplicates = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int fixedStatus;
    private volatile String redirectTo;
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch answersHeld = new CountDownLatch(0);
    private volatile HttpServer server;
    private volatile int port;

    private WebhookReceiver() {
        up();
    }

    /** A receiver listening on a free port of the loopback address. */
    public static WebhookReceiver start() {
        return new WebhookReceiver();
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/hooks/caseledger";
    }

    public int port() {
        return port;
    }

    /** Verifies signatures with these secrets; a message must verify with each of them. */
    public WebhookReceiver verifyingWith(String... secrets) {
        this.secrets.clear();
        this.secrets.addAll(List.of(secrets));
        return this;
    }

    public WebhookReceiver failingFirst(int calls) {
        failuresLeft.set(calls);
        return this;
    }

    public WebhookReceiver answering(int status) {
        fixedStatus = status;
        return this;
    }

    public WebhookReceiver redirectingTo(String location) {
        redirectTo = location;
        return this;
    }

    public WebhookReceiver answeringAfter(Duration delay) {
        this.delay = delay;
        return this;
    }

    /**
     * Processes what arrives but answers none of it until {@link #answerHeld()}: the sender's calls stay in flight,
     * their messages processed here and not yet acknowledged there.
     */
    public WebhookReceiver holdingAnswers() {
        answersHeld = new CountDownLatch(1);
        return this;
    }

    /** Answers the calls held, and answers at once from now on. */
    public WebhookReceiver answerHeld() {
        answersHeld.countDown();
        return this;
    }

    /** Stops listening; nothing answers on its port until {@link #up()}. */
    public synchronized void down() {
        HttpServer current = server;
        if (current != null) {
            current.stop(0);
            server = null;
        }
    }

    /** Listens again, on the port it had. */
    public synchronized void up() {
        if (server != null) {
            return;
        }
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
            started.createContext("/", this::handle);
            started.setExecutor(threads);
            started.start();
            server = started;
            port = started.getAddress().getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int calls() {
        return calls.get();
    }

    public int duplicates() {
        return duplicates.get();
    }

    public int rejectedSignatures() {
        return rejected.size();
    }

    /** Every message processed, once each, in the order they were processed. */
    public List<Processed> processed() {
        List<Processed> inOrder = new ArrayList<>();
        order.forEach(id -> inOrder.add(processed.get(id)));
        return inOrder;
    }

    public List<Processed> processedForCase(String caseId) {
        return processed().stream().filter(message -> caseId.equals(message.data().path("caseId").asText())).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            calls.incrementAndGet();
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            if (!delay.isZero()) {
                Thread.sleep(delay.toMillis());
            }
            if (redirectTo != null) {
                exchange.getResponseHeaders().add("Location", redirectTo);
                answer(exchange, 307, "moved");
                return;
            }
            if (fixedStatus != 0) {
                answer(exchange, fixedStatus, "answered " + fixedStatus);
                return;
            }
            if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                answer(exchange, 500, "failing on purpose");
                return;
            }
            String body = new String(bytes, StandardCharsets.UTF_8);
            String webhookId = exchange.getRequestHeaders().getFirst("webhook-id");
            for (String secret : secrets) {
                try {
                    new Webhook(secret).verify(body, exchange.getRequestHeaders());
                } catch (Exception e) {
                    rejected.add(webhookId);
                    answer(exchange, 401, "signature not verified: " + e.getMessage());
                    return;
                }
            }
            if (processed.containsKey(webhookId)) {
                duplicates.incrementAndGet();
                answer(exchange, 200, "had it already");
                return;
            }
            CloudEvent event = cloudEvents.deserialize(bytes);
            JsonNode data = json.readTree(event.getData().toBytes());
            synchronized (this) {
                if (processed.putIfAbsent(webhookId, new Processed(webhookId,
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, event, data)) == null) {
                    order.add(webhookId);
                } else {
                    duplicates.incrementAndGet();
                }
            }
            answersHeld.await();
            answer(exchange, 200, "processed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        down();
        threads.shutdownNow();
    }
}
