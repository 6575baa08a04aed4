package org.caseledger.projections.accesslog;

import java.time.Instant;
import java.util.List;

/**
 * One answer that contained personal data.
 *
 * @param user        who read it, as their token named them
 * @param role        the role they read it with
 * @param endpoint    the operation, as its path template reads
 * @param caseIds     the cases whose personal data it showed
 * @param dataClasses which classes of personal data it showed
 */
record AccessLogEntry(long entryId, Instant at, String user, String role, String endpoint, List<String> caseIds,
                      List<String> dataClasses) {
}
