package org.caseledger.platform.tracing;

import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Map;

/**
 * Carries the trace of a request through the command and into the events it causes: the command takes the
 * request's trace context in its metadata where it is sent, its handling is a span of that trace, and every event
 * applied while it is handled stores that span's context as {@code traceparent} in its metadata. The publisher puts
 * it on the Kafka record and the consumers continue the trace from there. Spans are exported only where
 * {@code management.otlp.tracing.endpoint} names a collector.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.tracing.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryTracingAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.tracing.OpenTelemetryPropagationConfigurations"},
        beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class TracingConfiguration {

    @Bean
    TraceContexts traceContexts(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        // Without a tracer on the classpath Spring Boot's does nothing; management.tracing.enabled=false keeps the
        // tracer but propagates nothing, so nothing is carried then either.
        boolean off = available == null || available == Tracer.NOOP || propagation == null;
        return off ? TraceContexts.off() : new TraceContexts(available, propagation);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
    static class CommandTracing {

        /**
         * The trace context of the span that handles the command, taken by every event applied meanwhile; outside
         * one (a deadline firing), the context the message itself carries, if any.
         */
        @Bean
        CorrelationDataProvider traceparentProvider(TraceContexts traces) {
            return message -> {
                String traceparent = traces.current();
                Object carried = traceparent != null ? traceparent : message.getMetaData().get(TraceContexts.TRACEPARENT);
                return carried == null ? Map.of() : Map.of(TraceContexts.TRACEPARENT, carried);
            };
        }

        /**
         * A command carries the trace context of where it was sent and is handled in a span of that trace, on
         * whichever thread handles it.
         */
        @Bean
        SmartInitializingSingleton tracedCommands(ObjectProvider<CommandBus> commandBus, TraceContexts traces) {
            MessageDispatchInterceptor<CommandMessage<?>> carry = messages -> (index, command) -> {
                String traceparent = traces.current();
                return traceparent == null || command.getMetaData().containsKey(TraceContexts.TRACEPARENT)
                        ? command : command.andMetaData(Map.of(TraceContexts.TRACEPARENT, traceparent));
            };
            MessageHandlerInterceptor<CommandMessage<?>> handleInSpan = (unitOfWork, chain) -> {
                CommandMessage<?> command = unitOfWork.getMessage();
                Object traceparent = command.getMetaData().get(TraceContexts.TRACEPARENT);
                return traces.calling(traceparent == null ? null : traceparent.toString(),
                        "handle " + command.getCommandName().substring(command.getCommandName().lastIndexOf('.') + 1),
                        null, Map.of(), chain::proceed);
            };
            return () -> commandBus.ifAvailable(bus -> {
                bus.registerDispatchInterceptor(carry);
                bus.registerHandlerInterceptor(handleInSpan);
            });
        }
    }
}
