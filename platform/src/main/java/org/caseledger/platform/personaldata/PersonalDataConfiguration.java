package org.caseledger.platform.personaldata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.caseledger.platform.json.EventJson;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Personal data sealed per data subject, in a service that holds the keys ({@code
 * caseledger.personal-data.datasource.url} names their database): the keys' database, migrated by its owner role
 * ({@code caseledger.personal-data.flyway.user}) and used as its runtime role, the key-encryption keys from the
 * environment ({@code CASELEDGER_PERSONAL_DATA_KEK}) or a secret file ({@code caseledger.personal-data.kek-file}),
 * and the codec that the event store and the publisher seal with. The keys' pool is not a {@code DataSource} bean,
 * so the service's own database stays the one Spring Boot configures.
 */
@AutoConfiguration
@ConditionalOnProperty("caseledger.personal-data.datasource.url")
public class PersonalDataConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource personalDataKeysPool(@Value("${caseledger.personal-data.datasource.url}") String url,
                                          @Value("${caseledger.personal-data.datasource.username}") String user,
                                          @Value("${caseledger.personal-data.datasource.password:}") String password,
                                          @Value("${caseledger.personal-data.flyway.user}") String owner,
                                          @Value("${caseledger.personal-data.flyway.password:}") String ownerPassword) {
        Flyway.configure()
                .dataSource(url, owner, ownerPassword)
                .locations("classpath:db/personal-data", "classpath:db/roles")
                .placeholders(Map.of("runtime_role", user))
                .load()
                .migrate();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setPoolName("personal-data-keys");
        pool.setMaximumPoolSize(4);
        pool.setConnectionTimeout(5000);
        return new HikariDataSource(pool);
    }

    @Bean
    KeyEncryptionKeys keyEncryptionKeys(@Value("${caseledger.personal-data.kek:}") String given,
                                        @Value("${caseledger.personal-data.kek-file:}") String file) {
        if (!given.isBlank() && !file.isBlank()) {
            throw new IllegalStateException("The key-encryption keys are given twice: set either "
                    + "CASELEDGER_PERSONAL_DATA_KEK or caseledger.personal-data.kek-file");
        }
        return file.isBlank() ? KeyEncryptionKeys.parse(given) : KeyEncryptionKeys.read(Path.of(file));
    }

    @Bean
    JdbcDataKeys dataKeys(HikariDataSource personalDataKeysPool, KeyEncryptionKeys keks,
                          @Value("${caseledger.personal-data.key-cache:10s}") Duration cacheFor,
                          @Value("${caseledger.personal-data.key-cache-entries:"
                                  + JdbcDataKeys.DEFAULT_CACHE_ENTRIES + "}") int cacheEntries) {
        JdbcDataKeys keys = new JdbcDataKeys(personalDataKeysPool, keks, cacheFor, Clock.systemUTC(), cacheEntries);
        int moved = keys.rewrap();
        if (moved > 0) {
            log.info("Rewrapped {} data keys with key-encryption key '{}'", moved, keks.currentId());
        }
        return keys;
    }

    @Bean
    DataKeyController dataKeyController(JdbcDataKeys keys) {
        return new DataKeyController(keys);
    }

    /**
     * The codec the event store and the publisher seal with. {@code caseledger.personal-data.sealing=false} leaves
     * personal values plain: it exists to measure what sealing costs, never for a ledger that holds real people.
     */
    @Bean
    PersonalDataCodec personalDataCodec(JdbcDataKeys keys,
                                        @Value("${caseledger.personal-data.sealing:true}") boolean sealing) {
        PersonalDataCodec codec = new PersonalDataCodec(EventJson.mapper(), keys);
        if (!sealing) {
            log.warn("Personal data is stored and published in clear (caseledger.personal-data.sealing=false): "
                    + "for measuring only");
            codec.sealing(false);
        }
        return codec;
    }
}
