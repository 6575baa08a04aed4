package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RemoteDataKeysTest {

    private static final byte[] KEY = new byte[DataKey.BYTES];

    private final AtomicInteger asked = new AtomicInteger();
    /** The subjects each request for keys named, in the order they came. */
    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    /** The query of each request that named them there (a GET), in the order they came. */
    private final List<String> queries = new CopyOnWriteArrayList<>();
    /** Whether the holder takes subjects in a body, as case-service does; one of an earlier version answers 405. */
    private final AtomicBoolean takesPost = new AtomicBoolean(true);
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

    @Test
    void theKeysOfSubjectsAboutToBeOpenedAreAskedForTogetherAndThenHeld() {
        answer.countDown();

        keys.openingSoon(List.of("case-1", "testimony-1", "case-1", "relative-1"));
        DataKey opened = keys.opening("testimony-1");

        assertThat(opened).isEqualTo(DataKey.Present.of(KEY));
        assertThat(asked).hasValue(1);
        assertThat(requests.get(0)).containsExactly("case-1", "testimony-1", "relative-1");
    }

    @Test
    void aKeyHeldIsNotNamedAgain() {
        answer.countDown();
        keys.opening("case-1");

        keys.openingSoon(List.of("case-1", "case-2"));
        keys.openingSoon(List.of("case-1", "case-2"));

        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).containsExactly("case-2");
    }

    @Test
    void anIdTheHolderWouldRefuseIsLeftForItsOpening() {
        answer.countDown();

        keys.openingSoon(List.of("case-1", " ", "x".repeat(101)));

        assertThat(requests).hasSize(1);
        assertThat(requests.get(0)).containsExactly("case-1");
    }

    @Test
    void aPollsManySubjectsAreAskedForInOneRequestOfAThousandAtMost() {
        answer.countDown();
        List<String> subjects = IntStream.range(0, 1_500).mapToObj(i -> UUID.randomUUID().toString()).toList();

        keys.openingSoon(subjects);
        subjects.forEach(keys::opening);

        assertThat(requests).hasSize(2);
        assertThat(requests.get(0)).hasSize(DataKeyController.MOST_SUBJECTS_POSTED);
        assertThat(requests.stream().flatMap(List::stream)).containsExactlyElementsOf(subjects);
        assertThat(queries).isEmpty();
    }

    @Test
    void aHolderThatTakesNoBodyIsAskedInQueriesItTakesFromThenOn() {
        answer.countDown();
        takesPost.set(false);
        List<String> subjects = IntStream.range(0, 500).mapToObj(i -> UUID.randomUUID().toString()).toList();

        keys.openingSoon(subjects);
        subjects.forEach(keys::opening);
        keys.opening("case-1");

        assertThat(queries).allSatisfy(query -> {
            assertThat(subjectsIn(query)).hasSizeLessThanOrEqualTo(DataKeyController.MOST_SUBJECTS);
            assertThat(query).hasSizeLessThanOrEqualTo(RemoteDataKeys.LONGEST_QUERY);
        });
        assertThat(queries.stream().flatMap(query -> subjectsIn(query).stream()))
                .containsExactlyElementsOf(Stream.concat(subjects.stream(), Stream.of("case-1")).toList());
        assertThat(keys.opening(subjects.get(499))).isEqualTo(DataKey.Present.of(KEY));
        assertThat(asked.get() - queries.size()).as("posts answered 405").isEqualTo(1);
    }

    /**
     * A memory that is full makes room as a poll's keys come: it forgets the keys put longest ago, not those of the
     * poll about to be opened, which would each be asked for again, alone.
     */
    @Test
    void aPollsKeysAreStillHeldWhenItsValuesAreOpenedThoughTheMemoryIsFull() {
        answer.countDown();
        RemoteDataKeys small = new RemoteDataKeys(URI.create("http://localhost:" + holder.getAddress().getPort()),
                URI.create("http://localhost:" + holder.getAddress().getPort() + "/token"), "projections", "secret",
                Clock.systemUTC(), 100);
        List<String> subjects = IntStream.range(0, 300).mapToObj(i -> "case-" + i).toList();

        for (int poll = 0; poll < 3; poll++) {
            List<String> polled = subjects.subList(poll * 100, poll * 100 + 100);
            small.openingSoon(polled);
            polled.forEach(small::opening);
        }

        assertThat(requests).hasSize(3);
    }

    @Test
    void aReaderOfASubjectBeingAskedForWaitsForThatAnswer() throws Exception {
        Thread soon = new Thread(() -> keys.openingSoon(List.of("case-1", "case-2")), "poll");
        soon.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 1);
        ConcurrentLinkedQueue<DataKey> got = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> got.add(keys.opening("case-2")), "reader");
        reader.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState() == Thread.State.WAITING);
        answer.countDown();
        soon.join(Duration.ofSeconds(10).toMillis());
        reader.join(Duration.ofSeconds(10).toMillis());

        assertThat(got).containsExactly(DataKey.Present.of(KEY));
        assertThat(asked).hasValue(1);
    }

    /**
     * Consumers share the memory: a key asked for by one of them before another read the subject's erasure, and
     * answered after it, does not bring the erased subject's key back.
     */
    @Test
    void aKeyAnsweredAfterItsSubjectsErasureWasReadLeavesTheErasureHeld() throws Exception {
        Thread soon = new Thread(() -> keys.openingSoon(List.of("case-1")), "poll");
        soon.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> asked.get() == 1);

        keys.erased("case-1");
        answer.countDown();
        soon.join(Duration.ofSeconds(10).toMillis());

        assertThat(keys.opening("case-1")).isEqualTo(DataKey.ERASED);
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

    /**
     * Counts the request, then answers once the test lets it: each subject's key, present. The subjects come in a
     * POST's body, or in a GET's query; a POST is answered 405 while the holder takes none.
     */
    private void keys(HttpExchange exchange) throws IOException {
        asked.incrementAndGet();
        List<String> subjects;
        if ("POST".equals(exchange.getRequestMethod())) {
            if (!takesPost.get()) {
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            subjects = new ArrayList<>();
            new ObjectMapper().readTree(exchange.getRequestBody()).path("subjects")
                    .forEach(subject -> subjects.add(subject.asText()));
        } else {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query);
            subjects = subjectsIn(query);
        }
        requests.add(subjects);
        try {
            answer.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        send(exchange, subjects.stream()
                .map(subject -> "{\"subjectId\":\"" + subject + "\",\"state\":\"PRESENT\",\"key\":\""
                        + Base64.getEncoder().encodeToString(KEY) + "\"}")
                .collect(Collectors.joining(",", "{\"keys\":[", "]}")));
    }

    private static List<String> subjectsIn(String query) {
        return Arrays.stream(query.split("&"))
                .map(parameter -> URLDecoder.decode(parameter.substring("subject=".length()), StandardCharsets.UTF_8))
                .toList();
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
