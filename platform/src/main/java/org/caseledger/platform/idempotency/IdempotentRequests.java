package org.caseledger.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.ErrorResponseException;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Makes a write safe to retry. The first request with a key claims it and stores its answer in the same database
 * transaction as its events; a retry with the same key and the same request gets that answer again and stores
 * nothing. A concurrent retry waits on the claim. A request that fails stores nothing, so it can be retried.
 * Must be called inside the transaction that also stores the events.
 */
public class IdempotentRequests {

    public static final String REPLAYED_HEADER = "Idempotency-Replayed";

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public IdempotentRequests(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public ResponseEntity<?> execute(Optional<String> key, String method, String path, Object request,
                                     Supplier<ResponseEntity<?>> write) {
        if (key.isEmpty()) {
            return write.get();
        }
        String fingerprint = fingerprint(method, path, request);
        int claimed = jdbc.sql("""
                        INSERT INTO idempotency_record (idempotency_key, request_fingerprint, created_at)
                        VALUES (:key, :fingerprint, now())
                        ON CONFLICT (idempotency_key) DO NOTHING
                        """)
                .param("key", key.get())
                .param("fingerprint", fingerprint)
                .update();
        if (claimed == 0) {
            return replay(key.get(), fingerprint);
        }
        ResponseEntity<?> response = write.get();
        jdbc.sql("""
                        UPDATE idempotency_record
                           SET status = :status, location = :location, etag = :etag, body = :body
                         WHERE idempotency_key = :key
                        """)
                .param("status", response.getStatusCode().value())
                .param("location", Optional.ofNullable(response.getHeaders().getLocation()).map(URI::toString).orElse(null))
                .param("etag", response.getHeaders().getETag())
                .param("body", write(response.getBody()))
                .param("key", key.get())
                .update();
        return response;
    }

    private ResponseEntity<?> replay(String key, String fingerprint) {
        StoredResponse stored = jdbc.sql("""
                        SELECT request_fingerprint, status, location, etag, body
                          FROM idempotency_record WHERE idempotency_key = :key
                        """)
                .param("key", key)
                .query((rs, n) -> new StoredResponse(rs.getString("request_fingerprint"), rs.getInt("status"),
                        rs.getString("location"), rs.getString("etag"), rs.getString("body")))
                .single();
        if (!stored.fingerprint().equals(fingerprint)) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                    "Idempotency-Key '" + key + "' was already used for a different request; use a new key for a new request");
            problem.setTitle("Idempotency key reused");
            throw new ErrorResponseException(HttpStatus.UNPROCESSABLE_ENTITY, problem, null);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.add(REPLAYED_HEADER, "true");
        if (stored.location() != null) {
            headers.setLocation(URI.create(stored.location()));
        }
        if (stored.etag() != null) {
            headers.setETag(stored.etag());
        }
        return new ResponseEntity<>(stored.body(), headers, HttpStatus.valueOf(stored.status()));
    }

    private String fingerprint(String method, String path, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint request", e);
        }
    }

    private String write(Object body) {
        try {
            return body == null ? null : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store response", e);
        }
    }

    private record StoredResponse(String fingerprint, int status, String location, String etag, String body) {
    }
}
