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
    /** An upload is answered once every row is recorded, and an export streams the whole ledger: minutes, not one. */
    private static final int BULK_TIMEOUT_MILLIS = (int) Duration.ofMinutes(10).toMillis();
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

    /** A file sent as the body, e.g. a CSV import, answered as JSON. */
    public Response post(URI uri, byte[] body, String contentType) throws IOException {
        return exchange(uri, body, contentType, null, BULK_TIMEOUT_MILLIS);
    }

    /**
     * A GET whose body is read as it arrives and only counted, never kept: an export of the whole ledger would not
     * fit the harness's heap, and holding it would measure the harness.
     */
    public Download download(URI uri) throws IOException {
        long start = System.nanoTime();
        HttpURLConnection connection = open(uri);
        connection.setReadTimeout(BULK_TIMEOUT_MILLIS);
        int status = connection.getResponseCode();
        if (status >= 400) {
            try (InputStream error = connection.getErrorStream()) {
                String body = error == null ? "" : new String(error.readAllBytes(), StandardCharsets.UTF_8);
                return new Download(status, 0, 0, -1, System.nanoTime() - start, body);
            }
        }
        long bytes = 0;
        long lines = 0;
        long firstByte = -1;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream body = connection.getInputStream()) {
            for (int read = body.read(buffer); read >= 0; read = body.read(buffer)) {
                if (firstByte < 0 && read > 0) {
                    firstByte = System.nanoTime() - start;
                }
                bytes += read;
                for (int i = 0; i < read; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        return new Download(status, bytes, lines, firstByte, System.nanoTime() - start, "");
    }

    private Response exchange(URI uri, byte[] json, String idempotencyKey) throws IOException {
        return exchange(uri, json, "application/json", idempotencyKey, TIMEOUT_MILLIS);
    }

    private Response exchange(URI uri, byte[] content, String contentType, String idempotencyKey, int readTimeout)
            throws IOException {
        HttpURLConnection connection = open(uri);
        connection.setReadTimeout(readTimeout);
        if (idempotencyKey != null) {
            connection.setRequestProperty("Idempotency-Key", idempotencyKey);
        }
        if (content != null) {
            connection.setRequestMethod("POST");
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", contentType);
            if (!contentType.equals("application/json")) {
                // The import answers its summary as JSON, or as JSON Lines when asked; the summary is what is read.
                connection.setRequestProperty("Accept", "application/json");
            }
            connection.setFixedLengthStreamingMode(content.length);
            try (OutputStream body = connection.getOutputStream()) {
                body.write(content);
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

    /**
     * What a download brought, counted as it arrived.
     *
     * @param firstByteNanos from the request to the body's first byte; -1 when none came
     * @param error          the body of a refusal; empty otherwise
     */
    public record Download(int status, long bytes, long lines, long firstByteNanos, long nanos, String error) {
    }
}
