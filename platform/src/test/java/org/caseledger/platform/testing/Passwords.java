package org.caseledger.platform.testing;

import java.security.SecureRandom;
import java.util.Base64;

/** Passwords for the roles of one test run, never written anywhere. */
final class Passwords {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Passwords() {
    }

    static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
