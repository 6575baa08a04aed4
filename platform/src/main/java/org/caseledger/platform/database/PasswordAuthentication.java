package org.caseledger.platform.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Client authentication of a PostgreSQL server run from a data directory of ours (the local stack, the embedded test
 * server): every connection, over TCP or the Unix socket, even from this machine, proves its password with
 * SCRAM-SHA-256. initdb's default trusts every local connection, which would let any user of the machine in as the
 * superuser.
 */
public final class PasswordAuthentication {

    static final String PG_HBA = """
            # Written by caseledger: every connection proves its role's password with SCRAM, even from this machine.
            # TYPE  DATABASE  USER  ADDRESS        METHOD
            local   all       all                  scram-sha-256
            host    all       all   127.0.0.1/32   scram-sha-256
            host    all       all   ::1/128        scram-sha-256
            """;

    private PasswordAuthentication() {
    }

    /** Writes {@code pg_hba.conf} into the data directory; takes effect at the next start or configuration reload. */
    public static void require(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        if (!Files.exists(hba) || !Files.readString(hba).equals(PG_HBA)) {
            Files.writeString(hba, PG_HBA);
        }
    }

    /** True when the data directory already requires passwords, i.e. it was set up by {@link #require}. */
    public static boolean required(Path dataDirectory) throws IOException {
        Path hba = dataDirectory.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readString(hba).equals(PG_HBA);
    }
}
