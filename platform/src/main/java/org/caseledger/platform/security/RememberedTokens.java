package org.caseledger.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decodes a bearer token once, not at every request: a client sends the same token with every request until it
 * expires, and checking its signature and parsing its claims again was a tenth of case-service's CPU per command
 * (deploy/local/README.md, The benchmark). A token the issuer's decoder accepted is taken again, as the same string,
 * until it expires or for at most {@code remembered} after it was checked, whichever comes first: no longer than the
 * decoder itself keeps the issuer's signing keys, so a key the issuer withdrew stops counting as soon as it would
 * without this. A token it refused is not remembered, and every other token goes to the decoder.
 */
final class RememberedTokens implements JwtDecoder {

    /** How long Spring Security keeps an issuer's key set before it fetches it again. */
    static final Duration KEY_SET_LIFETIME = Duration.ofMinutes(5);

    private final JwtDecoder decoder;
    private final int capacity;
    private final Duration remembered;
    private final Clock clock;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    RememberedTokens(JwtDecoder decoder, int capacity, Duration remembered, Clock clock) {
        this.decoder = decoder;
        this.capacity = capacity;
        this.remembered = remembered;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Instant now = clock.instant();
        Accepted earlier = accepted.get(token);
        if (earlier != null && now.isBefore(earlier.until())) {
            return earlier.jwt();
        }
        Jwt jwt = decoder.decode(token);
        if (jwt.getExpiresAt() != null) {
            Instant until = now.plus(remembered);
            if (accepted.size() >= capacity) {
                // Tokens of that many clients at once are rare; forgetting them all is simpler than ordering them.
                accepted.clear();
            }
            accepted.put(token, new Accepted(jwt, jwt.getExpiresAt().isBefore(until) ? jwt.getExpiresAt() : until));
        }
        return jwt;
    }

    private record Accepted(Jwt jwt, Instant until) {
    }
}
