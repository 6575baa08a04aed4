package org.caseledger.bench.stack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class HttpTest {

    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/api/exports/events.jsonl", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            for (int line = 0; line < 3000; line++) {
                exchange.getResponseBody().write(("{\"sequence\":" + line + "}\n").getBytes(StandardCharsets.UTF_8));
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void sendsTheBearerTokenWithEveryKindOfRequest() throws Exception {
        Http http = new Http(TokenSource.of(Map.of(), "token-of-operator", null));

        assertThat(http.post(uri("/api/cases"), "{}").status()).isEqualTo(201);
        assertThat(http.get(uri("/api/cases/1")).status()).isEqualTo(200);
        assertThat(http.status(uri("/actuator/health"))).isEqualTo(200);

        assertThat(authorizations).containsExactly("Bearer token-of-operator", "Bearer token-of-operator",
                "Bearer token-of-operator");
    }

    @Test
    void countsTheLinesAndBytesOfAStreamedExportWithoutKeepingThem() throws Exception {
        Http.Download download = new Http(TokenSource.none()).download(uri("/api/exports/events.jsonl"));

        assertThat(download.status()).isEqualTo(200);
        assertThat(download.lines()).isEqualTo(3000);
        assertThat(download.bytes()).isEqualTo(10 * 15 + 90 * 16 + 900 * 17 + 2000 * 18);
        assertThat(download.firstByteNanos()).isPositive().isLessThanOrEqualTo(download.nanos());
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() throws Exception {
        new Http(TokenSource.none()).get(uri("/api/cases/1"));

        assertThat(authorizations).containsExactly("null");
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + server.getAddress().getPort() + path);
    }
}
