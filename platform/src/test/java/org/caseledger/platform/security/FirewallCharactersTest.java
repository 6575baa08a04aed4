package org.caseledger.platform.security;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The firewall lets through and rejects the same header names and values and the same parameters as Spring Security's
 * own with its defaults: the rules are asked about every code point alone and about generated texts of printable
 * ASCII, controls, unassigned code points, surrogate pairs and lone surrogates, and must answer as Spring's own.
 */
class FirewallCharactersTest {

    private static final int[] POOL = {'a', 'Z', '0', ' ', '~', '\t', '\n', '\r', 0, 0x7f, 0x80, 0x9f, 0xa0, 0x378,
            0x430, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfffe, 0x1f600, 0xe0001, 0x10ffff};

    @Test
    void takesPrintableTextAndTheTabInAValueAndRejectsControls() {
        assertThat(FirewallCharacters.HEADER_VALUES.test("Bearer eyJ.x-y_z~+/==")).isTrue();
        assertThat(FirewallCharacters.HEADER_VALUES.test("a\tb")).isTrue();
        assertThat(FirewallCharacters.NAMES.test("a\tb")).isFalse();
        assertThat(FirewallCharacters.HEADER_VALUES.test("a\r\nb")).isFalse();
        assertThat(FirewallCharacters.HEADER_VALUES.test("Гулнар \uD83D\uDE00")).isTrue();
        assertThat(FirewallCharacters.HEADER_VALUES.test("\u0378")).isFalse();
    }

    @Test
    void judgesEveryCodePointAloneAsSpringSecuritysRulesDo() {
        for (int codePoint = 0; codePoint <= Character.MAX_CODE_POINT; codePoint++) {
            assertSameJudgements(new String(Character.toChars(codePoint)));
        }
    }

    @Test
    void judgesGeneratedTextsAsSpringSecuritysRulesDo() {
        SplittableRandom random = new SplittableRandom(20261130);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(10);
            for (int c = 0; c < length; c++) {
                text.appendCodePoint(random.nextInt(3) == 0
                        ? POOL[random.nextInt(POOL.length)] : 'a' + random.nextInt(26));
            }
            assertSameJudgements(text.toString());
        }
    }

    /** Through requests: each rule where Spring Security's firewall applies its own, and parameter values unchecked. */
    @Test
    void firewallAppliesTheRulesWhereSpringSecuritysAppliesItsOwn() {
        HttpFirewall spring = new StrictHttpFirewall();
        HttpFirewall ours = FirewallCharacters.firewall();
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            String text = new String(Character.toChars(POOL[random.nextInt(POOL.length)])) + "x"
                    + new String(Character.toChars(POOL[random.nextInt(POOL.length)]));
            assertThat(judged(ours, text)).as(shown(text)).isEqualTo(judged(spring, text));
        }
    }

    private static void assertSameJudgements(String text) {
        assertThat(List.of(FirewallCharacters.NAMES.test(text), FirewallCharacters.HEADER_VALUES.test(text),
                FirewallCharacters.NAMES.test(text)))
                .as(shown(text))
                .isEqualTo(List.of(StrictHttpFirewall.ALLOWED_HEADER_NAMES.test(text),
                        StrictHttpFirewall.ALLOWED_HEADER_VALUES.test(text),
                        StrictHttpFirewall.ALLOWED_PARAMETER_NAMES.test(text)));
    }

    /** Which of a header's value, a header's name, a parameter's name and its value the firewall lets through. */
    private static List<Boolean> judged(HttpFirewall firewall, String text) {
        return List.of(
                passes(firewall, request -> request.addHeader("X-Value", text),
                        request -> request.getHeader("X-Value")),
                passes(firewall, request -> request.addHeader(text, "name"), request -> request.getHeader(text)),
                passes(firewall, request -> request.addParameter(text, "name"), request -> request.getParameterMap()),
                passes(firewall, request -> request.addParameter("value", text),
                        request -> request.getParameter("value")));
    }

    private static boolean passes(HttpFirewall firewall, Consumer<MockHttpServletRequest> made,
                                  Function<HttpServletRequest, Object> read) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/cases");
        made.accept(request);
        try {
            read.apply(firewall.getFirewalledRequest(request));
            return true;
        } catch (RequestRejectedException e) {
            return false;
        }
    }

    private static String shown(String text) {
        return text.codePoints().mapToObj(Integer::toHexString).toList().toString();
    }
}
