package org.caseledger.projections.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * The pages' links to their WebJars ({@code /webjars/leaflet/dist/leaflet.js} in the template) are written with the
 * WebJar's version in them, by Spring's {@link ResourceUrlEncodingFilter} around the pages that write them: the
 * dashboard at {@code /} and the case list at {@code /cases}. Spring Boot puts that filter around every request
 * once WebJars are on the class path, where it wraps each API request too (one more layer for every header and
 * attribute read), and works out the request's path for a resource link the API never writes.
 */
@Configuration(proxyBeanMethods = false)
class DashboardPages {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceLinksOnThePages() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new ResourceUrlEncodingFilter());
        registration.addUrlPatterns("/", "/cases");
        return registration;
    }
}
