package org.caseledger.platform.security;

import jakarta.servlet.Filter;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Requests are matched to the access rules by their paths alone, with the parser Spring MVC matches its own mappings
 * with ({@code PathPatternRequestMatcher}, published by {@link SecurityConfiguration}), instead of by asking Spring MVC
 * which of its handlers would take each request ({@code MvcRequestMatcher}). Spring Security still puts Spring MVC's
 * {@link HandlerMappingIntrospector} in front of every chain so that such questions find their answer cached: a filter
 * that looks the request's handler up among all of Spring MVC's mappings before anything else, for every request,
 * though none of the rules asks any more. That lookup and the rules' matching on it were an eighth of the samples of
 * projections' request threads showing cases; without them those threads took about 6% less CPU a case
 * (deploy/local/README.md, "Requests matched by their paths").
 * <p>
 * This replaces the introspector with one that has no such filter; it answers the other questions as Spring MVC's
 * does (looking the handler up when asked, and saying once at WARN that nothing was cached), so that a rule or a CORS
 * setting that comes to ask is answered correctly and shows in the log.
 */
final class PathMatching {

    /** The name Spring MVC and Spring Security give the introspector. */
    static final String INTROSPECTOR = "mvcHandlerMappingIntrospector";

    private PathMatching() {
    }

    /** Spring MVC's introspector without the filter that caches a lookup for each request. */
    static final class IntrospectorWithoutCache extends HandlerMappingIntrospector {

        @Override
        public Filter createCacheFilter() {
            return (request, response, chain) -> chain.doFilter(request, response);
        }
    }

    /**
     * Puts {@link IntrospectorWithoutCache} in place of the introspector Spring MVC defines, before Spring Security's
     * own post-processors (which are unordered) wrap its filter chain with the introspector's filter.
     */
    static final class IntrospectorReplaced implements BeanDefinitionRegistryPostProcessor, Ordered {

        @Override
        public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
            if (!registry.containsBeanDefinition(INTROSPECTOR)) {
                return;
            }
            RootBeanDefinition replacement = new RootBeanDefinition(IntrospectorWithoutCache.class);
            replacement.setLazyInit(true);
            replacement.setRole(BeanDefinition.ROLE_INFRASTRUCTURE);
            registry.removeBeanDefinition(INTROSPECTOR);
            registry.registerBeanDefinition(INTROSPECTOR, replacement);
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}
