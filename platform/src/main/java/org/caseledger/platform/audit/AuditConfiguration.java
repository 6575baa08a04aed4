package org.caseledger.platform.audit;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.caseledger.platform.logging.LogContext;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.util.HashMap;
import java.util.Map;

/**
 * Every command carries who sent it, and every event inherits that and the request's correlation id from the
 * command that caused it.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class AuditConfiguration {

    private static final String CORRELATION_KEY = "correlationId";

    /** Axon's own provider of correlation and trace ids, which it only defines when no other provider exists. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider recordedByProvider() {
        return new SimpleCorrelationDataProvider(RecordedBy.METADATA_KEY);
    }

    /**
     * Who sent the command, and the correlation id of the request that sent it: every command of one request, and
     * every event they cause, share the id its log lines carry (Axon's {@link MessageOriginProvider} passes on a
     * command's {@code correlationId} and takes its own id only where there is none).
     */
    @Bean
    SmartInitializingSingleton recordedByOnEveryCommand(CommandBus commandBus) {
        MessageDispatchInterceptor<CommandMessage<?>> interceptor = messages -> (index, command) -> {
            Map<String, Object> added = new HashMap<>();
            if (!command.getMetaData().containsKey(RecordedBy.METADATA_KEY)) {
                added.put(RecordedBy.METADATA_KEY, RecordedBy.current());
            }
            String correlationId = LogContext.correlationId();
            if (correlationId != null && !command.getMetaData().containsKey(CORRELATION_KEY)) {
                added.put(CORRELATION_KEY, correlationId);
            }
            return added.isEmpty() ? command : command.andMetaData(added);
        };
        return () -> commandBus.registerDispatchInterceptor(interceptor);
    }
}
