package org.caseledger.bench.queries;

import org.caseledger.bench.BenchRun;
import org.caseledger.bench.report.Reference;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A read endpoint measured under a fixed number of concurrent clients, then in an open loop at a fixed rate. A query
 * whose endpoint is not there yet (or not complete: a parameter it ignores) says why, and is left out with that note.
 *
 * @param figure   what the table calls it
 * @param target   issue 13's target for its p99
 * @param limitKey the limit its throughput is held against
 */
record Query(String figure, Reference target, String limitKey, Availability availability, Requests requests) {

    interface Availability {
        /** Why the query cannot be measured yet, or empty when it can. */
        Optional<String> whyNot(BenchRun run, List<String> cases) throws Exception;
    }

    interface Requests {
        URI next(BenchRun run, List<String> cases, SplittableRandom random);
    }
}
