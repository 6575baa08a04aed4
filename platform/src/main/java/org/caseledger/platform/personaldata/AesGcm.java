package org.caseledger.platform.personaldata;

import javax.crypto.Cipher;
import java.security.GeneralSecurityException;

/**
 * One AES/GCM cipher per thread, for the values the codec seals and opens and the data keys the key-encryption keys
 * wrap and unwrap. {@code Cipher.getInstance} looks up a provider every time, and a cipher initialised again with the
 * key it last had skips the key schedule. Every use initialises it anew and finishes with it ({@code doFinal}) before
 * anything else on the thread takes it, so nothing carries over from one value or key to the next. It holds the last
 * key it was given until the thread's next use, as a discarded cipher held it until the garbage collector reused its
 * memory.
 */
final class AesGcm {

    private static final String TRANSFORMATION = "AES/GCM/NoPadding";
    private static final ThreadLocal<Cipher> CIPHER = new ThreadLocal<>();

    private AesGcm() {
    }

    static Cipher cipher() throws GeneralSecurityException {
        Cipher cipher = CIPHER.get();
        if (cipher == null) {
            cipher = Cipher.getInstance(TRANSFORMATION);
            CIPHER.set(cipher);
        }
        return cipher;
    }
}
