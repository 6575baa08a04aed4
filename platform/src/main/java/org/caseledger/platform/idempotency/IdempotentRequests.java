package org.caseledger.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Makes a write safe to retry. The first request with a key claims it, and its outcome is stored with the key in
 * the same database transaction as its events; a retry with the same key and the same request gets that outcome
 * back and stores nothing. A concurrent retry waits on the claim until the first request commits or rolls back. A
 * request that fails stores nothing, so it can be retried. Must be called inside the transaction that also stores
 * the events.
 */
public class IdempotentRequests {

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    public IdempotentRequests(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Claims the key for this request, or answers the outcome stored for it by an earlier request.
     *
     * @param requestLine method and path the key was sent with: the same body sent elsewhere is another request
     * @return empty when the key is claimed now and the write is to be done; the stored outcome when it was done
     * @throws IdempotencyKeyReused when the key was used for a different request
     */
    public Optional<String> claim(String key, String requestLine, Object request) {
        String fingerprint = fingerprint(requestLine, request);
        int claimed = jdbc.sql("""
                        INSERT INTO idempotency_record (idempotency_key, request_fingerprint, created_at)
                        VALUES (:key, :fingerprint, now())
                        ON CONFLICT (idempotency_key) DO NOTHING
                        """)
                .param("key", key)
                .param("fingerprint", fingerprint)
                .update();
        if (claimed == 1) {
            return Optional.empty();
        }
        Claim stored = jdbc.sql("SELECT request_fingerprint, outcome FROM idempotency_record WHERE idempotency_key = :key")
                .param("key", key)
                .query((rs, n) -> new Claim(rs.getString("request_fingerprint"), rs.getString("outcome")))
                .single();
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReused("Idempotency-Key '" + key
                    + "' was already used for a different request; use a new key for a new request");
        }
        if (stored.outcome() == null) {
            throw new IdempotencyKeyReused("Idempotency-Key '" + key + "' was used by a request recorded before this "
                    + "version of the service, whose answer cannot be given again; that request was recorded, and "
                    + "nothing new was stored");
        }
        return Optional.of(stored.outcome());
    }

    /** Stores the outcome of the request that claimed the key, in the transaction that stores its events. */
    public void store(String key, String outcome) {
        jdbc.sql("UPDATE idempotency_record SET outcome = :outcome WHERE idempotency_key = :key")
                .param("outcome", outcome)
                .param("key", key)
                .update();
    }

    private String fingerprint(String requestLine, Object request) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((requestLine + "\n").getBytes(StandardCharsets.UTF_8));
            sha256.update(json.writeValueAsBytes(request));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("Cannot fingerprint request", e);
        }
    }

    private record Claim(String fingerprint, String outcome) {
    }
}
