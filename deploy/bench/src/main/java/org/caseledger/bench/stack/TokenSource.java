package org.caseledger.bench.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where the bearer token for the services' APIs comes from, if anywhere: a token given in the environment, or a
 * command that prints one (such as {@code deploy/local/token operator}), run again before the token it printed
 * expires. Without one, requests carry no {@code Authorization} header, as the services expect before sign-in.
 * The expiry is read from the token's {@code exp} claim when it is a JWT; a token that is not is used as it is.
 */
public final class TokenSource {

    public static final String TOKEN_VARIABLE = "CASELEDGER_TOKEN";
    public static final String COMMAND_VARIABLE = "CASELEDGER_TOKEN_COMMAND";

    private static final Duration LONGEST_MARGIN = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fixedToken;
    private final String command;
    private final Clock clock;
    private final Supplier<String> supplier;
    private String token;
    private Instant refreshAt;

    private TokenSource(String fixedToken, String command, Clock clock) {
        this(fixedToken, command, clock, null);
    }

    private TokenSource(String fixedToken, String command, Clock clock, Supplier<String> supplier) {
        this.fixedToken = fixedToken;
        this.command = command;
        this.clock = clock;
        this.supplier = supplier;
        this.token = fixedToken;
    }

    /** A token asked of the supplier for every request, e.g. a test's issuer of short-lived tokens. */
    public static TokenSource supplied(Supplier<String> supplier) {
        return new TokenSource(null, null, Clock.systemUTC(), supplier);
    }

    public static TokenSource none() {
        return new TokenSource(null, null, Clock.systemUTC());
    }

    public static TokenSource fixed(String token) {
        return new TokenSource(token, null, Clock.systemUTC());
    }

    public static TokenSource command(String command, Clock clock) {
        return new TokenSource(null, command, clock);
    }

    /**
     * {@code --token} or {@code --token-command} first, then {@code $CASELEDGER_TOKEN}, then
     * {@code $CASELEDGER_TOKEN_COMMAND}: a token given as such is the one meant.
     */
    public static TokenSource of(Map<String, String> environment, String tokenOption, String commandOption) {
        if (blankToNull(tokenOption) != null) {
            return fixed(tokenOption.strip());
        }
        if (blankToNull(commandOption) != null) {
            return command(commandOption, Clock.systemUTC());
        }
        String token = blankToNull(environment.get(TOKEN_VARIABLE));
        if (token != null) {
            return fixed(token.strip());
        }
        String command = blankToNull(environment.get(COMMAND_VARIABLE));
        return command != null ? command(command, Clock.systemUTC()) : none();
    }

    /** The value of an {@code Authorization} header, or empty when requests go without one. */
    public synchronized Optional<String> authorization() {
        if (supplier != null) {
            return Optional.of("Bearer " + supplier.get());
        }
        if (fixedToken == null && command == null) {
            return Optional.empty();
        }
        if (command != null && (token == null || (refreshAt != null && !clock.instant().isBefore(refreshAt)))) {
            token = run(command);
            refreshAt = expiry(token).map(this::refreshTime).orElse(null);
        }
        return Optional.of("Bearer " + token);
    }

    public String describe() {
        if (supplier != null) {
            return "a bearer token for every request";
        }
        if (command != null) {
            return "a bearer token printed by: " + command + " (fetched again before it expires)";
        }
        if (fixedToken != null) {
            return "a fixed bearer token" + expiry(fixedToken).map(at -> ", valid until " + at).orElse("");
        }
        return "no token (no Authorization header)";
    }

    /** When a JWT expires, from its {@code exp} claim; empty for a token that is not a JWT or has no expiry. */
    static Optional<Instant> expiry(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
            JsonNode exp = claims.get("exp");
            return exp != null && exp.canConvertToLong() ? Optional.of(Instant.ofEpochSecond(exp.asLong())) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A fifth of the time left, at most a minute, before the expiry: a request never leaves with a stale token. */
    private Instant refreshTime(Instant expiresAt) {
        Duration left = Duration.between(clock.instant(), expiresAt);
        Duration margin = left.dividedBy(5);
        if (margin.compareTo(LONGEST_MARGIN) > 0) {
            margin = LONGEST_MARGIN;
        }
        return expiresAt.minus(margin);
    }

    private static String run(String command) {
        Path errors = null;
        try {
            errors = Files.createTempFile("caseledger-bench-token", ".err");
            Process process = new ProcessBuilder("sh", "-c", command)
                    .redirectError(errors.toFile())
                    .start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("The token command '" + command + "' did not finish within "
                        + COMMAND_TIMEOUT.toSeconds() + " s");
            }
            String printed = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0 || printed.isEmpty() || printed.contains("\n")) {
                String said = Files.readString(errors).strip();
                throw new IllegalStateException("The token command '" + command + "' exited with "
                        + process.exitValue() + " and printed " + (printed.isEmpty() ? "nothing"
                        : printed.contains("\n") ? "more than one line" : "a token")
                        + "; it must print one token and exit with 0" + (said.isEmpty() ? "" : ". It said: " + said));
            }
            return printed;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run the token command '" + command + "': " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running the token command", e);
        } finally {
            if (errors != null) {
                errors.toFile().delete();
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
