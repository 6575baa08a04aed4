package org.caseledger.notifications.config;

import com.github.kagkarlsson.scheduler.boot.config.DbSchedulerCustomizer;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import com.github.kagkarlsson.scheduler.serializer.Serializer;
import com.github.kagkarlsson.scheduler.task.Task;
import org.caseledger.notifications.delivery.Courier;
import org.caseledger.notifications.delivery.DeliveryTask;
import org.caseledger.notifications.email.EmailSender;
import org.caseledger.notifications.personaldata.NameLearning;
import org.caseledger.notifications.personaldata.PersonNames;
import org.caseledger.notifications.webhook.WebhookAddresses;
import org.caseledger.notifications.webhook.WebhookSender;
import org.caseledger.platform.kafka.KafkaSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Optional;

/**
 * The channels and the durable schedule behind them: db-scheduler in this service's PostgreSQL (table
 * {@code scheduled_tasks}) runs every attempt and the reading of names, on the service's clock.
 */
@Configuration
class DeliveryConfiguration {

    @Bean
    WebhookAddresses webhookAddresses(NotificationSettings settings) {
        return WebhookAddresses.system(settings.webhooks().allowLoopback());
    }

    @Bean
    WebhookSender webhookSender(WebhookAddresses addresses, NotificationSettings settings) {
        return new WebhookSender(addresses, settings.webhooks());
    }

    @Bean
    EmailSender emailSender(JavaMailSender mail, NotificationSettings settings) {
        return new EmailSender(mail, settings.mailFrom());
    }

    @Bean
    Task<Void> deliveryTask(Courier courier) {
        return DeliveryTask.task(courier);
    }

    @Bean
    Task<Void> nameLearningTask(PersonNames names, KafkaSettings kafka, TransactionTemplate transaction) {
        return NameLearning.task(names, kafka, transaction);
    }

    /** Task data, where there is any, as JSON: readable in the table, and no Java deserialisation. */
    @Bean
    DbSchedulerCustomizer jsonTaskData() {
        return new DbSchedulerCustomizer() {
            @Override
            public Optional<Serializer> serializer() {
                return Optional.of(new JacksonSerializer());
            }
        };
    }
}
