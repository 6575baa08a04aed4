package org.caseledger.local;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The local stack's passwords, one file each under {@code $CASELEDGER_DATA/secrets} (folders 0700, files 0600,
 * the password alone without a line break), generated the first time they are asked for. deploy/local/lib.sh writes
 * the same format.
 */
final class LocalSecrets {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path root;

    LocalSecrets(Path dataRoot) {
        this.root = dataRoot.resolve("secrets");
    }

    Path file(String name) {
        return root.resolve(name);
    }

    boolean exists(String name) {
        return Files.exists(file(name));
    }

    /** The password kept under {@code name} (e.g. {@code postgres/case_service}), made when missing. */
    String password(String name) throws IOException {
        Path file = file(name);
        if (!Files.exists(file)) {
            createPrivateDirectories(file.getParent());
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, generate());
            } catch (FileAlreadyExistsException raced) {
                // another process made it first; theirs is the password
            }
        }
        String password = Files.readString(file).strip();
        if (password.isEmpty()) {
            throw new IllegalStateException(file + " is empty; delete it to have a new password generated");
        }
        return password;
    }

    private void createPrivateDirectories(Path directory) throws IOException {
        if (directory.equals(root.getParent()) || Files.isDirectory(directory)) {
            return;
        }
        createPrivateDirectories(directory.getParent());
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static String generate() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
