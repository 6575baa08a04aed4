package org.caseledger.platform.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

/** A running Kafka broker in KRaft mode. */
interface KafkaServer {

    String bootstrapServers();

    void stop();

    static KafkaServer embedded() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        // As in production: topics are declared by the services with their own settings, never auto-created.
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return new KafkaServer() {
            @Override
            public String bootstrapServers() {
                return broker.getBrokersAsString();
            }

            @Override
            public void stop() {
                broker.destroy();
            }
        };
    }

    static KafkaServer container() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        return new KafkaServer() {
            @Override
            public String bootstrapServers() {
                return kafka.getBootstrapServers();
            }

            @Override
            public void stop() {
                kafka.stop();
            }
        };
    }
}
