package org.caseledger.projections.config;

import jakarta.servlet.http.HttpServletResponse;
import org.caseledger.platform.security.AccessRules;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.security.Route;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import static org.springframework.http.HttpMethod.GET;

/**
 * The dashboard at {@code /} and the case list its numbers lead to at {@code /cases}: pages for a person in a
 * browser, beside the API's bearer tokens. Who may open the list is the route table's rule for {@code GET /api/cases};
 * who may open the dashboard, its rule for {@code GET /api/statistics}: anyone where statistics are public (counts suppressed as
 * the API suppresses them for anonymous callers), otherwise a person signed in through the OpenID Connect provider
 * (authorization code with PKCE, the public client {@code caseledger-dashboard}; the issuer the API's tokens come
 * from), whose ID token's {@code roles} give the role as an access token's do. The session this sign-in makes is
 * honoured here only: the API's chain is stateless and takes bearer tokens alone.
 */
@Configuration(proxyBeanMethods = false)
class DashboardSecurity {

    static final String REGISTRATION = "caseledger";

    /** Same origin only, and no inline script or style: the page's own files and its WebJars, nothing else. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain dashboardChain(HttpSecurity http, AccessRules rules,
                                          @Value("${caseledger.statistics.public:false}") boolean publicStatistics)
            throws Exception {
        Route statistics = rules.find(GET, "/api/statistics")
                .orElseThrow(() -> new IllegalStateException("The route table names no GET /api/statistics"));
        Route caseList = rules.find(GET, "/api/cases")
                .orElseThrow(() -> new IllegalStateException("The route table names no GET /api/cases"));
        http.securityMatcher("/", "/cases", "/dashboard/**", "/webjars/**", "/oauth2/**", "/login/**")
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .headers(headers -> headers
                        .contentSecurityPolicy(policy -> policy.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(GET, "/dashboard/**", "/webjars/**").permitAll();
                    if (statistics.statistics() && publicStatistics) {
                        requests.requestMatchers(GET, "/").permitAll();
                    } else {
                        requests.requestMatchers(GET, "/").hasAnyRole(
                                statistics.roles().stream().map(Role::name).toArray(String[]::new));
                    }
                    // The cases behind a count show people: never public, whatever the statistics are.
                    requests.requestMatchers(GET, "/cases").hasAnyRole(
                            caseList.roles().stream().map(Role::name).toArray(String[]::new));
                    requests.anyRequest().denyAll();
                })
                .oauth2Login(login -> login
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .defaultSuccessUrl("/")
                        // Not back to the login page, which would start a sign-in again and again.
                        .failureHandler((request, response, failure) -> response.sendError(
                                HttpServletResponse.SC_UNAUTHORIZED, "Sign-in failed: " + failure.getMessage()))
                        .userInfoEndpoint(user -> user.userAuthoritiesMapper(rolesOfIdToken())));
        return http.build();
    }

    /**
     * The provider named by the API's issuer, at the OpenID Connect endpoints Keycloak serves under it. Named here
     * rather than discovered, so that projections starts while the provider is still starting; the ID token's issuer
     * is checked against it all the same.
     */
    @Bean
    ClientRegistrationRepository dashboardSignIn(
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri}") String issuer,
            @Value("${caseledger.dashboard.client-id:caseledger-dashboard}") String clientId) {
        String endpoints = issuer + "/protocol/openid-connect";
        return new InMemoryClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .issuerUri(issuer)
                .authorizationUri(endpoints + "/auth")
                .tokenUri(endpoints + "/token")
                .jwkSetUri(endpoints + "/certs")
                .userNameAttributeName("preferred_username")
                .clientName("caseledger")
                .build());
    }

    /** The roles of the ID token's flat {@code roles} claim, as the API reads them from an access token. */
    static GrantedAuthoritiesMapper rolesOfIdToken() {
        return authorities -> authorities.stream()
                .filter(OidcUserAuthority.class::isInstance)
                .map(OidcUserAuthority.class::cast)
                .flatMap(authority -> roles(authority.getIdToken().getClaim("roles")))
                .distinct()
                .map(Role::authority)
                .map(GrantedAuthority.class::cast)
                .toList();
    }

    private static java.util.stream.Stream<Role> roles(Object claim) {
        if (!(claim instanceof Collection<?> names)) {
            return java.util.stream.Stream.empty();
        }
        return names.stream().map(Role::named).flatMap(Optional::stream);
    }
}
