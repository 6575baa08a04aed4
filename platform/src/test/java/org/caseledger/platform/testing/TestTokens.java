package org.caseledger.platform.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.caseledger.platform.security.Role;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * An OpenID Connect issuer of the tests' own: a real HTTP server in the test JVM serving the discovery document and
 * the JWK set of a key made for this run, and tokens signed with that key. A service under test is configured with
 * this issuer's URI as it would be with Keycloak's, so it really fetches the keys and checks signature, issuer,
 * audience and expiry. The variants ({@link #expired}, {@link #badlySigned}, …) are tokens such a service must refuse.
 */
public final class TestTokens {

    public static final String AUDIENCE = "caseledger";

    private static TestTokens instance;

    private final RSAKey key;
    private final RSAKey impostor;
    private final String issuer;

    private TestTokens(RSAKey key, RSAKey impostor, String issuer) {
        this.key = key;
        this.impostor = impostor;
        this.issuer = issuer;
    }

    public static synchronized TestTokens get() {
        if (instance == null) {
            instance = start();
        }
        return instance;
    }

    /** The issuer URI, as {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}. */
    public String issuer() {
        return issuer;
    }

    /** A valid token of a user holding one role, named after the role in lower case (e.g. {@code operator}). */
    public String token(Role role) {
        return token(role.name().toLowerCase(), List.of(role.name()));
    }

    /** A valid token for this user with these names in its {@code roles} claim. */
    public String token(String user, List<String> roles) {
        return sign(key, claims(user, roles, issuer, AUDIENCE, Instant.now().plus(Duration.ofMinutes(5))));
    }

    /** Expired a minute and a half ago: beyond the minute of clock skew a service allows. */
    public String expired(Role role) {
        return sign(key, claims(role.name().toLowerCase(), List.of(role.name()), issuer, AUDIENCE,
                Instant.now().minus(Duration.ofSeconds(90))));
    }

    /** Signed by another key under the same key id: what a forger who knows the id but not the key would send. */
    public String badlySigned(Role role) {
        return sign(impostor, claims(role.name().toLowerCase(), List.of(role.name()), issuer, AUDIENCE,
                Instant.now().plus(Duration.ofMinutes(5))));
    }

    /** Signed by the right key but issued, it says, by another issuer. */
    public String fromOtherIssuer(Role role) {
        return sign(key, claims(role.name().toLowerCase(), List.of(role.name()), "http://127.0.0.1:1/realms/other",
                AUDIENCE, Instant.now().plus(Duration.ofMinutes(5))));
    }

    /** Signed by the right key for another audience (another application of the same realm). */
    public String forOtherAudience(Role role) {
        return sign(key, claims(role.name().toLowerCase(), List.of(role.name()), issuer, "account",
                Instant.now().plus(Duration.ofMinutes(5))));
    }

    private static JWTClaimsSet claims(String user, List<String> roles, String issuer, String audience,
                                       Instant expiry) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString())
                .claim("preferred_username", user)
                .claim("roles", roles)
                .issueTime(Date.from(expiry.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(expiry))
                .jwtID(UUID.randomUUID().toString())
                .build();
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign a test token", e);
        }
    }

    private static TestTokens start() {
        try {
            String keyId = UUID.randomUUID().toString();
            RSAKey key = new RSAKeyGenerator(2048).keyID(keyId).generate();
            RSAKey impostor = new RSAKeyGenerator(2048).keyID(keyId).generate();
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            String issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/caseledger-test";
            String jwks = new JWKSet(key.toPublicJWK()).toString();
            String discovery = """
                    {"issuer": "%s", "jwks_uri": "%s/protocol/openid-connect/certs",
                     "id_token_signing_alg_values_supported": ["RS256"], "subject_types_supported": ["public"],
                     "response_types_supported": ["code"]}""".formatted(issuer, issuer);
            server.createContext("/realms/caseledger-test/.well-known/openid-configuration",
                    exchange -> answer(exchange, discovery));
            server.createContext("/realms/caseledger-test/protocol/openid-connect/certs",
                    exchange -> answer(exchange, jwks));
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return new TestTokens(key, impostor, issuer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make the test issuer's key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test issuer", e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
