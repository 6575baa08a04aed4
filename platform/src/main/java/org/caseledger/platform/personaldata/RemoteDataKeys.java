package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * The data keys of a consumer that may show personal data: asked of the service that holds them ({@code POST
 * /api/internal/personal-data/keys}, the subjects in the body) as a service account, with a token of the OpenID Connect
 * issuer got by the client credentials grant. Keys are kept in memory only, never written anywhere; a subject's is
 * forgotten when its erasure is read, and a subject the holder reports erased or unknown opens to the placeholder. A
 * holder that does not answer fails the read ({@link DataKeysUnavailable}), so the consumer retries the record rather
 * than keeping a placeholder for good. A service that stores personal values it has no keys of its own for
 * (appeal-service) seals with the keys it fetches, but only with a key the holder reports present when it seals.
 *
 * <p>A consumer about to open a poll's records names their subjects first ({@link #openingSoon}): the keys it does not
 * hold are asked for together, up to {@value DataKeyController#MOST_SUBJECTS_POSTED} a request, rather than one
 * request per subject as each value is opened. A holder of an earlier version takes no body there (it answers 405): it
 * is then asked by {@code GET}, the subjects in the query, as many as a request line holds, from then on.
 *
 * <p>The memory holds at most {@code keysHeld} keys ({@link KeyMemory}); a key forgotten is asked of the holder again
 * when next used. A consumer's bound is higher than the holder's own: each key it forgets costs a request to the
 * holder, where the holder reads its own table.
 */
public class RemoteDataKeys implements DataKeys {

    private record Token(String value, Instant until) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final URI keysEndpoint;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final Clock clock;
    private final KeyMemory known;
    /** The subjects whose keys are being asked for, with the answer the others who want them wait for. */
    private final Map<String, CompletableFuture<DataKey>> asking = new ConcurrentHashMap<>();
    private volatile Token token;
    /** Whether the holder takes the subjects in a body; false once it answered a POST 405 (an earlier version). */
    private volatile boolean posting = true;

    /** How many keys a consumer holds in memory unless told otherwise. */
    public static final int DEFAULT_KEYS_HELD = 100_000;
    /**
     * The longest query a request to a holder that takes no body carries, so that its request line stays well within
     * the 8 KiB a server takes for it and its headers by default (about 85 subjects named by UUID).
     */
    static final int LONGEST_QUERY = 4_000;

    public RemoteDataKeys(URI holder, URI tokenEndpoint, String clientId, String clientSecret, Clock clock) {
        this(holder, tokenEndpoint, clientId, clientSecret, clock, DEFAULT_KEYS_HELD);
    }

    public RemoteDataKeys(URI holder, URI tokenEndpoint, String clientId, String clientSecret, Clock clock,
                          int keysHeld) {
        this.known = new KeyMemory(keysHeld, clock);
        this.keysEndpoint = holder.resolve("/api/internal/personal-data/keys");
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.clock = clock;
    }

    /**
     * From memory, else asked of the holder once for all who want it at the same time: a service's consumers read a
     * new subject's first event at nearly the same moment, and each would otherwise ask for its key.
     */
    @Override
    public DataKey opening(String subject) {
        DataKey key = known.get(subject);
        if (key != null) {
            return key;
        }
        CompletableFuture<DataKey> mine = new CompletableFuture<>();
        CompletableFuture<DataKey> asked = asking.putIfAbsent(subject, mine);
        if (asked != null) {
            return answerTo(asked, subject);
        }
        try {
            // Another thread may have got it between the first look and this one's turn.
            DataKey got = known.get(subject);
            DataKey fetched = got != null ? got : fetch(subject);
            if (got == null) {
                hold(subject, fetched);
            }
            mine.complete(fetched);
            return fetched;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            asking.remove(subject, mine);
        }
    }

    /** The answer another thread is getting; its failure is this thread's too, to be retried as the reader retries. */
    private static DataKey answerTo(CompletableFuture<DataKey> asked, String subject) {
        try {
            return asked.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Asking for the data key of subject " + subject + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the data key of subject " + subject, e);
        }
    }

    /**
     * The keys of these subjects that are neither held nor being asked for now are asked for together, and held. One
     * that opens a value of them meanwhile waits for this answer, as for another reader's. A holder that does not
     * answer fails this as it would fail the opening. An id the holder would refuse is left out, for the opening of
     * its value to ask for alone, so that one such id fails no other subject's request.
     */
    @Override
    public void openingSoon(Collection<String> subjects) {
        Map<String, CompletableFuture<DataKey>> mine = new LinkedHashMap<>();
        for (String subject : subjects) {
            if (DataKeyController.takes(subject) && !mine.containsKey(subject) && known.get(subject) == null) {
                CompletableFuture<DataKey> answer = new CompletableFuture<>();
                if (asking.putIfAbsent(subject, answer) == null) {
                    mine.put(subject, answer);
                }
            }
        }
        try {
            for (List<String> request : chunks(List.copyOf(mine.keySet()), DataKeyController.MOST_SUBJECTS_POSTED)) {
                Map<String, DataKey> fetched = fetch(request);
                for (String subject : request) {
                    DataKey key = fetched.getOrDefault(subject, DataKey.UNKNOWN);
                    hold(subject, key);
                    mine.get(subject).complete(key);
                }
            }
        } catch (RuntimeException e) {
            mine.values().forEach(answer -> answer.completeExceptionally(e));
            throw e;
        } finally {
            mine.forEach(asking::remove);
        }
    }

    /** The subjects in their order, split into lists of at most {@code most}. */
    private static List<List<String>> chunks(List<String> subjects, int most) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < subjects.size(); from += most) {
            chunks.add(subjects.subList(from, Math.min(subjects.size(), from + most)));
        }
        return chunks;
    }

    /** The subjects split into queries a holder that takes no body takes, in their order. */
    private static List<List<String>> queries(Collection<String> subjects) {
        List<List<String>> requests = new ArrayList<>();
        List<String> request = new ArrayList<>();
        int length = 0;
        for (String subject : subjects) {
            int more = query(subject).length() + 1;
            if (!request.isEmpty() && (request.size() == DataKeyController.MOST_SUBJECTS || length + more > LONGEST_QUERY)) {
                requests.add(request);
                request = new ArrayList<>();
                length = 0;
            }
            request.add(subject);
            length += more;
        }
        if (!request.isEmpty()) {
            requests.add(request);
        }
        return requests;
    }

    private static String query(String subject) {
        return "subject=" + URLEncoder.encode(subject, StandardCharsets.UTF_8);
    }

    /**
     * Asked of the holder every time, never answered from memory: a value is sealed only with a key the holder reports
     * present at that moment, and a subject erased since is stored as the placeholder. A subject the holder has no key
     * for is answered {@link DataKey#UNKNOWN}: only the holder makes keys.
     */
    @Override
    public DataKey sealing(String subject) {
        DataKey fetched = fetch(subject);
        hold(subject, fetched);
        return fetched;
    }

    @Override
    public void erased(String subject) {
        known.put(subject, DataKey.ERASED, Instant.MAX);
    }

    /**
     * Keeps a key the holder answered; an unknown subject is asked again, since only the holder makes keys. An answer
     * that comes after the subject's erasure was read (asked for by one of the service's consumers while another read
     * the erasure) leaves the erasure held: a subject erased is erased for good.
     */
    private void hold(String subject, DataKey key) {
        if (!(key instanceof DataKey.Unknown)) {
            known.put(subject, key, Instant.MAX);
        }
    }

    private DataKey fetch(String subject) {
        return fetch(List.of(subject)).getOrDefault(subject, DataKey.UNKNOWN);
    }

    /**
     * The keys the holder reports for these subjects (at most {@value DataKeyController#MOST_SUBJECTS_POSTED}), in one
     * request, or in as many as their queries take from a holder that takes no body; a subject it does not name is
     * unknown.
     */
    private Map<String, DataKey> fetch(List<String> subjects) {
        String what = subjects.size() == 1 ? "the data key of subject " + subjects.get(0)
                : "the data keys of " + subjects.size() + " subjects";
        if (posting) {
            HttpResponse<byte[]> response = send(request(keysEndpoint)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body(subjects))).build(), what);
            if (response.statusCode() != 405) {
                return keysIn(answer(response, what), subjects);
            }
            posting = false;
        }
        Map<String, DataKey> keys = new HashMap<>();
        for (List<String> query : queries(subjects)) {
            String line = query.stream().map(RemoteDataKeys::query).collect(Collectors.joining("&"));
            HttpRequest request = request(URI.create(keysEndpoint + "?" + line)).GET().build();
            keys.putAll(keysIn(answer(send(request, what), what), query));
        }
        return keys;
    }

    private HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + token())
                .header("Accept", "application/json")
                .timeout(Duration.ofSeconds(10));
    }

    private byte[] body(List<String> subjects) {
        try {
            return json.writeValueAsBytes(Map.of("subjects", subjects));
        } catch (IOException e) {
            throw new IllegalStateException("Subject ids cannot be written as JSON", e);
        }
    }

    /** The keys an answer names of the subjects asked for; others it names are not taken. */
    private static Map<String, DataKey> keysIn(JsonNode answer, List<String> subjects) {
        Set<String> asked = new HashSet<>(subjects);
        Map<String, DataKey> keys = new HashMap<>();
        for (JsonNode key : answer.path("keys")) {
            String subject = key.path("subjectId").asText();
            if (asked.contains(subject)) {
                keys.put(subject, switch (key.path("state").asText()) {
                    case "PRESENT" -> DataKey.Present.of(Base64.getDecoder().decode(key.path("key").asText()));
                    case "ERASED" -> DataKey.ERASED;
                    default -> DataKey.UNKNOWN;
                });
            }
        }
        return keys;
    }

    private String token() {
        Token current = token;
        if (current != null && current.until().isAfter(clock.instant())) {
            return current.value();
        }
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
        String what = "a token for client " + clientId;
        JsonNode answer = answer(send(HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), what), what);
        long lives = answer.path("expires_in").asLong(60);
        // Renewed a little before it expires, so that a request never carries one that runs out on the way.
        token = new Token(answer.path("access_token").asText(),
                clock.instant().plusSeconds(Math.max(0, lives - 30)));
        return token.value();
    }

    private JsonNode answer(HttpResponse<byte[]> response, String what) {
        URI uri = response.request().uri();
        if (response.statusCode() != 200) {
            throw new DataKeysUnavailable("Asking " + uri.getHost() + ":" + uri.getPort() + " for " + what
                    + " was answered " + response.statusCode(), null);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new DataKeysUnavailable("Asking " + uri.getHost() + ":" + uri.getPort() + " for " + what
                    + " was answered with what is not JSON: " + e.getMessage(), e);
        }
    }

    private HttpResponse<byte[]> send(HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DataKeysUnavailable("Cannot ask " + request.uri().getHost() + ":" + request.uri().getPort()
                    + " for " + what + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking for " + what, e);
        }
    }
}
