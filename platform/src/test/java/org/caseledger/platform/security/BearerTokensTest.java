package org.caseledger.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bearer token is found, ignored and refused exactly where Spring Security's own resolver, with its defaults,
 * finds, ignores and refuses it: the two are asked about the same headers, written and generated, and must answer
 * alike.
 */
class BearerTokensTest {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbmFseXN0In0.c2lnbmF0dXJl-_~+/";
    /** What headers are made of: the token's own characters, those around them, and look-alikes from other scripts. */
    private static final String CHARACTERS = "BbEeAaRr =.-_~+/09aZz\t\"',;:!?*%&()[]{}<>@#$^|\\`\r\n\u0000\u007f"
            + "\u00a0\u017f\u0130\u0131\u212a\u0392\u0435\u0430\u0440";

    private final BearerTokenResolver spring = new DefaultBearerTokenResolver();
    private final BearerTokenResolver ours = new BearerTokens();

    @Test
    void findsTheTokenOfABearerHeaderInAnyCase() {
        assertThat(ours.resolve(request("Bearer " + TOKEN))).isEqualTo(TOKEN);
        assertThat(ours.resolve(request("bEARER " + TOKEN + "=="))).isEqualTo(TOKEN + "==");
        assertThat(ours.resolve(request("Basic dXNlcjpwYXNz"))).isNull();
        assertThat(ours.resolve(request("B\u0435arer " + TOKEN))).as("a Cyrillic e").isNull();
        assertThat(ours.resolve(new MockHttpServletRequest())).isNull();
    }

    @Test
    void refusesABearerHeaderWhoseTokenIsMalformed() {
        for (String header : List.of("Bearer", "Bearer ", "Bearer  " + TOKEN, "Bearer " + TOKEN + " ",
                "Bearer " + TOKEN + "=a", "Bearer =", "Bearer\t" + TOKEN, "Bearerx " + TOKEN,
                "Bearer " + TOKEN + "\n")) {
            assertThatThrownBy(() -> ours.resolve(request(header)), header)
                    .isInstanceOf(OAuth2AuthenticationException.class)
                    .hasMessage("Bearer token is malformed");
        }
    }

    @Test
    void answersEveryHeaderAsSpringSecuritysResolverDoes() {
        List<String> headers = new ArrayList<>(List.of("Bearer " + TOKEN, "bearer " + TOKEN, "BEARER " + TOKEN + "=",
                "Bearer", "Bearer ", "Bearer =", "Bearer a==", "Bearer a=b", "bearer", "bear", "", " Bearer a",
                "Bearer\u00a0a", "Bearer \u017f", "\u0392earer a", "Bearer a\u212a", "Bearer a\r\n", "Bearer a\n"));
        SplittableRandom random = new SplittableRandom(20261130);
        String[] prefixes = {"Bearer ", "bearer ", "BeArEr ", "Bearer", "Bearer  ", "Bearerx", "Basic ", ""};
        for (int i = 0; i < 50_000; i++) {
            StringBuilder header = new StringBuilder(prefixes[random.nextInt(prefixes.length)]);
            int length = random.nextInt(12);
            for (int c = 0; c < length; c++) {
                header.append(random.nextInt(4) == 0 ? CHARACTERS.charAt(random.nextInt(CHARACTERS.length()))
                        : TOKEN.charAt(random.nextInt(TOKEN.length())));
            }
            headers.add(header.toString());
        }

        for (String header : headers) {
            assertThat(answer(ours, header)).as(header).isEqualTo(answer(spring, header));
        }
    }

    private static String answer(BearerTokenResolver resolver, String header) {
        try {
            return "token " + resolver.resolve(request(header));
        } catch (OAuth2AuthenticationException e) {
            return "refused " + e.getError().getErrorCode() + ": " + e.getError().getDescription();
        }
    }

    private static MockHttpServletRequest request(String authorization) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cases");
        request.addHeader("Authorization", authorization);
        request.setQueryString("access_token=" + TOKEN);
        request.addParameter("access_token", TOKEN);
        return request;
    }
}
