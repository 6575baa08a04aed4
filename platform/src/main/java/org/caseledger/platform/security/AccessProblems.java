package org.caseledger.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.platform.web.Problems;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * 401 and 403 as problems like every other error, saying what to do: sign in, sign in again, or ask for the role
 * the operation needs. The 401 keeps the {@code WWW-Authenticate: Bearer …} header that OAuth2 clients read.
 */
class AccessProblems implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final AccessRules rules;
    private final ObjectMapper json;

    AccessProblems(AccessRules rules, ObjectMapper json) {
        this.rules = rules;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        bearer.commence(request, response, refused);
        String detail = refused instanceof OAuth2AuthenticationException invalid
                ? "The bearer token was refused (" + reason(invalid) + "); sign in again and send the new access "
                + "token as 'Authorization: Bearer <token>'"
                : "Sign in first: send the access token of your sign-in as 'Authorization: Bearer <token>' "
                + "(on the local stack, deploy/local/token <user> prints one)";
        write(request, response, Problems.problem(HttpStatus.UNAUTHORIZED, detail));
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        HttpMethod method = HttpMethod.valueOf(request.getMethod());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        Optional<Route> route = rules.find(method, path);
        if (route.isEmpty()) {
            write(request, response, Problems.problem(HttpStatus.NOT_FOUND, "There is no resource at " + path
                    + " for " + method.name() + "; the API description lists them at /v3/api-docs"));
            return;
        }
        Optional<Role> role = Role.highest(Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                .map(Authentication::getAuthorities).orElse(java.util.List.of()));
        String needs = route.get().roles().stream().sorted().map(Role::name).collect(Collectors.joining(" or "));
        String detail = role.map(held -> "Your role " + held + " may not do this: " + method.name() + " " + path
                        + " needs " + needs + "; ask an administrator for that role if your work needs it")
                .orElse("Your token carries none of the roles VIEWER, ANALYST, OPERATOR, ADMIN: " + method.name()
                        + " " + path + " needs " + needs + "; ask an administrator for a role");
        write(request, response, Problems.problem(HttpStatus.FORBIDDEN, detail));
    }

    private static String reason(OAuth2AuthenticationException invalid) {
        String description = invalid.getError().getDescription();
        return description == null || description.isBlank() ? invalid.getError().getErrorCode() : description;
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        problem.setInstance(URI.create(request.getRequestURI()));
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
