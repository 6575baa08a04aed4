package org.caseledger.platform.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/**
 * Request bodies are read strictly: a misspelt field, a field given twice, a number for an enum or for a text, or an
 * invisible character is an error the operator sees, not a silently dropped or altered fact. Every error, the
 * servlet container's included, is a problem.
 */
@AutoConfiguration(after = JdbcClientAutoConfiguration.class, before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication
@Import({ProblemResponses.class, ProblemErrorController.class})
public class WebConfiguration implements WebMvcConfigurer {

    @Bean
    Jackson2ObjectMapperBuilderCustomizer strictRequestBodies() {
        return builder -> builder
                .featuresToEnable(
                        JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                        DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .featuresToDisable(
                        DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .deserializerByType(String.class, new PlainText());
    }

    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            @Value("${caseledger.web.max-body-size:256KB}") DataSize maxBodySize,
            ObjectProvider<BodyAllowance> allowances, ObjectMapper json) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(
                new RequestBodyLimit(maxBodySize.toBytes(), allowances.orderedStream().toList(), json));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** After sign-in (Spring Security's filters run at -100), so that the acting user is known. */
    @Bean
    FilterRegistrationBean<RequestLogContext> requestLogContext() {
        FilterRegistrationBean<RequestLogContext> registration = new FilterRegistrationBean<>(new RequestLogContext());
        registration.setOrder(0);
        return registration;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new WriteConditionsResolver());
    }

    /** What Axon refuses, in the services that run it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.axonframework.modelling.command.AggregateNotFoundException")
    @Import(CommandProblems.class)
    static class CommandServices {
    }

    /** The OpenAPI description, in the services that serve one. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springdoc.core.customizers.OpenApiCustomizer")
    @Import({ApiDescription.class, AccessDescription.class})
    static class DescribedServices {
    }
}
