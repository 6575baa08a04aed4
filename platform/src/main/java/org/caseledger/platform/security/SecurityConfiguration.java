package org.caseledger.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.ServletContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Every service is an OAuth2 resource server: each request but health carries a bearer token (a JWT) from the
 * configured OpenID Connect issuer ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}), signed by one of
 * its keys, unexpired, for the audience {@code caseledger.security.audience} (default {@code caseledger}), naming
 * its user in {@code preferred_username}. The token's {@code roles} claim gives the {@link Role}s; any other name in it
 * counts for nothing. Which role may call what is the service's {@link AccessRules}; a path the table does not list
 * is refused. No sessions and no CSRF tokens: a bearer token is sent with every request and no cookie is honoured.
 * A token accepted once is taken again without decoding it anew until it expires ({@link RememberedTokens}; at most
 * {@code caseledger.security.remembered-tokens} of them, 1000 by default, 0 to decode every time). The token is
 * found, and the firewall checks the characters of headers and parameters, by Spring Security's own default rules,
 * applied without regular expressions ({@link BearerTokens}, {@link FirewallCharacters}).
 */
@AutoConfiguration(before = {SecurityAutoConfiguration.class, OAuth2ResourceServerAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SecurityConfiguration {

    static final String USER_CLAIM = "preferred_username";
    static final String ROLES_CLAIM = "roles";

    @Bean
    SecurityFilterChain caseledgerSecurity(HttpSecurity http, ObjectProvider<AccessRules> rules,
                                           ObjectProvider<JwtDecoder> decoders, ObjectMapper json,
                                           @Value("${caseledger.statistics.public:false}") boolean publicStatistics,
                                           @Value("${caseledger.security.remembered-tokens:1000}") int rememberedTokens,
                                           ServletContext api)
            throws Exception {
        JwtDecoder decoder = decoders.getIfAvailable();
        if (decoder == null) {
            throw new IllegalStateException("No token issuer is configured: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri to the OpenID Connect issuer whose "
                    + "tokens this service accepts (e.g. https://<keycloak>/realms/caseledger)");
        }
        AccessRules table = rules.getIfAvailable(() -> AccessRules.builder().build());
        AccessProblems problems = new AccessProblems(table, json);
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**", "/error").permitAll();
                    // The management server (its own port, on the loopback interface unless a cluster's network
                    // policy opens it to its probes and Prometheus) answers probes and figures without personal
                    // data; it has a servlet context of its own, unlike actuator served on the API's port.
                    requests.requestMatchers(request -> request.getServletContext() != api).permitAll();
                    for (Route route : table.routes()) {
                        var matcher = requests.requestMatchers(route.method(), route.pattern());
                        if (route.statistics() && publicStatistics) {
                            matcher.permitAll();
                        } else {
                            matcher.hasAnyRole(route.roles().stream().map(Role::name).toArray(String[]::new));
                        }
                    }
                    requests.requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                            .hasAnyRole(Role.VIEWER.andAbove().stream().map(Role::name).toArray(String[]::new));
                    requests.anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(new BearerTokens())
                        .jwt(jwt -> jwt.decoder(rememberedTokens > 0 ? new RememberedTokens(decoder, rememberedTokens,
                                        RememberedTokens.KEY_SET_LIFETIME, Clock.systemUTC()) : decoder)
                                .jwtAuthenticationConverter(tokenReader()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems));
        return http.build();
    }

    /**
     * The access rules' patterns are matched against the request's path with Spring MVC's parser
     * ({@code PathPatternRequestMatcher}), not by asking Spring MVC which handler would take the request
     * ({@link PathMatching}).
     */
    @Bean
    static PathPatternRequestMatcherBuilderFactoryBean requestMatchedByPath() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /** No handler lookup before every request for rules that no longer ask for it ({@link PathMatching}). */
    @Bean
    static BeanDefinitionRegistryPostProcessor introspectorWithoutCache() {
        return new PathMatching.IntrospectorReplaced();
    }

    /**
     * Spring Security observes nothing of its own: no span, timer or counter for the filter chain before and after
     * the request, for each of its filters, for the authentication and for the authorization. Those were about a
     * sixth of case-service's request threads' CPU per command (deploy/local/README.md, Spring Security's
     * observations, measured again), and no dashboard or alert reads them. The request itself is still observed as
     * {@code http.server.requests}, with the span every trace of a command starts from, and refusals still show
     * there by their status (401, 403). A service that wants them defines its own settings.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The firewall Spring Security would make, its rules for the characters of header names and values and of
     * parameters applied without regular expressions ({@link FirewallCharacters}).
     */
    @Bean
    @ConditionalOnMissingBean
    HttpFirewall httpFirewall() {
        return FirewallCharacters.firewall();
    }

    /** A token that names nobody cannot say who recorded a fact or who read a person's data. */
    @Bean
    OAuth2TokenValidator<Jwt> tokenNamesItsUser() {
        return new JwtClaimValidator<String>(USER_CLAIM, user -> user != null && !user.isBlank());
    }

    static JwtAuthenticationConverter tokenReader() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName(USER_CLAIM);
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::roles);
        return converter;
    }

    private static Collection<GrantedAuthority> roles(Jwt jwt) {
        if (!(jwt.getClaims().get(ROLES_CLAIM) instanceof Collection<?> names)) {
            return List.of();
        }
        return names.stream().map(Role::named).flatMap(Optional::stream).distinct().map(Role::authority).toList();
    }
}
