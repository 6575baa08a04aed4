package org.caseledger.platform.personaldata;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

import java.net.URI;
import java.time.Clock;

/**
 * A consumer that may show personal data gets its data keys from the service that holds them ({@code
 * caseledger.personal-data.keys-from}, e.g. {@code http://localhost:8081}) as the service account {@code
 * caseledger.personal-data.client-id} / {@code client-secret} of the OpenID Connect issuer. Its topic consumers open
 * sealed values with them; without this setting they withhold every sealed value.
 */
@AutoConfiguration
@ConditionalOnProperty("caseledger.personal-data.keys-from")
public class PersonalDataKeysClientConfiguration {

    @Bean
    RemoteDataKeys remoteDataKeys(@Value("${caseledger.personal-data.keys-from}") URI holder,
                                  @Value("${caseledger.personal-data.token-uri:${spring.security.oauth2.resourceserver"
                                          + ".jwt.issuer-uri}/protocol/openid-connect/token}") URI tokenUri,
                                  @Value("${caseledger.personal-data.client-id}") String clientId,
                                  @Value("${caseledger.personal-data.client-secret}") String clientSecret,
                                  @Value("${caseledger.personal-data.key-cache-entries:"
                                          + RemoteDataKeys.DEFAULT_KEYS_HELD + "}") int keysHeld) {
        return new RemoteDataKeys(holder, tokenUri, clientId, clientSecret, Clock.systemUTC(), keysHeld);
    }
}
