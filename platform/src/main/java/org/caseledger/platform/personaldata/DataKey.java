package org.caseledger.platform.personaldata;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

/**
 * What is known of one data subject's key: the key itself, that it was destroyed, or nothing (a subject this holder
 * has no key for, or none was ever made).
 */
public sealed interface DataKey {

    String ALGORITHM = "AES";
    int BYTES = 32;

    record Present(SecretKey key) implements DataKey {
        public static Present of(byte[] bytes) {
            if (bytes.length != BYTES) {
                throw new IllegalArgumentException("A data key has " + BYTES + " bytes, not " + bytes.length);
            }
            return new Present(new SecretKeySpec(Arrays.copyOf(bytes, BYTES), ALGORITHM));
        }
    }

    record Erased() implements DataKey {
    }

    record Unknown() implements DataKey {
    }

    DataKey ERASED = new Erased();
    DataKey UNKNOWN = new Unknown();
}
