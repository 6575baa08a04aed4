package org.caseledger.platform.testing;

import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Data keys in memory, one per subject, made on first use as the keys' database makes them. */
public final class InMemoryDataKeys implements DataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, DataKey> keys = new ConcurrentHashMap<>();
    private final List<String> askedToOpen = new CopyOnWriteArrayList<>();
    private final List<String> heardErased = new CopyOnWriteArrayList<>();

    @Override
    public DataKey opening(String subject) {
        askedToOpen.add(subject);
        return keys.getOrDefault(subject, DataKey.UNKNOWN);
    }

    @Override
    public void erased(String subject) {
        heardErased.add(subject);
    }

    /** The subjects whose erasure these keys heard of ({@link DataKeys#erased}), in the order heard. */
    public List<String> heardErased() {
        return List.copyOf(heardErased);
    }

    /** The subjects whose keys were asked for to open a value, in the order asked, once for each asking. */
    public List<String> askedToOpen() {
        return List.copyOf(askedToOpen);
    }

    @Override
    public DataKey sealing(String subject) {
        return keys.computeIfAbsent(subject, s -> {
            byte[] key = new byte[DataKey.BYTES];
            RANDOM.nextBytes(key);
            return DataKey.Present.of(key);
        });
    }

    /** The subject's key as it stands, or null when none was made. */
    public DataKey get(String subject) {
        return keys.get(subject);
    }

    /** Sets the subject's key, e.g. to {@link DataKey#ERASED}. */
    public void put(String subject, DataKey key) {
        keys.put(subject, key);
    }
}
