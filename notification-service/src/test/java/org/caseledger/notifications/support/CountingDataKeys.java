package org.caseledger.notifications.support;

import org.caseledger.platform.personaldata.DataKey;
import org.caseledger.platform.personaldata.DataKeys;
import org.caseledger.platform.testing.InMemoryDataKeys;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The data keys of the case-service a test plays, in memory: the topics' personal values are sealed with them, and the
 * service under test is given them as the keys' holder it asks. It counts what it is asked, as the holder would see
 * each request.
 */
public final class CountingDataKeys implements DataKeys {

    private final InMemoryDataKeys keys = new InMemoryDataKeys();
    private final Map<String, AtomicInteger> openings = new ConcurrentHashMap<>();
    private final Set<String> erased = ConcurrentHashMap.newKeySet();

    @Override
    public DataKey opening(String subject) {
        openings.computeIfAbsent(subject, s -> new AtomicInteger()).incrementAndGet();
        return erased.contains(subject) ? DataKey.ERASED : keys.opening(subject);
    }

    @Override
    public DataKey sealing(String subject) {
        return keys.sealing(subject);
    }

    @Override
    public void erased(String subject) {
        erased.add(subject);
    }

    /** How often the subject's key was asked for to open its values. */
    public int openingsOf(String subject) {
        AtomicInteger count = openings.get(subject);
        return count == null ? 0 : count.get();
    }

    /** Whether the service passed on that it read the subject's erasure. */
    public boolean heardErased(String subject) {
        return erased.contains(subject);
    }
}
