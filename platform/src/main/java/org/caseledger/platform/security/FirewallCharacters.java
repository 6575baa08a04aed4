package org.caseledger.platform.security;

import org.springframework.security.web.firewall.StrictHttpFirewall;

import java.util.function.Predicate;

/**
 * The characters Spring Security's {@link StrictHttpFirewall} lets through in header names and values and in parameter
 * names, by its own default rule: assigned code points that are no control characters, and in a header value the tab
 * as well (parameter values it does not check). The firewall checks a header with a regular expression each time the
 * header is read, and a request's headers are read many times (the bearer token, the trace context, content
 * negotiation): 7% of projections' CPU samples while it answered the benchmark's queries (deploy/local/README.md,
 * Tokens and headers checked without regular expressions). These predicates apply the same rule a character at a
 * time, printable ASCII at once.
 */
final class FirewallCharacters {

    /** Header names and parameter names: assigned, and not a control character. */
    static final Predicate<String> NAMES = text -> allowed(text, false);
    /** Header values: assigned, and not a control character unless it is the tab. */
    static final Predicate<String> HEADER_VALUES = text -> allowed(text, true);

    private FirewallCharacters() {
    }

    /** The firewall Spring Security would make, with these predicates in place of its regular expressions. */
    static StrictHttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(NAMES);
        firewall.setAllowedHeaderValues(HEADER_VALUES);
        firewall.setAllowedParameterNames(NAMES);
        return firewall;
    }

    private static boolean allowed(String text, boolean tab) {
        int length = text.length();
        for (int at = 0; at < length; ) {
            char c = text.charAt(at);
            if (c >= 0x20 && c < 0x7f) {
                at++;
                continue;
            }
            int codePoint = text.codePointAt(at);
            int type = Character.getType(codePoint);
            if (type == Character.UNASSIGNED || type == Character.CONTROL && !(tab && codePoint == '\t')) {
                return false;
            }
            at += Character.charCount(codePoint);
        }
        return true;
    }
}
