package org.caseledger.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * Finds a request's bearer token where Spring Security's own resolver does with its defaults, and by the same rule: in
 * the {@code Authorization} header only (never a query or form parameter), ignored unless the header begins with
 * "bearer" in any case, and refused as malformed unless it is "Bearer", a space, a token of the characters RFC 6750
 * allows ({@code A-Z a-z 0-9 - . _ ~ + /}) and nothing after but its "=" padding. Spring's resolver checks that with a
 * case-insensitive regular expression over the whole token, about a thousand characters from the stack's issuer: 7% of
 * projections' CPU samples while it answered the benchmark's queries, and a fifth of case-service's under the
 * benchmark's commands six minutes after its start, while the expression's code was not yet fully compiled
 * (deploy/local/README.md, Tokens and headers checked without regular expressions). This reads each character once.
 */
final class BearerTokens implements BearerTokenResolver {

    private static final String SCHEME = "bearer";

    @Override
    public String resolve(HttpServletRequest request) {
        return token(request.getHeader(HttpHeaders.AUTHORIZATION));
    }

    /**
     * The token of an {@code Authorization} header; null when it names no bearer token. No character but the ASCII
     * letters of "bearer" matches them ignoring case, so the scheme is ASCII, as the regular expression required.
     */
    static String token(String header) {
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        int length = header.length();
        int start = SCHEME.length() + 1;
        if (length <= start || header.charAt(SCHEME.length()) != ' ') {
            throw malformed();
        }
        int at = start;
        while (at < length && isTokenCharacter(header.charAt(at))) {
            at++;
        }
        if (at == start) {
            throw malformed();
        }
        while (at < length && header.charAt(at) == '=') {
            at++;
        }
        if (at < length) {
            throw malformed();
        }
        return header.substring(start);
    }

    private static boolean isTokenCharacter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static OAuth2AuthenticationException malformed() {
        return new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
    }
}
