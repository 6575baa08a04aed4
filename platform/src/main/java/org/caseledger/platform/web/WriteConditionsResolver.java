package org.caseledger.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.MethodParameter;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link WriteConditions} from the request headers, rejecting values that cannot be what the client meant. */
class WriteConditionsResolver implements HandlerMethodArgumentResolver {

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Pattern VERSION = Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == WriteConditions.class;
    }

    @Override
    public WriteConditions resolveArgument(MethodParameter parameter, ModelAndViewContainer container,
                                           NativeWebRequest request, WebDataBinderFactory binderFactory) {
        String key = request.getHeader(WriteConditions.IDEMPOTENCY_KEY);
        if (key != null && !KEY.matcher(key).matches()) {
            throw invalid(WriteConditions.IDEMPOTENCY_KEY, "must be 1 to 200 visible ASCII characters, e.g. a UUID");
        }
        HttpServletRequest servlet = request.getNativeRequest(HttpServletRequest.class);
        String requestLine = servlet == null ? "" : servlet.getMethod() + " " + servlet.getRequestURI();
        return new WriteConditions(Optional.ofNullable(key), expectedVersion(request.getHeader(WriteConditions.IF_MATCH)),
                requestLine);
    }

    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.strip().equals("*")) {
            return null;
        }
        Matcher version = VERSION.matcher(ifMatch.strip());
        if (!version.matches()) {
            throw invalid(WriteConditions.IF_MATCH, "must be the ETag of the version you read, e.g. \"3\"");
        }
        return Long.valueOf(version.group(1));
    }

    private static ErrorResponseException invalid(String header, String rule) {
        return Problems.invalid(header, "the header " + rule);
    }
}
