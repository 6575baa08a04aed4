package org.caseledger.platform.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.List;

/**
 * Refuses request bodies above a limit before anything reads them: a declared length is checked up front, a body
 * without one is cut off while it is read. A fact about a person fits in far less than the default 256 KiB;
 * evidence files are referenced by hash, not uploaded here. A path that takes a file has a {@link BodyAllowance}.
 */
class RequestBodyLimit extends OncePerRequestFilter {

    private static final String DEFAULT_ADVICE = "send the fact without attachments";

    /** Every path's limit but those with an allowance of their own. */
    private final BodyAllowance anyPath;
    private final List<BodyAllowance> allowances;
    private final ObjectMapper json;

    RequestBodyLimit(long maxBytes, List<BodyAllowance> allowances, ObjectMapper json) {
        this.anyPath = new BodyAllowance("/", DataSize.ofBytes(maxBytes), DEFAULT_ADVICE);
        this.allowances = List.copyOf(allowances);
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        BodyAllowance limit = allowances.stream()
                .filter(allowance -> allowance.path().equals(request.getRequestURI()))
                .findFirst()
                .orElse(anyPath);
        if (request.getContentLengthLong() > limit.maxSize().toBytes()) {
            refuse(response, limit);
            return;
        }
        chain.doFilter(new LimitedRequest(request, limit), response);
    }

    private void refuse(HttpServletResponse response, BodyAllowance limit) throws IOException {
        response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE,
                new BodyTooLarge(limit).getMessage()));
    }

    /** Thrown while a body without a declared length grows past the limit; its message is the problem's detail. */
    static class BodyTooLarge extends IOException {
        BodyTooLarge(BodyAllowance limit) {
            super("The body is larger than " + limit.maxSize().toBytes() + " bytes; " + limit.advice());
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final BodyAllowance limit;

        LimitedRequest(HttpServletRequest request, BodyAllowance limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws BodyTooLarge {
                    read += n;
                    if (read > limit.maxSize().toBytes()) {
                        throw new BodyTooLarge(limit);
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
