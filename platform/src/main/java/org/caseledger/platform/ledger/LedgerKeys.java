package org.caseledger.platform.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The Ed25519 keys of the checkpoints, read from PEM files outside the data (OpenSSL's
 * {@code genpkey -algorithm ed25519} and {@code pkey -pubout}). The public key alone verifies; the private key, where
 * given, signs, and must belong to the public key.
 */
public final class LedgerKeys {

    private final PublicKey publicKey;
    private final PrivateKey privateKey;
    private final String keyId;

    private LedgerKeys(PublicKey publicKey, PrivateKey privateKey) {
        this.publicKey = publicKey;
        this.privateKey = privateKey;
        this.keyId = HexFormat.of().formatHex(Arrays.copyOf(EventChain.sha256().digest(publicKey.getEncoded()), 8));
        if (privateKey != null && !verify(sign(keyId.getBytes(StandardCharsets.UTF_8)),
                keyId.getBytes(StandardCharsets.UTF_8))) {
            throw new IllegalArgumentException("The checkpoints' signing key does not belong to their public key "
                    + keyId + ": give the two files of one key pair");
        }
    }

    public static LedgerKeys read(Path publicKeyFile, Optional<Path> privateKeyFile) {
        try {
            KeyFactory ed25519 = KeyFactory.getInstance("Ed25519");
            PublicKey publicKey = ed25519.generatePublic(new X509EncodedKeySpec(pem(publicKeyFile, "PUBLIC KEY")));
            PrivateKey privateKey = privateKeyFile.isEmpty() ? null
                    : ed25519.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile.get(), "PRIVATE KEY")));
            return new LedgerKeys(publicKey, privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not an Ed25519 key in " + publicKeyFile
                    + privateKeyFile.map(path -> " or " + path).orElse("") + ": " + e.getMessage(), e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public boolean canSign() {
        return privateKey != null;
    }

    public byte[] sign(byte[] message) {
        if (privateKey == null) {
            throw new IllegalStateException("No signing key is configured, only the public key " + keyId);
        }
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign with Ed25519", e);
        }
    }

    public boolean verify(byte[] signatureBytes, byte[] message) {
        try {
            Signature signature = Signature.getInstance("Ed25519");
            signature.initVerify(publicKey);
            signature.update(message);
            return signature.verify(signatureBytes);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] pem(Path file, String label) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the key file " + file, e);
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(file + " holds no PEM block '" + label + "'");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }
}
