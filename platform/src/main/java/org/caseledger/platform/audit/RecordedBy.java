package org.caseledger.platform.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;
import java.util.regex.Pattern;

/**
 * Who records a fact: the authenticated caller when the request carries one, otherwise the operator named in the
 * {@code X-Operator} header, otherwise {@code unidentified}. Every event carries it in its metadata under
 * {@link #METADATA_KEY}.
 */
public final class RecordedBy {

    public static final String METADATA_KEY = "recordedBy";
    public static final String OPERATOR_HEADER = "X-Operator";
    public static final String UNIDENTIFIED = "unidentified";

    private static final Pattern OPERATOR = Pattern.compile("[\\p{L}\\p{N}._@+ -]{1,100}");

    private RecordedBy() {
    }

    /** The identity of the caller of the current request; {@code unidentified} outside a request. */
    public static String current() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        if (!(attributes instanceof ServletRequestAttributes servlet)) {
            return UNIDENTIFIED;
        }
        HttpServletRequest request = servlet.getRequest();
        Principal principal = request.getUserPrincipal();
        if (principal != null) {
            return principal.getName();
        }
        String operator = request.getHeader(OPERATOR_HEADER);
        return operator == null || operator.isBlank() ? UNIDENTIFIED : operator.strip();
    }

    /** Whether a header value can name an operator: letters, digits and a few separators, at most 100. */
    public static boolean isValidOperator(String value) {
        return value == null || OPERATOR.matcher(value.strip()).matches();
    }
}
