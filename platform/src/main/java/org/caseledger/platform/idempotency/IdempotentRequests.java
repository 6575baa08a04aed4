package org.caseledger.platform.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        Claimed claimed = claimAll(List.of(new Keyed(key, requestLine, request))).get(0);
        if (claimed.reused() != null) {
            throw claimed.reused();
        }
        return claimed.outcome();
    }

    /**
     * Claims the keys of a batch of writes, each for its own request, in one statement; {@link #claim} is a batch of
     * one. The keys used before are read in one more statement, and each answers as {@link #claim} would: with its
     * outcome, or with {@link IdempotencyKeyReused} for that write alone. A key claimed by a request still under way
     * waits until that request commits or rolls back.
     *
     * @return for each key, in the order given: empty when it is claimed now, the stored outcome when its write was
     * done, or the reason the key cannot be used for this request
     */
    public List<Claimed> claimAll(List<Keyed> writes) {
        List<String> keys = writes.stream().map(Keyed::key).toList();
        if (new HashSet<>(keys).size() != keys.size()) {
            throw new IllegalArgumentException("The writes of a batch each need a key of their own");
        }
        List<String> fingerprints = writes.stream().map(write -> fingerprint(write.requestLine(), write.request()))
                .toList();
        Set<String> claimed = new HashSet<>(jdbc.sql("""
                        INSERT INTO idempotency_record (idempotency_key, request_fingerprint, created_at)
                        SELECT key, fingerprint, now() FROM unnest(:keys, :fingerprints) AS given(key, fingerprint)
                        ON CONFLICT (idempotency_key) DO NOTHING
                        RETURNING idempotency_key
                        """)
                .param("keys", keys.toArray(String[]::new))
                .param("fingerprints", fingerprints.toArray(String[]::new))
                .query(String.class)
                .list());
        Map<String, Claim> earlier = new HashMap<>();
        List<String> usedBefore = keys.stream().filter(key -> !claimed.contains(key)).toList();
        if (!usedBefore.isEmpty()) {
            jdbc.sql("SELECT idempotency_key, request_fingerprint, outcome FROM idempotency_record "
                            + "WHERE idempotency_key = ANY(:keys)")
                    .param("keys", usedBefore.toArray(String[]::new))
                    .query(rs -> {
                        earlier.put(rs.getString("idempotency_key"),
                                new Claim(rs.getString("request_fingerprint"), rs.getString("outcome")));
                    });
        }
        List<Claimed> answers = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            if (claimed.contains(key)) {
                answers.add(Claimed.NOW);
                continue;
            }
            Claim stored = earlier.get(key);
            if (stored == null) {
                throw new IllegalStateException("Idempotency-Key '" + key + "' was given back while it was claimed; "
                        + "send the writes again");
            }
            try {
                answers.add(new Claimed(Optional.of(answer(key, fingerprints.get(i), stored)), null));
            } catch (IdempotencyKeyReused e) {
                answers.add(new Claimed(Optional.empty(), e));
            }
        }
        return answers;
    }

    /**
     * Stores the outcomes of writes whose keys {@link #claimAll} claimed, in one statement, and gives back the keys of
     * the writes that were not done, so that they can be sent again: what {@link #store} does for each, and the
     * rollback of a refused write's claim.
     */
    public void storeAll(Map<String, String> outcomes, Collection<String> notDone) {
        if (!outcomes.isEmpty()) {
            jdbc.sql("""
                            UPDATE idempotency_record SET outcome = given.outcome
                              FROM unnest(:keys, :outcomes) AS given(key, outcome)
                             WHERE idempotency_key = given.key
                            """)
                    .param("keys", outcomes.keySet().toArray(String[]::new))
                    .param("outcomes", outcomes.values().toArray(String[]::new))
                    .update();
        }
        if (!notDone.isEmpty()) {
            jdbc.sql("DELETE FROM idempotency_record WHERE idempotency_key = ANY(:keys)")
                    .param("keys", notDone.toArray(String[]::new))
                    .update();
        }
    }

    /** A key and the request it came with, as {@link #claim} takes them. */
    public record Keyed(String key, String requestLine, Object request) {
    }

    /**
     * What a key of a batch answered: claimed now (neither field), done before ({@code outcome}), or not to be used
     * for this request ({@code reused}).
     */
    public record Claimed(Optional<String> outcome, IdempotencyKeyReused reused) {
        static final Claimed NOW = new Claimed(Optional.empty(), null);

        public boolean now() {
            return outcome.isEmpty() && reused == null;
        }
    }

    private static String answer(String key, String fingerprint, Claim stored) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyKeyReused("Idempotency-Key '" + key
                    + "' was already used for a different request; use a new key for a new request");
        }
        if (stored.outcome() == null) {
            throw new IdempotencyKeyReused("Idempotency-Key '" + key + "' was used by a request recorded before this "
                    + "version of the service, whose answer cannot be given again; that request was recorded, and "
                    + "nothing new was stored");
        }
        return stored.outcome();
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
