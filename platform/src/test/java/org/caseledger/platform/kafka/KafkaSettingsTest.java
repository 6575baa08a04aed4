package org.caseledger.platform.kafka;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSettingsTest {

    @Test
    void canTakeTheTlsSettingsOfAClusterFromEnvironmentVariablesAsAContainerGetsThem() {
        KafkaSettings settings = bind(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "CASELEDGER_KAFKA_BOOTSTRAPSERVERS", "caseledger-kafka-bootstrap:9093",
                "CASELEDGER_KAFKA_CLIENTPROPERTIES_SECURITY_PROTOCOL", "SSL",
                "CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_KEYSTORE_TYPE", "PKCS12",
                "CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_KEYSTORE_LOCATION", "/etc/kafka/user/user.p12",
                "CASELEDGER_KAFKA_CLIENTPROPERTIES_SSL_KEYSTORE_PASSWORD", "from-a-secret")));

        assertThat(settings.clientConfig(Map.of("group.id", "projections.case-status"))).containsAllEntriesOf(Map.of(
                "bootstrap.servers", "caseledger-kafka-bootstrap:9093",
                "security.protocol", "SSL",
                "ssl.keystore.type", "PKCS12",
                "ssl.keystore.location", "/etc/kafka/user/user.p12",
                "ssl.keystore.password", "from-a-secret",
                "group.id", "projections.case-status"));
    }

    @Test
    void canTakeClientPropertiesFromAConfigurationFileWithTheirKafkaNames() {
        KafkaSettings settings = bind(new MapPropertySource("application.yml", Map.of(
                "caseledger.kafka.bootstrap-servers", "localhost:9092",
                "caseledger.kafka.client-properties.security.protocol", "SSL",
                "caseledger.kafka.client-properties.ssl.truststore.location", "/etc/kafka/ca/ca.p12")));

        assertThat(settings.clientProperties()).isEqualTo(Map.of(
                "security.protocol", "SSL", "ssl.truststore.location", "/etc/kafka/ca/ca.p12"));
    }

    @Test
    void letsOneBrokerOfThreeFailWithoutAcknowledgingARecordThatOnlyOneHolds() {
        assertThat(replicated("1").minInSyncReplicas()).isEqualTo(1);
        assertThat(replicated("3").minInSyncReplicas()).isEqualTo(2);
    }

    private static KafkaSettings replicated(String replicationFactor) {
        return bind(new MapPropertySource("application.yml", Map.of(
                "caseledger.kafka.bootstrap-servers", "localhost:9092",
                "caseledger.kafka.replication-factor", replicationFactor)));
    }

    @Test
    void cannotPassAClientPropertyThatTheLedgersGuaranteesRestOn() {
        assertThatThrownBy(() -> bind(new MapPropertySource("application.yml", Map.of(
                "caseledger.kafka.bootstrap-servers", "localhost:9092",
                "caseledger.kafka.client-properties.enable.auto.commit", "true",
                "caseledger.kafka.client-properties.acks", "1"))))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("may not set [acks, enable.auto.commit]");
    }

    @Test
    void keepsStorePasswordsOutOfItsDescription() {
        KafkaSettings settings = bind(new MapPropertySource("application.yml", Map.of(
                "caseledger.kafka.bootstrap-servers", "localhost:9092",
                "caseledger.kafka.client-properties.ssl.keystore.password", "s3cret-keystore",
                "caseledger.kafka.client-properties.ssl.truststore.password", "s3cret-truststore")));

        assertThat(settings.toString()).doesNotContain("s3cret").contains("ssl.keystore.password=(hidden)");
    }

    private static KafkaSettings bind(org.springframework.core.env.PropertySource<?> source) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(source);
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("caseledger.kafka",
                KafkaSettings.class);
    }
}
