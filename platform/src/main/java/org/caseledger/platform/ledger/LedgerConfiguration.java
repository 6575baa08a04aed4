package org.caseledger.platform.ledger;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/** The proof of the event store, in every service that keeps one. */
@AutoConfiguration
@ConditionalOnClass(name = "org.axonframework.springboot.autoconfig.AxonAutoConfiguration")
public class LedgerConfiguration {

    @Bean
    LedgerVerifier ledgerVerifier(DataSource dataSource) {
        return new LedgerVerifier(dataSource);
    }

    @Bean
    LedgerVerificationController ledgerVerificationController(LedgerVerifier verifier) {
        return new LedgerVerificationController(verifier);
    }
}
