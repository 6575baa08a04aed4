package org.caseledger.platform.testing;

import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * An Ed25519 key pair for the checkpoints of the services under test, made once per JVM and written as OpenSSL writes
 * one (PKCS#8 and X.509 in PEM), outside the test's database as a deployment keeps it.
 */
public final class LedgerTestKeys {

    private static Path directory;

    private LedgerTestKeys() {
    }

    /** Signs checkpoints every {@code everyEvents} events, looking every second. */
    public static void register(DynamicPropertyRegistry registry, int everyEvents) {
        registry.add("caseledger.ledger.public-key-file", () -> directory().resolve("ledger.pub.pem").toString());
        registry.add("caseledger.ledger.signing-key-file", () -> directory().resolve("ledger.pem").toString());
        registry.add("caseledger.ledger.checkpoint.every-events", () -> String.valueOf(everyEvents));
        registry.add("caseledger.ledger.checkpoint.tick", () -> "1s");
    }

    public static synchronized Path directory() {
        if (directory == null) {
            try {
                Path made = Files.createTempDirectory("caseledger-ledger-keys");
                made.toFile().deleteOnExit();
                KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
                write(made.resolve("ledger.pub.pem"), "PUBLIC KEY", pair.getPublic().getEncoded());
                write(made.resolve("ledger.pem"), "PRIVATE KEY", pair.getPrivate().getEncoded());
                directory = made;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Every Java runtime from 15 on has Ed25519", e);
            }
        }
        return directory;
    }

    private static void write(Path file, String label, byte[] der) throws IOException {
        Files.writeString(file, "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der) + "\n-----END " + label + "-----\n");
        file.toFile().deleteOnExit();
    }
}
