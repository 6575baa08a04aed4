package org.caseledger.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.platform.audit.RecordedBy;
import org.caseledger.platform.logging.LogContext;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;

/**
 * Gives a request's work its correlation id and who acts, on every line it logs. It runs after sign-in, so the
 * acting user is the signed-in one, as {@link RecordedBy} names them.
 */
class RequestLogContext extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String actor = RecordedBy.current();
        try {
            LogContext.during(LogContext.newCorrelationId(), actor, () -> {
                try {
                    chain.doFilter(request, response);
                } catch (IOException | ServletException e) {
                    throw new FilterFailure(e);
                }
            });
        } catch (FilterFailure failure) {
            if (failure.getCause() instanceof IOException io) {
                throw io;
            }
            throw (ServletException) failure.getCause();
        }
    }

    private static final class FilterFailure extends RuntimeException {
        FilterFailure(Exception cause) {
            super(cause);
        }
    }
}
