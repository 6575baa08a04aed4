package org.caseledger.platform.ledger;

import org.apache.kafka.clients.producer.Producer;
import org.caseledger.api.Topics;
import org.caseledger.platform.kafka.KafkaSettings;
import org.caseledger.platform.kafka.TopicDeclaration;
import org.caseledger.platform.publishing.EventPublishingConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The proof of the event store, in every service that keeps one: its verification, and its signed checkpoints where
 * a signing key is given. The keys are files named by {@code caseledger.ledger.public-key-file} and
 * {@code caseledger.ledger.signing-key-file} (CASELEDGER_LEDGER_PUBLIC_KEY_FILE, CASELEDGER_LEDGER_SIGNING_KEY_FILE),
 * outside the data: a key kept beside the data could be used by whoever alters it to sign the alteration.
 */
@AutoConfiguration(after = EventPublishingConfiguration.class)
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class LedgerConfiguration {

    @Bean
    LedgerVerifier ledgerVerifier(DataSource dataSource,
                                  @Value("${caseledger.ledger.public-key-file:}") String publicKeyFile,
                                  @Value("${caseledger.ledger.signing-key-file:}") String signingKeyFile) {
        return new LedgerVerifier(dataSource, keys(publicKeyFile, signingKeyFile, false));
    }

    @Bean
    LedgerVerificationController ledgerVerificationController(LedgerVerifier verifier) {
        return new LedgerVerificationController(verifier);
    }

    @Bean
    LedgerExportController ledgerExportController(DataSource dataSource,
                                                  @Value("${spring.application.name}") String service) {
        // The real time, whatever clock the service's rules run on: an export says when it was made.
        return new LedgerExportController(dataSource, service, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty("caseledger.ledger.signing-key-file")
    Checkpointer checkpointer(JdbcClient jdbc, PlatformTransactionManager transactionManager,
                              Producer<String, byte[]> eventProducer, TopicDeclaration topics, KafkaSettings kafka,
                              @Value("${spring.application.name}") String service,
                              @Value("${caseledger.ledger.public-key-file:}") String publicKeyFile,
                              @Value("${caseledger.ledger.signing-key-file}") String signingKeyFile,
                              @Value("${caseledger.ledger.checkpoint.every-events:1000}") long everyEvents,
                              @Value("${caseledger.ledger.checkpoint.every:10m}") Duration every,
                              @Value("${caseledger.ledger.checkpoint.tick:5s}") Duration tick,
                              @Value("${caseledger.ledger.checkpoint.rest-factor:20}") long restFactor) {
        LedgerKeys keys = keys(publicKeyFile, signingKeyFile, true).orElseThrow();
        // The real time, whatever clock the service's rules run on: a checkpoint says when it was signed.
        return new Checkpointer(jdbc, new TransactionTemplate(transactionManager), keys, service, everyEvents, every,
                Clock.systemUTC(), eventProducer, topics, Topics.CHECKPOINTS, kafka.sendTimeout(), tick,
                restFactor);
    }

    private static Optional<LedgerKeys> keys(String publicKeyFile, String signingKeyFile, boolean signing) {
        if (publicKeyFile.isBlank()) {
            if (!signingKeyFile.isBlank()) {
                throw new IllegalStateException("caseledger.ledger.signing-key-file is given without "
                        + "caseledger.ledger.public-key-file: name the public key of the pair too, which verifies the "
                        + "checkpoints");
            }
            return Optional.empty();
        }
        return Optional.of(LedgerKeys.read(Path.of(publicKeyFile),
                signing ? Optional.of(Path.of(signingKeyFile)) : Optional.empty()));
    }
}
