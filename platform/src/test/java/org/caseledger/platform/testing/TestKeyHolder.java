package org.caseledger.platform.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.personaldata.JdbcDataKeys;
import org.caseledger.platform.personaldata.KeyEncryptionKeys;
import org.flywaydb.core.Flyway;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * case-service's side of the key channel, for a service under test that fetches keys without a case-service beside it:
 * the same keys' database and key-encryption key as {@link PersonalDataTestKeys#registerHolder}, behind {@code POST}
 * and {@code GET /api/internal/personal-data/keys} (the subjects in the body or the query), answering only a request
 * that carries a bearer token (which token case-service accepts there is case-service's access test's to prove). A test
 * makes a subject's key as case-service would when it seals the subject's first value ({@link #keyFor}), erases it, or
 * stops the holder to see what a service does when the keys do not come.
 */
public final class TestKeyHolder {

    private static final String PATH = "/api/internal/personal-data/keys";

    private final JdbcDataKeys keys;
    private final ObjectMapper json = new ObjectMapper();
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final Set<String> asked = ConcurrentHashMap.newKeySet();
    private HttpServer server;

    TestKeyHolder(TestDatabase database, String kek) {
        this.keys = keysIn(database, kek);
        this.server = serve(0);
        this.port = server.getAddress().getPort();
    }

    /**
     * The keys' database laid out as case-service lays it out (its owner runs the migrations), and its keys as
     * case-service holds them, as the runtime role, uncached.
     */
    public static JdbcDataKeys keysIn(TestDatabase database, String kek) {
        Flyway.configure()
                .dataSource(database.jdbcUrl(), database.ownerRole(), database.ownerPassword())
                .locations("classpath:db/personal-data", "classpath:db/roles")
                .placeholders(Map.of("runtime_role", database.runtimeRole()))
                .load()
                .migrate();
        return new JdbcDataKeys(database.runtimeDataSource(), KeyEncryptionKeys.parse(kek), Duration.ZERO,
                Clock.systemUTC());
    }

    /** Where a consumer asks: {@code caseledger.personal-data.keys-from}. */
    public String url() {
        return "http://localhost:" + port;
    }

    /** Makes the subject's key, as case-service does when it first seals one of the subject's values. */
    public void keyFor(String subject) {
        keys.sealing(subject);
    }

    public void erase(String subject) {
        keys.erase(subject, "erased by a test");
    }

    /** The holder's keys as case-service seals with them: a subject's key is made when its first value is sealed. */
    public DataKeys keys() {
        return keys;
    }

    /** The subject's key as the holder has it: what opens what a service sealed with it. */
    public DataKey key(String subject) {
        return keys.opening(subject);
    }

    /** Whether a request for keys that carried a token has named the subject. */
    public boolean askedFor(String subject) {
        return asked.contains(subject);
    }

    /** How many requests for keys it has had, each naming one subject or many. */
    public int requests() {
        return requests.get();
    }

    /** Stops answering: a connection is refused until {@link #start()}. */
    public synchronized void stop() {
        server.stop(0);
    }

    public synchronized void start() {
        server = serve(port);
    }

    private HttpServer serve(int on) {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 0);
            started.createContext(PATH, this::answer);
            started.start();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot serve the test key channel on port " + on, e);
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.startsWith("Bearer ") || authorization.length() < 20) {
            send(exchange, 401, new byte[0]);
            return;
        }
        List<String> subjects = new ArrayList<>();
        if ("POST".equals(exchange.getRequestMethod())) {
            json.readTree(exchange.getRequestBody()).path("subjects").forEach(subject -> subjects.add(subject.asText()));
        }
        String query = exchange.getRequestURI().getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            if (pair.startsWith("subject=")) {
                subjects.add(URLDecoder.decode(pair.substring("subject=".length()), StandardCharsets.UTF_8));
            }
        }
        asked.addAll(subjects);
        ObjectNode body = json.createObjectNode();
        ArrayNode answer = body.putArray("keys");
        keys.keysOf(subjects).forEach((subject, key) -> {
            ObjectNode one = answer.addObject().put("subjectId", subject);
            if (key instanceof DataKey.Present present) {
                one.put("state", "PRESENT").put("key",
                        Base64.getEncoder().encodeToString(present.key().getEncoded()));
            } else {
                one.put("state", key instanceof DataKey.Erased ? "ERASED" : "UNKNOWN").putNull("key");
            }
        });
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        send(exchange, 200, json.writeValueAsBytes(body));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
