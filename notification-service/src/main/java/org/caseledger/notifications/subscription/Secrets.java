package org.caseledger.notifications.subscription;

import java.security.SecureRandom;
import java.util.Base64;

/** Webhook signing secrets in the Standard Webhooks form: {@code whsec_} and 32 random bytes in base64. */
final class Secrets {

    static final String PREFIX = "whsec_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return PREFIX + Base64.getEncoder().encodeToString(key);
    }
}
