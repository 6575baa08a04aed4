package org.caseledger.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;

/**
 * The Ed25519 key pair a service of the local stack signs its ledger's checkpoints with, made the first time it is
 * asked for: {@code <folder>/<service>.pem} (PKCS#8, mode 0600) and {@code <service>.pub.pem} (X.509), in PEM as
 * OpenSSL writes them. For development only: a deployment gives each service a key made and kept apart from its data.
 */
public final class LocalLedgerKeys {

    private LocalLedgerKeys() {
    }

    public static void main(String[] args) throws IOException, GeneralSecurityException {
        if (args.length != 2) {
            throw new IllegalArgumentException("Usage: LocalLedgerKeys <folder> <service>");
        }
        Path folder = Path.of(args[0]);
        Path privateKey = folder.resolve(args[1] + ".pem");
        Path publicKey = folder.resolve(args[1] + ".pub.pem");
        if (Files.exists(privateKey) && Files.exists(publicKey)) {
            return;
        }
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try {
            Files.createFile(privateKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(publicKey, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.out.println("made the checkpoint signing key of " + args[1] + " in " + folder);
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
