package org.caseledger.platform.personaldata;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RemoteDataKeysTest {

    private static final byte[] KEY = new byte[DataKey.BYTES];

    private final AtomicInteger asked = new AtomicInteger();
    private final CountDownLatch answer = new CountDownLatch(1);
    private final HttpServer holder = holder();
    private final RemoteDataKeys keys = new RemoteDataKeys(
            URI.create("http://localhost:" + holder.getAddress().getPort()),
            URI.create("http://localhost:" + holder.getAddress().getPort() + "/token"), "projections", "secret",
            Clock.systemUTC());

    @AfterEach
    void stopHolder() {
        answer.countDown();
        holder.stop(0);
    }

    @Test
    void consumersWantingANewSubjectsKeyAtOnceAskTheHolderOnce() throws Exception {
        ConcurrentLinkedQueue<DataKey> got = new ConcurrentLinkedQueue<>();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread reader = new Thread(() -> got.add(keys.opening("case-1")), "reader-" + i);
            readers.add(reader);
            reader.start();
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() >= 1
                && readers.stream().allMatch(reader -> reader.getState() == Thread.State.WAITING));
        answer.countDown();
        for (Thread reader : readers) {
            reader.join(Duration.ofSeconds(10).toMillis());
        }

        assertThat(got).hasSize(4).containsOnly(DataKey.Present.of(KEY));
        assertThat(asked).hasValue(1);
    }

    @Test
    void aKeyHeldIsNotAskedForAgain() {
        answer.countDown();

        keys.opening("case-1");
        keys.opening("case-1");

        assertThat(asked).hasValue(1);
    }

    private HttpServer holder() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool());
            server.createContext("/token", exchange -> send(exchange,
                    "{\"access_token\":\"a-token-the-holder-takes\",\"expires_in\":300}"));
            server.createContext("/api/internal/personal-data/keys", this::keys);
            server.start();
            return server;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Counts the request, then answers once the test lets it: the subject's key, present. */
    private void keys(HttpExchange exchange) throws IOException {
        asked.incrementAndGet();
        try {
            answer.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send(exchange, "{\"keys\":[{\"subjectId\":\"case-1\",\"state\":\"PRESENT\",\"key\":\""
                + Base64.getEncoder().encodeToString(KEY) + "\"}]}");
    }

    private static void send(HttpExchange exchange, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
