package org.caseledger.platform.security;

import org.caseledger.platform.testing.MovingClock;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RememberedTokensTest {

    private static final Instant SIGNED_IN = Instant.parse("2026-03-01T09:00:00Z");

    private final MovingClock clock = new MovingClock(SIGNED_IN);
    private final RecordingDecoder issuer = new RecordingDecoder();

    @Test
    void canTakeATokenAgainWithoutDecodingItUntilItExpires() {
        issuer.accepts("operator-token", SIGNED_IN.plus(Duration.ofMinutes(2)));
        RememberedTokens tokens = new RememberedTokens(issuer, 10, Duration.ofMinutes(5), clock);

        Jwt first = tokens.decode("operator-token");
        clock.set(SIGNED_IN.plus(Duration.ofSeconds(119)));
        Jwt again = tokens.decode("operator-token");
        clock.set(SIGNED_IN.plus(Duration.ofMinutes(2)));
        tokens.decode("operator-token");

        assertThat(again).isSameAs(first);
        assertThat(issuer.decoded).containsExactly("operator-token", "operator-token");
    }

    @Test
    void decodesALongLivedTokenAgainOnceTheIssuersKeysWouldBeFetchedAgain() {
        issuer.accepts("operator-token", SIGNED_IN.plus(Duration.ofHours(10)));
        RememberedTokens tokens = new RememberedTokens(issuer, 10, Duration.ofMinutes(5), clock);

        tokens.decode("operator-token");
        clock.set(SIGNED_IN.plus(Duration.ofMinutes(5)));
        tokens.decode("operator-token");

        assertThat(issuer.decoded).containsExactly("operator-token", "operator-token");
    }

    @Test
    void decodesARefusedTokenEveryTime() {
        RememberedTokens tokens = new RememberedTokens(issuer, 10, Duration.ofMinutes(5), clock);

        assertThatThrownBy(() -> tokens.decode("forged-token")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged-token")).isInstanceOf(BadJwtException.class);

        assertThat(issuer.decoded).containsExactly("forged-token", "forged-token");
    }

    @Test
    void keepsNoMoreTokensThanItMay() {
        issuer.accepts("viewer-token", SIGNED_IN.plus(Duration.ofMinutes(2)));
        issuer.accepts("analyst-token", SIGNED_IN.plus(Duration.ofMinutes(2)));
        issuer.accepts("operator-token", SIGNED_IN.plus(Duration.ofMinutes(2)));
        RememberedTokens tokens = new RememberedTokens(issuer, 2, Duration.ofMinutes(5), clock);

        tokens.decode("viewer-token");
        tokens.decode("analyst-token");
        tokens.decode("operator-token");
        tokens.decode("viewer-token");

        assertThat(issuer.decoded).containsExactly("viewer-token", "analyst-token", "operator-token", "viewer-token");
    }

    /** The issuer's decoder as far as these tests need it: the tokens it accepts, and every token it was given. */
    private static final class RecordingDecoder implements JwtDecoder {

        final List<String> decoded = new ArrayList<>();
        private final List<Jwt> valid = new ArrayList<>();

        void accepts(String token, Instant expiresAt) {
            valid.add(Jwt.withTokenValue(token).header("alg", "RS256").subject(token).issuedAt(SIGNED_IN)
                    .expiresAt(expiresAt).build());
        }

        @Override
        public Jwt decode(String token) {
            decoded.add(token);
            return valid.stream().filter(jwt -> jwt.getTokenValue().equals(token)).findFirst()
                    .orElseThrow(() -> new BadJwtException("not signed by the issuer"));
        }
    }
}
