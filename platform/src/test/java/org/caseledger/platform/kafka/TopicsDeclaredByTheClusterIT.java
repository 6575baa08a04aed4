package org.caseledger.platform.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A broker that authorizes every request, as a cluster does where the topics are declared by the cluster and each
 * service has a user with the rights to write its own topic and read what it consumes, nothing more. Clients
 * authenticate through the pass-through client properties; on the cluster it is TLS, here SASL/PLAIN over the same
 * mechanism, which needs no certificates.
 */
class TopicsDeclaredByTheClusterIT {

    private static final String TOPIC = "caseledger.cluster-declared.v1";
    private static final String GROUP = "projections.cluster-declared";

    private static EmbeddedKafkaKraftBroker broker;

    @BeforeAll
    static void startBrokerThatAuthorizesEveryRequest() throws Exception {
        // Without Spring Boot, Logback logs every line of the broker's start and stop, and the refused logins that
        // these tests provoke on purpose; the assertions say what went wrong.
        ((Logger) LoggerFactory.getLogger("kafka")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("state.change.logger")).setLevel(Level.ERROR);
        ((Logger) LoggerFactory.getLogger("org.apache.kafka")).setLevel(Level.OFF);
        ((Logger) LoggerFactory.getLogger("org.apache.zookeeper")).setLevel(Level.WARN);
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
        broker.brokerProperty("sasl.enabled.mechanisms", "PLAIN");
        broker.brokerProperty("sasl.mechanism.inter.broker.protocol", "PLAIN");
        broker.brokerProperty("listener.name.external.plain.sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"operator\" password=\"operator-password\" "
                        + "user_operator=\"operator-password\" user_projections=\"projections-password\";");
        broker.brokerProperty("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        broker.brokerProperty("super.users", "User:operator;User:ANONYMOUS");
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();

        try (Admin operator = Admin.create(as("operator", "operator-password").clientConfig(Map.of()))) {
            operator.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, TOPIC, PatternType.LITERAL);
            ResourcePattern group = new ResourcePattern(ResourceType.GROUP, GROUP, PatternType.LITERAL);
            operator.createAcls(List.of(
                    allow(topic, AclOperation.READ), allow(topic, AclOperation.WRITE), allow(group, AclOperation.READ)))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void canUseATopicThatTheClusterDeclaredWithoutTheRightToCreateTopics() {
        new TopicDeclaration(as("projections", "projections-password")).ensure(TOPIC);
    }

    @Test
    void cannotUseATopicThatNobodyDeclaredAndSaysWhereToDeclareIt() {
        assertThatThrownBy(() -> new TopicDeclaration(as("projections", "projections-password"))
                .ensure("caseledger.undeclared.v1"))
                .hasMessageContaining("does not exist or this service's Kafka user has no right to it");
    }

    @Test
    void canWriteAndReadWithTheUserGivenInTheClientProperties() {
        KafkaSettings settings = as("projections", "projections-password");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(settings.clientConfig(Map.of(
                "acks", "all", "enable.idempotence", true)), new StringSerializer(), new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(settings.clientConfig(Map.of(
                     ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                     ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                     ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed")),
                     new StringDeserializer(), new StringDeserializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "case-1", "DetentionReported")).get(30, TimeUnit.SECONDS);
            consumer.subscribe(List.of(TOPIC));
            List<String> read = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach((ConsumerRecord<String, String> r) -> read.add(r.value()));
                return read.contains("DetentionReported");
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void cannotReadWithoutTheUsersCredentials() {
        assertThatThrownBy(() -> new TopicDeclaration(as("projections", "a-wrong-password")).ensure(TOPIC))
                .hasMessageContaining("Authentication failed");
    }

    private static KafkaSettings as(String user, String password) {
        return new KafkaSettings(broker.getBrokersAsString(), 1, (short) 1, Duration.ofSeconds(20), Map.of(
                "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                        + "username=\"" + user + "\" password=\"" + password + "\";"));
    }

    private static AclBinding allow(ResourcePattern resource, AclOperation operation) {
        return new AclBinding(resource, new AccessControlEntry("User:projections", "*", operation,
                AclPermissionType.ALLOW));
    }
}
