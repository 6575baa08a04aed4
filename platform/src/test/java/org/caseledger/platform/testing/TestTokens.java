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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OpenID Connect issuer of the tests' own: a real HTTP server in the test JVM serving the discovery document and
 * the JWK set of a key made for this run, and tokens signed with that key. A service under test is configured with
 * this issuer's URI as it would be with Keycloak's, so it really fetches the keys and checks signature, issuer,
 * audience and expiry. The variants ({@link #expired}, {@link #badlySigned}, …) are tokens such a service must refuse.
 * For a browser it signs in the user a test names ({@link #signInNextAs}) by the authorization code flow with PKCE, at
 * Keycloak's endpoints under the issuer: a code is exchanged only once, with the verifier of its challenge, by the
 * client and for the redirect it was given to.
 */
public final class TestTokens {

    public static final String AUDIENCE = "caseledger";

    private static TestTokens instance;

    private final RSAKey key;
    private final RSAKey impostor;
    private final String issuer;
    private volatile SignIn nextSignIn;
    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, ServiceAccount> serviceAccounts = new ConcurrentHashMap<>();

    private record ServiceAccount(String secret, List<String> roles) {
    }

    private record SignIn(String user, List<String> roles) {
    }

    private record Grant(String clientId, String redirectUri, String nonce, String challenge, SignIn who) {
    }

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

    /**
     * A confidential client whose service account gets tokens by the client credentials grant, named {@code
     * service-account-<clientId>} as Keycloak names them.
     */
    public void serviceAccount(String clientId, String secret, List<String> roles) {
        serviceAccounts.put(clientId, new ServiceAccount(secret, List.copyOf(roles)));
    }

    /** Whom the authorization endpoint signs in from now on, as if they had given their password; null for nobody. */
    public void signInNextAs(String user, List<String> roles) {
        nextSignIn = user == null ? null : new SignIn(user, List.copyOf(roles));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        SignIn who = nextSignIn;
        if (who == null || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("code_challenge") == null
                || query.get("redirect_uri") == null || query.get("client_id") == null) {
            answer(exchange, 400, "{\"error\": \"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        grants.put(code, new Grant(query.get("client_id"), query.get("redirect_uri"), query.get("nonce"),
                query.get("code_challenge"), who));
        String back = query.get("redirect_uri") + "?code=" + code + "&state="
                + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void exchange(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if ("client_credentials".equals(body.get("grant_type"))) {
            ServiceAccount account = body.get("client_id") == null ? null : serviceAccounts.get(body.get("client_id"));
            if (account == null || !account.secret().equals(body.get("client_secret"))) {
                answer(exchange, 401, "{\"error\": \"invalid_client\"}");
                return;
            }
            String access = sign(key, claims("service-account-" + body.get("client_id"), account.roles(), issuer,
                    AUDIENCE, Instant.now().plus(Duration.ofMinutes(5))));
            answer(exchange, 200, """
                    {"access_token": "%s", "token_type": "Bearer", "expires_in": 300}""".formatted(access));
            return;
        }
        Grant grant = body.get("code") == null ? null : grants.remove(body.get("code"));
        if (grant == null || !"authorization_code".equals(body.get("grant_type"))
                || !grant.redirectUri().equals(body.get("redirect_uri"))
                || !grant.clientId().equals(body.get("client_id"))
                || body.get("code_verifier") == null
                || !grant.challenge().equals(s256(body.get("code_verifier")))) {
            answer(exchange, 400, "{\"error\": \"invalid_grant\"}");
            return;
        }
        Instant expiry = Instant.now().plus(Duration.ofMinutes(5));
        JWTClaimsSet.Builder idToken = new JWTClaimsSet.Builder(claims(grant.who().user(), grant.who().roles(),
                issuer, grant.clientId(), expiry));
        if (grant.nonce() != null) {
            idToken.claim("nonce", grant.nonce());
        }
        String access = sign(key, claims(grant.who().user(), grant.who().roles(), issuer, AUDIENCE, expiry));
        answer(exchange, 200, """
                {"access_token": "%s", "id_token": "%s", "token_type": "Bearer", "expires_in": 300, "scope": "openid"}"""
                .formatted(access, sign(key, idToken.build())));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> fields = new HashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            fields.put(name, value);
        }
        return fields;
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
            TestTokens tokens = new TestTokens(key, impostor, issuer);
            server.createContext("/realms/caseledger-test/protocol/openid-connect/auth", tokens::authorize);
            server.createContext("/realms/caseledger-test/protocol/openid-connect/token", tokens::exchange);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0)));
            return tokens;
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot make the test issuer's key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the test issuer", e);
        }
    }

    private static void answer(HttpExchange exchange, String json) throws IOException {
        answer(exchange, 200, json);
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
