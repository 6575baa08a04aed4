package org.caseledger.platform.testing;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.List;

/** A running Kafka broker in KRaft mode. */
public interface KafkaServer {

    String bootstrapServers();

    void stop();

    /** The folders the broker keeps its log segments in, where the test can read them; empty in a container. */
    default List<Path> logDirectories() {
        return List.of();
    }

    static KafkaServer embedded() {
        return embeddedOnPort(0);
    }

    /** An in-process broker on a given port, so that a test can start Kafka where a service already looks for it. */
    static KafkaServer embeddedOnPort(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        if (port != 0) {
            // The KRaft test kit ignores kafkaPorts(); its listener names are EXTERNAL and CONTROLLER.
            broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        }
        // As in production: topics are declared by the services with their own settings, never auto-created.
        broker.brokerProperty("auto.create.topics.enable", "false");
        // The publisher writes in transactions, whose state a single broker keeps in one replica.
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
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

            @Override
            public List<Path> logDirectories() {
                return broker.getCluster().nodes().brokerNodes().values().stream()
                        .flatMap(node -> node.logDataDirectories().stream())
                        .map(Path::of)
                        .toList();
            }
        };
    }

    static KafkaServer container() {
        KafkaContainer kafka = new KafkaContainer("apache/kafka:3.9.1")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1")
                .withEnv("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
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
