package org.caseledger.platform.audit;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.util.Map;

/**
 * Every command carries who sent it, and every event inherits that and the request's correlation id from the
 * command that caused it.
 */
@AutoConfiguration(beforeName = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class AuditConfiguration {

    /** Axon's own provider of correlation and trace ids, which it only defines when no other provider exists. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    CorrelationDataProvider recordedByProvider() {
        return new SimpleCorrelationDataProvider(RecordedBy.METADATA_KEY);
    }

    @Bean
    SmartInitializingSingleton recordedByOnEveryCommand(CommandBus commandBus) {
        MessageDispatchInterceptor<CommandMessage<?>> interceptor = messages -> (index, command) ->
                command.getMetaData().containsKey(RecordedBy.METADATA_KEY)
                        ? command
                        : command.andMetaData(Map.of(RecordedBy.METADATA_KEY, RecordedBy.current()));
        return () -> commandBus.registerDispatchInterceptor(interceptor);
    }
}
