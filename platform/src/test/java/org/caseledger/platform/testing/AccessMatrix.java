package org.caseledger.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.caseledger.platform.security.Role;
import org.springframework.http.HttpMethod;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Calls every operation of a running service with every kind of token (none, expired, badly signed, from another
 * issuer, for another audience, with no role of this system, and each of the four roles) and checks the answer:
 * 401 with {@code WWW-Authenticate: Bearer} for a token that is no good, 403 for a role below the operation's, neither
 * for a role that may call it, each refusal a problem. Answers below ADMIN must not contain any of the given marker
 * strings; ADMIN's answers together must contain every one, so that the check can fail. Health and its probes
 * answer without a token.
 */
public final class AccessMatrix {

    /** One operation: its path template as the API description names it, and a request to it. */
    public record Endpoint(HttpMethod method, String template, String path, Role lowest) {

        public static Endpoint get(String template, String path, Role lowest) {
            return new Endpoint(HttpMethod.GET, template, path, lowest);
        }

        public static Endpoint post(String template, String path, Role lowest) {
            return new Endpoint(HttpMethod.POST, template, path, lowest);
        }

        public static Endpoint delete(String template, String path, Role lowest) {
            return new Endpoint(HttpMethod.DELETE, template, path, lowest);
        }

        String operation() {
            return method.name() + " " + template;
        }
    }

    /** How many requests were sent and how many checks were made of their answers. */
    public record Size(int endpoints, int requests, int checks) {
    }

    private enum Credential {
        NONE(tokens -> null, true),
        EXPIRED(tokens -> tokens.expired(Role.ADMIN), true),
        BAD_SIGNATURE(tokens -> tokens.badlySigned(Role.ADMIN), true),
        OTHER_ISSUER(tokens -> tokens.fromOtherIssuer(Role.ADMIN), true),
        OTHER_AUDIENCE(tokens -> tokens.forOtherAudience(Role.ADMIN), true),
        NO_ROLE_OF_OURS(tokens -> tokens.token("someone", List.of("default-roles-caseledger", "offline_access")),
                false),
        VIEWER(tokens -> tokens.token(Role.VIEWER), false),
        ANALYST(tokens -> tokens.token(Role.ANALYST), false),
        OPERATOR(tokens -> tokens.token(Role.OPERATOR), false),
        ADMIN(tokens -> tokens.token(Role.ADMIN), false),
        SERVICE_ACCOUNT(tokens -> tokens.token("service-account-caseledger-personal-data",
                List.of(Role.PERSONAL_DATA_KEYS.name())), false);

        final Function<TestTokens, String> token;
        final boolean unauthenticated;

        Credential(Function<TestTokens, String> token, boolean unauthenticated) {
            this.token = token;
            this.unauthenticated = unauthenticated;
        }

        Role role() {
            return switch (this) {
                case VIEWER -> Role.VIEWER;
                case ANALYST -> Role.ANALYST;
                case OPERATOR -> Role.OPERATOR;
                case ADMIN -> Role.ADMIN;
                case SERVICE_ACCOUNT -> Role.PERSONAL_DATA_KEYS;
                default -> null;
            };
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String baseUrl;
    private final String managementUrl;

    /**
     * @param port           the service's API port
     * @param managementPort its management server's port, where health (and the figures) answer without a token
     */
    public AccessMatrix(int port, int managementPort) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.managementUrl = "http://127.0.0.1:" + managementPort;
    }

    /** Every operation the service describes at /v3/api-docs, as "METHOD /path/{template}". */
    public Set<String> describedOperations() {
        HttpResponse<String> api = send(HttpMethod.GET, "/v3/api-docs", TestTokens.get().token(Role.VIEWER));
        Set<String> operations = new TreeSet<>();
        try {
            JsonNode paths = JSON.readTree(api.body()).get("paths");
            for (Iterator<Map.Entry<String, JsonNode>> path = paths.fields(); path.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = path.next();
                entry.getValue().fieldNames().forEachRemaining(method ->
                        operations.add(method.toUpperCase() + " " + entry.getKey()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return operations;
    }

    /**
     * Runs the matrix, asserting softly so that one run lists every wrong answer, and writes its size to
     * {@code target/access-matrix-<name>.txt}.
     */
    public Size check(String name, List<Endpoint> endpoints, Set<String> markers) {
        SoftAssertions softly = new SoftAssertions();
        Set<String> operations = new TreeSet<>();
        endpoints.forEach(endpoint -> operations.add(endpoint.operation()));
        softly.assertThat(operations).as("the matrix covers every described operation, and only those")
                .isEqualTo(describedOperations());
        int requests = 0;
        int checks = 1;
        for (String health : List.of("/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness")) {
            softly.assertThat(send(managementUrl, HttpMethod.GET, health, null).statusCode())
                    .as("GET " + health + " on the management port without a token").isEqualTo(200);
            requests++;
            checks++;
        }
        for (String actuator : List.of("/actuator/health", "/actuator/prometheus")) {
            softly.assertThat(send(HttpMethod.GET, actuator, null).statusCode())
                    .as("GET " + actuator + " on the API port without a token").isNotEqualTo(200);
            requests++;
            checks++;
        }
        StringBuilder seenByAdmin = new StringBuilder();
        for (Endpoint endpoint : endpoints) {
            for (Credential credential : Credential.values()) {
                String token = credential.token.apply(TestTokens.get());
                HttpResponse<String> answer = send(endpoint.method(), endpoint.path(), token);
                requests++;
                String what = credential + " " + endpoint.operation();
                Role role = credential.role();
                if (credential.unauthenticated) {
                    softly.assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(401);
                    softly.assertThat(answer.headers().firstValue("WWW-Authenticate")).as(what)
                            .hasValueSatisfying(value -> softly.assertThat(value).startsWith("Bearer"));
                    softly.assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("application/problem+json");
                    checks += 3;
                } else if (role == null || !role.includes(endpoint.lowest())) {
                    softly.assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(403);
                    softly.assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                            .startsWith("application/problem+json");
                    softly.assertThat(answer.body()).as(what).contains(endpoint.lowest().name());
                    checks += 3;
                } else {
                    softly.assertThat(answer.statusCode()).as(what + ": " + answer.body()).isNotIn(401, 403);
                    checks++;
                }
                if (role == Role.ADMIN) {
                    seenByAdmin.append(answer.body());
                } else {
                    for (String marker : markers) {
                        softly.assertThat(answer.body()).as(what + " shows no personal data above its role")
                                .doesNotContain(marker);
                        checks++;
                    }
                }
            }
        }
        for (String marker : markers) {
            softly.assertThat(seenByAdmin.toString()).as("an admin sees " + marker).contains(marker);
            checks++;
        }
        softly.assertAll();
        Size size = new Size(endpoints.size(), requests, checks);
        try {
            Files.writeString(Path.of("target", "access-matrix-" + name + ".txt"), "endpoints " + size.endpoints()
                    + " x credentials " + Credential.values().length + " = requests " + size.requests() + ", checks "
                    + size.checks() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return size;
    }

    private HttpResponse<String> send(HttpMethod method, String path, String token) {
        return send(baseUrl, method, path, token);
    }

    private HttpResponse<String> send(String server, HttpMethod method, String path, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server + path))
                .header("Content-Type", "application/json")
                .method(method.name(), method == HttpMethod.POST
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
