package org.caseledger.platform.audit;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.security.Principal;

/**
 * Who records a fact: the signed-in user of the request, as the token's {@code preferred_username} names them; a
 * header a client sends cannot say otherwise. Outside a request (a deadline that fires) it is {@code unidentified}.
 * Every event carries it in its metadata under {@link #METADATA_KEY}.
 */
public final class RecordedBy {

    public static final String METADATA_KEY = "recordedBy";
    public static final String UNIDENTIFIED = "unidentified";

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
        return principal == null || principal.getName() == null ? UNIDENTIFIED : principal.getName();
    }
}
