package org.caseledger.platform.personaldata;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The key-encryption keys that wrap the data keys, given from outside the database (an environment variable or a
 * secret file) as lines {@code <id>:<base64 of 32 bytes>}. The first wraps new keys; the others still unwrap what they
 * wrapped, until {@link JdbcDataKeys#rewrap()} has moved every data key to the first. Each wrapped key names the id of
 * the key-encryption key that wrapped it, so a new one can be introduced without touching an event.
 */
public final class KeyEncryptionKeys {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int IV_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, SecretKey> keys;
    private final String current;

    private KeyEncryptionKeys(Map<String, SecretKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("No key-encryption key is given: set CASELEDGER_PERSONAL_DATA_KEK "
                    + "or caseledger.personal-data.kek-file to lines '<id>:<base64 of 32 random bytes>'");
        }
        this.keys = Map.copyOf(keys);
        this.current = keys.keySet().iterator().next();
    }

    /** Parses lines or comma-separated entries {@code <id>:<base64>}; the first is the current one. */
    public static KeyEncryptionKeys parse(String text) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        for (String entry : text.split("[,\\n]")) {
            String trimmed = entry.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int colon = trimmed.indexOf(':');
            String id = colon < 0 ? "" : trimmed.substring(0, colon);
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("A key-encryption key is written '<id>:<base64 of 32 bytes>', "
                        + "its id of letters, digits, '.', '_' or '-'");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(trimmed.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Key-encryption key '" + id + "' is not base64");
            }
            if (bytes.length != 32) {
                throw new IllegalArgumentException("Key-encryption key '" + id + "' has " + bytes.length
                        + " bytes; AES-256 takes 32");
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(bytes, "AES")) != null) {
                throw new IllegalArgumentException("Key-encryption key '" + id + "' is given twice");
            }
            Arrays.fill(bytes, (byte) 0);
        }
        return new KeyEncryptionKeys(keys);
    }

    public static KeyEncryptionKeys read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key-encryption keys from " + file, e);
        }
    }

    /** A new key-encryption key in the form {@link #parse} reads. */
    public static String generate(String id) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return id + ":" + Base64.getEncoder().encodeToString(bytes);
    }

    public String currentId() {
        return current;
    }

    public boolean knows(String id) {
        return keys.containsKey(id);
    }

    /** The data key wrapped by the current key-encryption key, bound to its subject. */
    byte[] wrap(String subject, byte[] dataKey) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = AesGcm.cipher();
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(current), new GCMParameterSpec(128, iv));
            cipher.updateAAD(associatedData(subject, current));
            byte[] sealed = cipher.doFinal(dataKey);
            return ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot wrap a data key", e);
        }
    }

    byte[] unwrap(String subject, String kekId, byte[] wrapped) {
        SecretKey kek = keys.get(kekId);
        if (kek == null) {
            throw new IllegalStateException("The data key of subject " + subject + " is wrapped by key-encryption key '"
                    + kekId + "', which is not given; give it beside the current one until the keys are rewrapped");
        }
        try {
            Cipher cipher = AesGcm.cipher();
            cipher.init(Cipher.DECRYPT_MODE, kek, new GCMParameterSpec(128, wrapped, 0, IV_BYTES));
            cipher.updateAAD(associatedData(subject, kekId));
            return cipher.doFinal(wrapped, IV_BYTES, wrapped.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The data key of subject " + subject + " does not unwrap with key-encryption key '"
                    + kekId + "': the key or its row was altered", e);
        }
    }

    private static byte[] associatedData(String subject, String kekId) {
        return ("caseledger data key\n" + subject + "\n" + kekId).getBytes(StandardCharsets.UTF_8);
    }
}
