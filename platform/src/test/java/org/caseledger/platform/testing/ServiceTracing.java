package org.caseledger.platform.testing;

import org.caseledger.platform.tracing.TracingConfiguration;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.autoconfigure.opentelemetry.OpenTelemetryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.NoopTracerAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/** Tracing as Spring Boot sets it up in a service, with the platform's defaults (every trace sampled). */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({OpenTelemetryAutoConfiguration.class, OpenTelemetryTracingAutoConfiguration.class,
        MicrometerTracingAutoConfiguration.class, NoopTracerAutoConfiguration.class, TracingConfiguration.class})
public class ServiceTracing {

    /** The tracing of a service started with these arguments; its {@code TraceContexts} is the one a service has. */
    public static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(ServiceTracing.class).web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(arguments);
    }
}
