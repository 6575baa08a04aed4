package org.caseledger.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.caseledger.platform.security.AccessRules;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.security.Route;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Describes the service's route table in its OpenAPI: a bearer JWT on every operation, the role each one needs at
 * the start of its description, and the 401 and 403 it answers without one.
 */
class AccessDescription implements GlobalOperationCustomizer, GlobalOpenApiCustomizer {

    static final String BEARER = "bearer";
    private static final String PROBLEM_REF = "#/components/schemas/" + ApiDescription.PROBLEM;
    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final AccessRules rules;
    private final boolean publicStatistics;

    AccessDescription(ObjectProvider<AccessRules> rules,
                      @Value("${caseledger.statistics.public:false}") boolean publicStatistics) {
        this.rules = rules.getIfAvailable(() -> AccessRules.builder().build());
        this.publicStatistics = publicStatistics;
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Optional<Route> route = routeOf(handler);
        if (route.isEmpty()) {
            return operation;
        }
        String needs = route.get().roles().stream().sorted().map(Role::name).collect(Collectors.joining(", "));
        boolean open = route.get().statistics() && publicStatistics;
        String who = open ? "Anyone (statistics without personal data are public here)."
                : "Needs the role " + needs + (route.get().statistics() ? " (anyone where caseledger.statistics"
                + ".public=true: a statistic without personal data)." : ".");
        operation.setDescription(who + (operation.getDescription() == null ? "" : " " + operation.getDescription()));
        if (open) {
            return operation;
        }
        operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        operation.setResponses(responses);
        Map<String, Object> unauthorized = example(HttpStatus.UNAUTHORIZED, "Sign in first: send the access token "
                + "of your sign-in as 'Authorization: Bearer <token>' (on the local stack, deploy/local/token <user> "
                + "prints one)");
        responses.addApiResponse("401", problem("No bearer token, or one that is expired, not signed by the issuer, "
                + "or not for this audience", unauthorized)
                .addHeaderObject("WWW-Authenticate", new Header().description("Bearer, with the error, as RFC 6750 says")
                        .schema(new StringSchema().example("Bearer error=\"invalid_token\""))));
        Role lowest = route.get().lowestRole();
        Role below = lowest == Role.VIEWER || lowest.isService() ? null : Role.values()[lowest.ordinal() - 1];
        String denied = lowest.isService()
                ? "Only a service account with the role " + lowest + " may do this; no person's role includes it"
                : below == null
                ? "Your token carries none of the roles VIEWER, ANALYST, OPERATOR, ADMIN: this needs " + needs
                : "Your role " + below + " may not do this: this needs " + needs.replace(", ", " or ")
                + "; ask an administrator for that role if your work needs it";
        responses.addApiResponse("403", problem("The token's roles do not include " + needs,
                example(HttpStatus.FORBIDDEN, denied)));
        return operation;
    }

    @Override
    public void customise(OpenAPI api) {
        if (api.getComponents() == null) {
            api.components(new Components());
        }
        api.getComponents().addSecuritySchemes(BEARER, new SecurityScheme()
                .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                .description("An access token of the OpenID Connect issuer the service trusts, for the audience "
                        + "caseledger, with the user's roles in its 'roles' claim (VIEWER, ANALYST, OPERATOR, ADMIN)"));
    }

    private Optional<Route> routeOf(HandlerMethod handler) {
        RequestMapping onClass = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        if (onMethod == null || onMethod.method().length == 0) {
            return Optional.empty();
        }
        String prefix = onClass == null || onClass.path().length == 0 ? "" : onClass.path()[0];
        String path = prefix + (onMethod.path().length == 0 ? "" : onMethod.path()[0]);
        return rules.find(HttpMethod.valueOf(onMethod.method()[0].name()), path);
    }

    private static ApiResponse problem(String description, Map<String, Object> example) {
        return new ApiResponse().description(description).content(new Content().addMediaType(PROBLEM_JSON,
                new MediaType().schema(new Schema<>().$ref(PROBLEM_REF)).example(example)));
    }

    private static Map<String, Object> example(HttpStatus status, String detail) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", "about:blank");
        example.put("title", Problems.title(status));
        example.put("status", status.value());
        example.put("detail", detail);
        example.put("instance", "/api/cases/c0ffee00-0000-4000-8000-000000000000");
        return example;
    }
}
