package org.caseledger.appeals.config;

import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.personaldata.PersonalDataCodec;
import org.caseledger.platform.personaldata.RemoteDataKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * An appeal's summaries are about the case's person, whose data key case-service holds: this service seals them with
 * that key, fetched as the service account of the key channel ({@code caseledger.personal-data.keys-from}), as they
 * are stored and published. It makes no keys: a case whose person has none is refused, and a case-service that does
 * not answer fails the write (docs/personal-data.md).
 */
@Configuration(proxyBeanMethods = false)
class PersonalDataSealingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataSealingConfiguration.class);

    /** {@code caseledger.personal-data.sealing=false} is the same switch as case-service's: for measuring only. */
    @Bean
    @ConditionalOnProperty("caseledger.personal-data.keys-from")
    PersonalDataCodec personalDataCodec(RemoteDataKeys keys,
                                        @Value("${caseledger.personal-data.sealing:true}") boolean sealing) {
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        if (!sealing) {
            log.warn("Appeal summaries are stored and published in clear (caseledger.personal-data.sealing=false): "
                    + "for measuring only");
            codec.sealing(false);
        }
        return codec;
    }

    /**
     * Without the key channel the summaries would be stored in clear, as case-service stores its personal values
     * without its keys' database: said loudly at start, since no ledger of real people may run so.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnExpression("'${caseledger.personal-data.keys-from:}'.isBlank()")
    static class WithoutKeys {
        WithoutKeys() {
            log.warn("caseledger.personal-data.keys-from is not set: appeal summaries are stored and published in "
                    + "clear; set it (and the service account) so that they are sealed with the case person's key");
        }
    }
}
