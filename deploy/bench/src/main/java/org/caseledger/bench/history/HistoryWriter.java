package org.caseledger.bench.history;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.bench.stack.Http;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Records generated histories through the services' own APIs, as operators' clients would: every fact through
 * case-service, which decides what it accepts and derives each case's status by its rules, every appeal through
 * appeal-service, which schedules and records the silences. A person's requests go in their order, from one client;
 * people are recorded by several clients at once. The people given to one {@link #write} are recorded in three
 * rounds: their cases and facts, then their appeals (appeal-service learns the cases from the topic, so an appeal
 * for a case it has not heard of yet is sent again until it has), then the merges of duplicates, after the appeals
 * a family made for the duplicate.
 *
 * <p>Every request carries an {@code Idempotency-Key}. A server error is sent again under the same key, as a careful
 * client would (the services record it once); any other answer but {@code 201} stops the writing: the generator
 * makes nothing the services should refuse.
 */
public final class HistoryWriter implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration APPEAL_PATIENCE = Duration.ofMinutes(3);
    private static final int ATTEMPTS_AFTER_SERVER_ERROR = 3;
    private static final Set<Step.Kind> CASE_ROUND = EnumSet.of(Step.Kind.OPEN, Step.Kind.FACT, Step.Kind.CORRECTION);
    private static final Set<Step.Kind> APPEAL_ROUND = EnumSet.of(Step.Kind.APPEAL, Step.Kind.APPEAL_FACT);
    private static final Set<Step.Kind> MERGE_ROUND = EnumSet.of(Step.Kind.MERGE);

    private final Http operator;
    private final Http admin;
    private final Function<String, URI> caseService;
    private final Function<String, URI> appealService;
    private final ExecutorService clients;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();

    /**
     * @param operator      the client of an operator, who records facts and appeals
     * @param admin         the client of an administrator, who merges duplicates
     * @param caseService   the address of a path of case-service's API
     * @param appealService the address of a path of appeal-service's API
     * @param clients       how many people are recorded at once
     */
    public HistoryWriter(Http operator, Http admin, Function<String, URI> caseService,
                         Function<String, URI> appealService, int clients) {
        this.operator = operator;
        this.admin = admin;
        this.caseService = caseService;
        this.appealService = appealService;
        this.clients = Executors.newFixedThreadPool(clients);
    }

    /** Records these people's histories; answers the case ids each was given, the duplicate's second. */
    public List<List<String>> write(List<PersonHistory> people) throws InterruptedException {
        List<Recording> recordings = people.stream().map(Recording::new).toList();
        for (Set<Step.Kind> round : List.of(CASE_ROUND, APPEAL_ROUND, MERGE_ROUND)) {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (Recording recording : recordings) {
                tasks.add(() -> {
                    recording.send(round);
                    return null;
                });
            }
            for (Future<Void> done : clients.invokeAll(tasks)) {
                try {
                    done.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("A generated request was not recorded", e.getCause());
                }
            }
        }
        return recordings.stream().map(recording -> List.copyOf(recording.caseIds.values())).toList();
    }

    /** Requests answered {@code 201} so far. */
    public long requests() {
        return requests.get();
    }

    /** Appeals sent again because appeal-service had not heard of their case yet. */
    public long retries() {
        return retries.get();
    }

    /** Requests answered with a server error and sent again under their key. */
    public long serverErrors() {
        return serverErrors.get();
    }

    @Override
    public void close() {
        clients.shutdownNow();
    }

    /** One person's history being recorded, with the ids the services gave to what it recorded. */
    private final class Recording {

        private final PersonHistory history;
        private final Map<Integer, String> caseIds = new LinkedHashMap<>();
        private final Map<String, String> eventIds = new HashMap<>();
        private final Map<String, String> appealIds = new HashMap<>();

        Recording(PersonHistory history) {
            this.history = history;
        }

        void send(Set<Step.Kind> round) throws IOException, InterruptedException {
            for (Step step : history.steps()) {
                if (round.contains(step.kind())) {
                    send(step);
                }
            }
        }

        private void send(Step step) throws IOException, InterruptedException {
            Map<String, Object> body = new LinkedHashMap<>(step.body());
            JsonNode answer = switch (step.kind()) {
                case OPEN -> post(operator, caseService.apply("/api/cases"), body, step);
                case FACT -> post(operator, caseService.apply(caseOf(step) + step.path()), body, step);
                case CORRECTION -> {
                    body.put("retractedEventId", eventIds.get(step.refers()));
                    yield post(operator, caseService.apply(caseOf(step) + step.path()), body, step);
                }
                case APPEAL -> {
                    body.put("caseId", caseIds.get(step.caseIndex()));
                    yield appeal(body, step);
                }
                case APPEAL_FACT -> post(operator,
                        appealService.apply("/api/appeals/" + appealIds.get(step.refers()) + step.path()), body, step);
                case MERGE -> {
                    body.put("intoCaseId", caseIds.get(0));
                    yield post(admin, caseService.apply(caseOf(step) + step.path()), body, step);
                }
            };
            if (step.kind() == Step.Kind.OPEN) {
                caseIds.put(step.caseIndex(), answer.get("caseId").asText());
            }
            if (step.kind() == Step.Kind.APPEAL) {
                appealIds.put(step.tag(), answer.get("appealId").asText());
            } else if (step.tag() != null) {
                eventIds.put(step.tag(), answer.get("eventId").asText());
            }
        }

        private String caseOf(Step step) {
            return "/api/cases/" + caseIds.get(step.caseIndex());
        }

        /** Filed once appeal-service knows the case, which it learns from the topic a moment after it was opened. */
        private JsonNode appeal(Map<String, Object> body, Step step) throws IOException, InterruptedException {
            long giveUpAt = System.nanoTime() + APPEAL_PATIENCE.toNanos();
            while (true) {
                Http.Response response = sent(operator, appealService.apply("/api/appeals"), body);
                if (response.status() != 422 || System.nanoTime() > giveUpAt) {
                    return accepted(response, body, step);
                }
                retries.incrementAndGet();
                Thread.sleep(200);
            }
        }

        private JsonNode post(Http http, URI uri, Map<String, Object> body, Step step)
                throws IOException, InterruptedException {
            return accepted(sent(http, uri, body), body, step);
        }

        private Http.Response sent(Http http, URI uri, Map<String, Object> body)
                throws IOException, InterruptedException {
            String key = UUID.randomUUID().toString();
            Http.Response response = http.post(uri, json(body), key);
            for (int attempt = 1; response.status() >= 500 && attempt < ATTEMPTS_AFTER_SERVER_ERROR; attempt++) {
                serverErrors.incrementAndGet();
                Thread.sleep(500);
                response = http.post(uri, json(body), key);
            }
            return response;
        }

        private JsonNode accepted(Http.Response response, Map<String, Object> body, Step step) throws IOException {
            if (response.status() != 201) {
                throw new IllegalStateException("Person " + history.number() + ", " + step.kind() + " " + step.path()
                        + " " + json(body) + " was answered " + response.status() + ": " + response.body());
            }
            requests.incrementAndGet();
            return JSON.readTree(response.body());
        }
    }

    private static String json(Map<String, Object> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
