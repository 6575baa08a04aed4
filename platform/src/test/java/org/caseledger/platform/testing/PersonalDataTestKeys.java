package org.caseledger.platform.testing;

import org.caseledger.platform.personaldata.KeyEncryptionKeys;
import org.caseledger.platform.security.Role;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.List;
import java.util.Map;

/**
 * The data keys of a service under test: their own database on the test server (with its owner and runtime roles, as
 * the local stack lays it out) and a key-encryption key made for this run, given as the environment would give it.
 * For a consumer, a service account of the test issuer that may fetch keys.
 */
public final class PersonalDataTestKeys {

    public static final String DATABASE = "personal_data";
    public static final String CLIENT_ID = "caseledger-projections";

    private static final String KEK = KeyEncryptionKeys.generate("test-1");
    private static final String CLIENT_SECRET = Passwords.generate();

    private static TestKeyHolder holder;

    private PersonalDataTestKeys() {
    }

    /**
     * The holder's side of the key channel without a case-service: for a service under test that seals or opens with
     * fetched keys. One for the JVM, on the same keys' database as {@link #registerHolder}.
     */
    public static synchronized TestKeyHolder holder() {
        if (holder == null) {
            holder = new TestKeyHolder(RealInfrastructure.get().database(DATABASE), KEK);
        }
        return holder;
    }

    /** A consumer's properties, as the service under test is given them, for a holder at this address. */
    public static void registerConsumer(DynamicPropertyRegistry registry, String holder) {
        consumerProperties(holder).forEach((name, value) -> registry.add(name, () -> value));
    }

    /** A key-holding service (case-service): its keys' database and the key-encryption key. */
    public static void registerHolder(DynamicPropertyRegistry registry) {
        TestDatabase keys = RealInfrastructure.get().database(DATABASE);
        registry.add("caseledger.personal-data.datasource.url", keys::jdbcUrl);
        registry.add("caseledger.personal-data.datasource.username", keys::runtimeRole);
        registry.add("caseledger.personal-data.datasource.password", keys::runtimePassword);
        registry.add("caseledger.personal-data.flyway.user", keys::ownerRole);
        registry.add("caseledger.personal-data.flyway.password", keys::ownerPassword);
        registry.add("caseledger.personal-data.kek", () -> KEK);
    }

    /** The same for a service process: arguments without secrets, and the secrets as its environment. */
    public static List<String> holderArguments() {
        TestDatabase keys = RealInfrastructure.get().database(DATABASE);
        return List.of("--caseledger.personal-data.datasource.url=" + keys.jdbcUrl(),
                "--caseledger.personal-data.datasource.username=" + keys.runtimeRole(),
                "--caseledger.personal-data.flyway.user=" + keys.ownerRole());
    }

    public static Map<String, String> holderEnvironment() {
        TestDatabase keys = RealInfrastructure.get().database(DATABASE);
        return Map.of("CASELEDGER_PERSONAL_DATA_DATASOURCE_PASSWORD", keys.runtimePassword(),
                "CASELEDGER_PERSONAL_DATA_FLYWAY_PASSWORD", keys.ownerPassword(),
                "CASELEDGER_PERSONAL_DATA_KEK", KEK);
    }

    /** A consumer that opens personal values with keys fetched from the holder at this address. */
    public static Map<String, String> consumerProperties(String holder) {
        TestTokens.get().serviceAccount(CLIENT_ID, CLIENT_SECRET, List.of(Role.PERSONAL_DATA_KEYS.name()));
        return Map.of("caseledger.personal-data.keys-from", holder,
                "caseledger.personal-data.client-id", CLIENT_ID,
                "caseledger.personal-data.client-secret", CLIENT_SECRET);
    }
}
