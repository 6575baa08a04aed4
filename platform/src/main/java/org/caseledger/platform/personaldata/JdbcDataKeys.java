package org.caseledger.platform.personaldata;

import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data keys of one service, in a database of their own (table {@code data_key}), each wrapped by the current
 * {@link KeyEncryptionKeys key-encryption key}, which is never stored there. A subject's key is made the first time
 * one of its values is sealed. Erasing a subject removes the wrapped key and keeps a row saying when and why it was
 * erased, so that no key is made for that subject again. Keys are held in memory for {@code cacheFor} at most: an
 * erasure in another instance of the service takes that long to reach this one.
 *
 * <p>The memory holds at most {@code cacheEntries} keys ({@link KeyMemory}): the table stays the truth, an erasure
 * included, and a key forgotten is read again when next used.
 */
public class JdbcDataKeys implements DataKeys {

    /** How many keys are held in memory unless told otherwise ({@code caseledger.personal-data.key-cache-entries}). */
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final KeyEncryptionKeys keks;
    private final Duration cacheFor;
    private final Clock clock;
    private final KeyMemory cache;

    public JdbcDataKeys(DataSource dataSource, KeyEncryptionKeys keks, Duration cacheFor, Clock clock) {
        this(dataSource, keks, cacheFor, clock, DEFAULT_CACHE_ENTRIES);
    }

    public JdbcDataKeys(DataSource dataSource, KeyEncryptionKeys keks, Duration cacheFor, Clock clock,
                        int cacheEntries) {
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.keks = keks;
        this.cacheFor = cacheFor;
        this.clock = clock;
        this.cache = new KeyMemory(cacheEntries, clock);
    }

    @Override
    public DataKey opening(String subject) {
        DataKey held = cache.get(subject);
        return held != null ? held : keysOf(List.of(subject)).get(subject);
    }

    /**
     * The subject's key, made if it has none, in one round trip when it is not held: one statement inserts a new key
     * unless the subject has a row, and reads the row when it has one. The row says whose key counts: a new key is
     * used only when its {@code INSERT} made the row ({@code RETURNING} says so). When another instance made the row
     * after the statement began, the statement neither makes it nor sees it, and the row is read again in a statement
     * of its own; an erased subject's row answers with the erasure.
     */
    @Override
    public DataKey sealing(String subject) {
        DataKey held = cache.get(subject);
        if (held != null) {
            return held;
        }
        byte[] key = new byte[DataKey.BYTES];
        RANDOM.nextBytes(key);
        DataKey found;
        try {
            found = jdbc.sql("""
                            WITH made AS (
                                INSERT INTO data_key (subject_id, kek_id, wrapped_key) VALUES (?, ?, ?)
                                    ON CONFLICT (subject_id) DO NOTHING
                                RETURNING TRUE AS made, kek_id, wrapped_key, erased_at)
                            SELECT made, kek_id, wrapped_key, erased_at FROM made
                            UNION ALL
                            SELECT FALSE, kek_id, wrapped_key, erased_at FROM data_key WHERE subject_id = ?
                            """)
                    .params(subject, keks.currentId(), keks.wrap(subject, key), subject)
                    .query((row, n) -> row.getBoolean("made") ? DataKey.Present.of(key) : read(subject, row))
                    .optional()
                    .orElse(DataKey.UNKNOWN);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        if (found instanceof DataKey.Unknown) {
            return opening(subject);
        }
        cache.put(subject, found, clock.instant().plus(cacheFor));
        return found;
    }

    /**
     * Makes the keys of these subjects where they have none, as {@link #sealing} does for one, in one statement for
     * all that are not held, and holds them in memory: what an import does for the cases of a batch before it opens
     * them. The subjects that had a row already are read in one more statement.
     */
    public void sealingAll(Collection<String> subjects) {
        List<String> notHeld = subjects.stream().distinct().filter(subject -> cache.get(subject) == null).toList();
        if (notHeld.isEmpty()) {
            return;
        }
        byte[][] keys = new byte[notHeld.size()][];
        byte[][] wrapped = new byte[notHeld.size()][];
        String kek = keks.currentId();
        for (int i = 0; i < keys.length; i++) {
            keys[i] = new byte[DataKey.BYTES];
            RANDOM.nextBytes(keys[i]);
            wrapped[i] = keks.wrap(notHeld.get(i), keys[i]);
        }
        try {
            Set<String> made = new HashSet<>(jdbc.sql("""
                            INSERT INTO data_key (subject_id, kek_id, wrapped_key)
                            SELECT subject, ?, wrapped FROM unnest(?, ?) AS made(subject, wrapped)
                            ON CONFLICT (subject_id) DO NOTHING
                            RETURNING subject_id
                            """)
                    .params(kek, notHeld.toArray(String[]::new), wrapped)
                    .query(String.class)
                    .list());
            Instant until = clock.instant().plus(cacheFor);
            for (int i = 0; i < keys.length; i++) {
                if (made.contains(notHeld.get(i))) {
                    cache.put(notHeld.get(i), DataKey.Present.of(keys[i]), until);
                }
            }
            List<String> before = notHeld.stream().filter(subject -> !made.contains(subject)).toList();
            if (!before.isEmpty()) {
                keysOf(before);
            }
        } finally {
            for (byte[] key : keys) {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /**
     * The keys of these subjects as they stand, in the order asked: what the key endpoint hands a consumer. Those not
     * held in memory are read in one statement, so that a consumer catching up on many subjects (a rebuild) costs a
     * statement per request rather than one per subject.
     */
    public Map<String, DataKey> keysOf(Collection<String> subjects) {
        Map<String, DataKey> keys = new LinkedHashMap<>();
        List<String> notHeld = new ArrayList<>();
        for (String subject : subjects) {
            DataKey held = cache.get(subject);
            keys.put(subject, held);
            if (held == null) {
                notHeld.add(subject);
            }
        }
        if (!notHeld.isEmpty()) {
            Map<String, DataKey> stored = stored(notHeld);
            for (String subject : notHeld) {
                DataKey key = stored.getOrDefault(subject, DataKey.UNKNOWN);
                if (!(key instanceof DataKey.Unknown)) {
                    cache.put(subject, key, clock.instant().plus(cacheFor));
                }
                keys.put(subject, key);
            }
        }
        return keys;
    }

    /**
     * Destroys the subject's key, keeping when and why; erasing again changes nothing. The table is vacuumed after, so
     * that the removed bytes do not stay in its file as a dead row version.
     */
    public void erase(String subject, String reason) {
        jdbc.sql("""
                        INSERT INTO data_key (subject_id, kek_id, wrapped_key, erased_at, erasure_reason)
                        VALUES (?, NULL, NULL, ?, ?)
                        ON CONFLICT (subject_id) DO UPDATE
                           SET kek_id = NULL, wrapped_key = NULL,
                               erased_at = COALESCE(data_key.erased_at, excluded.erased_at),
                               erasure_reason = COALESCE(data_key.erasure_reason, excluded.erasure_reason)
                        """)
                .params(subject, java.sql.Timestamp.from(clock.instant()), reason)
                .update();
        cache.put(subject, DataKey.ERASED, Instant.MAX);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute("VACUUM data_key");
            // PostgreSQL skips a VACUUM the role may not run with a warning, not an error.
            if (statement.getWarnings() != null) {
                throw new SQLException(statement.getWarnings().getMessage());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("The key of subject " + subject + " was removed, but its table could not "
                    + "be vacuumed: " + e.getMessage(), e);
        }
    }

    /** When the subject was erased, if it was. */
    public Optional<Instant> erasedAt(String subject) {
        return jdbc.sql("SELECT erased_at FROM data_key WHERE subject_id = ? AND erased_at IS NOT NULL")
                .param(subject).query(java.sql.Timestamp.class).optional().map(java.sql.Timestamp::toInstant);
    }

    /** Wraps every key wrapped by an older key-encryption key with the current one; returns how many it moved. */
    public int rewrap() {
        List<Map<String, Object>> older = jdbc.sql("SELECT subject_id, kek_id, wrapped_key FROM data_key "
                        + "WHERE wrapped_key IS NOT NULL AND kek_id <> ?")
                .param(keks.currentId()).query().listOfRows();
        for (Map<String, Object> row : older) {
            String subject = (String) row.get("subject_id");
            byte[] key = keks.unwrap(subject, (String) row.get("kek_id"), (byte[]) row.get("wrapped_key"));
            try {
                jdbc.sql("UPDATE data_key SET kek_id = ?, wrapped_key = ? WHERE subject_id = ? AND kek_id = ?")
                        .params(keks.currentId(), keks.wrap(subject, key), subject, row.get("kek_id"))
                        .update();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return older.size();
    }

    /** The keys stored for these subjects; a subject without a row has none here. */
    private Map<String, DataKey> stored(Collection<String> subjects) {
        Map<String, DataKey> stored = new HashMap<>();
        jdbc.sql("SELECT subject_id, kek_id, wrapped_key, erased_at FROM data_key WHERE subject_id = ANY(?)")
                .param(subjects.toArray(String[]::new))
                .query(row -> {
                    String subject = row.getString("subject_id");
                    stored.put(subject, read(subject, row));
                });
        return stored;
    }

    private DataKey read(String subject, ResultSet row) throws SQLException {
        if (row.getTimestamp("erased_at") != null) {
            return DataKey.ERASED;
        }
        byte[] key = keks.unwrap(subject, row.getString("kek_id"), row.getBytes("wrapped_key"));
        try {
            return DataKey.Present.of(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }
}
