package org.caseledger.bench.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The harness's HTTP client: HTTP/1.1 over kept-alive connections, with the token if there is one. It is the JDK's
 * blocking {@link HttpURLConnection}, which costs the harness less than half the CPU per request of the JDK's
 * newer {@code HttpClient} (measured here): on a machine of two cores, every millisecond the harness spends is
 * taken from the stack it measures.
 */
public final class Http {

    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(60).toMillis();
    private static final int CONNECT_TIMEOUT_MILLIS = (int) Duration.ofSeconds(10).toMillis();

    static {
        // Every client thread keeps its connection: the JDK keeps 5 per server unless told otherwise.
        System.setProperty("http.maxConnections", "256");
        // A POST is a command: sent again on its own after a broken connection, it would be recorded twice.
        System.setProperty("sun.net.http.retryPost", "false");
    }

    private final TokenSource tokens;

    public Http(TokenSource tokens) {
        this.tokens = tokens;
    }

    public Response post(URI uri, String json) throws IOException {
        return exchange(uri, json.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A write with an {@code Idempotency-Key}: sent again under the same key, it is recorded once. */
    public Response post(URI uri, String json, String idempotencyKey) throws IOException {
        return exchange(uri, json.getBytes(StandardCharsets.UTF_8), idempotencyKey);
    }

    public Response get(URI uri) throws IOException {
        return exchange(uri, null, null);
    }

    /** Only the status: the body is left unread and the connection closed, so probing a stream costs nothing. */
    public int status(URI uri) throws IOException {
        HttpURLConnection connection = open(uri);
        try {
            return connection.getResponseCode();
        } finally {
            connection.disconnect();
        }
    }

    private Response exchange(URI uri, byte[] json, String idempotencyKey) throws IOException {
        HttpURLConnection connection = open(uri);
        if (idempotencyKey != null) {
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
        }
        if (json != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "application/json");
            connection.setFixedLengthStreamingMode(json.length);
            try (OutputStream body = connection.getOutputStream()) {
                body.write(json);
            }
        }
        int status = connection.getResponseCode();
        // Read to the end and closed, the connection goes back to be used again.
        try (InputStream body = status >= 400 ? connection.getErrorStream() : connection.getInputStream()) {
            return new Response(status, body == null ? "" : new String(body.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private HttpURLConnection open(URI uri) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        connection.setUseCaches(false);
        tokens.authorization().ifPresent(value -> connection.setRequestProperty("Authorization", value));
        return connection;
    }

    public record Response(int status, String body) {
    }
}
