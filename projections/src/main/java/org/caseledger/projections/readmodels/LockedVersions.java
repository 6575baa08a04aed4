package org.caseledger.projections.readmodels;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The versions a read model's rows per case hold, read for a poll's cases in one statement, each row locked until the
 * transaction ends. The rows are locked in the order of their case ids, so that two consumers locking overlapping cases
 * (a rebuild's copy beside the live model does not, two instances during a rebalance may) wait for each other instead
 * of deadlocking.
 */
public final class LockedVersions {

    private LockedVersions() {
    }

    /**
     * @param table a table of the model with a {@code case_id} key and a {@code version} column; a name of the code's
     *              own, never a request's
     * @return each case's version; a case without a row is not in it
     */
    public static Map<String, Long> read(JdbcClient jdbc, String table, Collection<String> caseIds) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.sql("SELECT case_id, version FROM " + table + " WHERE case_id = ANY(:caseIds) ORDER BY case_id FOR UPDATE")
                .param("caseIds", caseIds.stream().sorted().toArray(String[]::new))
                .query(rs -> {
                    versions.put(rs.getString("case_id"), rs.getLong("version"));
                });
        return versions;
    }

    /**
     * The versions of these cases as a batch holds them ({@link org.caseledger.platform.kafka.KeepsSequences}): those
     * of cases it has not read yet are read and locked now, and kept in the batch.
     *
     * @param read     the cases whose rows the batch has read, with a row or without
     * @param versions the versions the batch holds, as it has moved them
     * @return each case's version; a case without a row is not in it
     */
    public static Map<String, Long> held(JdbcClient jdbc, String table, Set<String> read, Map<String, Long> versions,
                                         Collection<String> caseIds) {
        List<String> unread = caseIds.stream().filter(id -> !read.contains(id)).toList();
        if (!unread.isEmpty()) {
            versions.putAll(read(jdbc, table, unread));
            read.addAll(unread);
        }
        Map<String, Long> held = new HashMap<>();
        for (String id : caseIds) {
            Long version = versions.get(id);
            if (version != null) {
                held.put(id, version);
            }
        }
        return held;
    }
}
