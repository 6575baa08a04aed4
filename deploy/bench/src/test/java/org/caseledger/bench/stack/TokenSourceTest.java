package org.caseledger.bench.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenSourceTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    @Test
    void sendsNoAuthorizationWhenNoTokenIsGiven() {
        assertThat(TokenSource.of(Map.of(), null, null).authorization()).isEmpty();
    }

    @Test
    void sendsTheTokenFromTheEnvironmentAsBearer() {
        TokenSource tokens = TokenSource.of(Map.of(TokenSource.TOKEN_VARIABLE, " opaque-token\n"), null, null);

        assertThat(tokens.authorization()).contains("Bearer opaque-token");
    }

    /** A token given as such is the one meant, over a command the environment names for the stack. */
    @Test
    void prefersAGivenTokenToATokenCommand() {
        Map<String, String> environment = Map.of(TokenSource.COMMAND_VARIABLE, "exit 1");

        assertThat(TokenSource.of(environment, "given-token", null).authorization()).contains("Bearer given-token");
        assertThat(TokenSource.of(Map.of(TokenSource.COMMAND_VARIABLE, "exit 1", TokenSource.TOKEN_VARIABLE,
                "environment-token"), null, null).authorization()).contains("Bearer environment-token");
    }

    @Test
    void fetchesTheTokenWithTheCommandTheEnvironmentNames() {
        TokenSource tokens = TokenSource.of(Map.of(TokenSource.COMMAND_VARIABLE, "echo from-command"), null, null);

        assertThat(tokens.authorization()).contains("Bearer from-command");
    }

    @Test
    void runsTheTokenCommandOnceWhileItsTokenIsFresh() throws Exception {
        MovingClock clock = new MovingClock(NOW);
        TokenSource tokens = TokenSource.command(countingCommand(jwtExpiringAt(NOW.plusSeconds(300))), clock);

        tokens.authorization();
        clock.advance(Duration.ofSeconds(200));
        tokens.authorization();

        assertThat(runs()).isEqualTo(1);
    }

    @Test
    void runsTheTokenCommandAgainBeforeItsTokenExpires() throws Exception {
        MovingClock clock = new MovingClock(NOW);
        String token = jwtExpiringAt(NOW.plusSeconds(300));
        TokenSource tokens = TokenSource.command(countingCommand(token), clock);

        assertThat(tokens.authorization()).contains("Bearer " + token);
        clock.advance(Duration.ofSeconds(250));
        tokens.authorization();

        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void refusesATokenCommandThatFails() {
        TokenSource tokens = TokenSource.command("echo no such user >&2; exit 3", Clock.systemUTC());

        assertThatThrownBy(tokens::authorization).hasMessageContaining("exited with 3")
                .hasMessageContaining("It said: no such user");
    }

    @Test
    void readsTheExpiryOfAJwtOnly() {
        assertThat(TokenSource.expiry(jwtExpiringAt(NOW))).contains(NOW);
        assertThat(TokenSource.expiry("opaque-token")).isEmpty();
    }

    private String countingCommand(String token) {
        Path count = directory.resolve("runs");
        return "echo run >> '" + count + "'; printf '%s\\n' '" + token + "'";
    }

    private long runs() throws Exception {
        return Files.readAllLines(directory.resolve("runs")).size();
    }

    private static String jwtExpiringAt(Instant expiry) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        return base64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + base64.encodeToString(("{\"sub\":\"operator\",\"exp\":" + expiry.getEpochSecond() + "}")
                .getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    private static final class MovingClock extends Clock {

        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
