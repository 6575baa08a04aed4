package org.caseledger.bench.commands;

import org.caseledger.bench.load.OpenLoop;
import org.caseledger.bench.load.Tally;

import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The commands phase's load: cases opened, each given a release. A closed loop's client opens a case and records its
 * release at once; an open loop's requests take turns, and each release is of a case that loop opened and has not
 * released yet, so that every loop measures the same two commands on cases of its own, not releases again of cases a
 * loop before it opened and released minutes earlier. Every case opened is kept for the phases after.
 */
final class CaseLoad {

    private final CaseCommands commands;
    private final AtomicLong caseNumbers = new AtomicLong();
    private final Queue<String> opened = new ConcurrentLinkedQueue<>();

    CaseLoad(CaseCommands commands) {
        this.commands = commands;
    }

    /** A closed loop's turn: a case opened, then its release. */
    void openAndRelease(Tally tally, Freshness freshness, String phase) throws Exception {
        Optional<CaseCommands.Accepted> open = commands.open(caseNumbers.incrementAndGet(), System.nanoTime(), tally);
        if (open.isEmpty()) {
            return;
        }
        track(freshness, phase, open.get());
        opened.add(open.get().caseId());
        commands.release(open.get().caseId(), System.nanoTime(), tally)
                .ifPresent(release -> track(freshness, phase, release));
    }

    /**
     * An open loop's requests: every other one records the release of a case this loop opened, if one is there yet,
     * and the others (and one that finds none) open a case.
     */
    OpenLoop.Request openLoop(Freshness freshness, String phase) {
        Queue<String> toRelease = new ConcurrentLinkedQueue<>();
        return (index, due, tally) -> {
            String caseId = index % 2 == 1 ? toRelease.poll() : null;
            if (caseId != null) {
                commands.release(caseId, due, tally).ifPresent(release -> track(freshness, phase, release));
            } else {
                commands.open(caseNumbers.incrementAndGet(), due, tally).ifPresent(open -> {
                    track(freshness, phase, open);
                    opened.add(open.caseId());
                    toRelease.add(open.caseId());
                });
            }
        };
    }

    /** Every case the load opened, in the order it was opened. */
    List<String> opened() {
        return List.copyOf(opened);
    }

    private static void track(Freshness freshness, String phase, CaseCommands.Accepted accepted) {
        if (freshness != null) {
            freshness.accepted(phase, accepted);
        }
    }
}
