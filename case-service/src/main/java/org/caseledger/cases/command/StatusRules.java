package org.caseledger.cases.command;

import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.Contradiction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How a case's status follows from its facts (docs/status-rules.md): of the facts that count — not retracted, not
 * from a source judged unlikely — the latest-dated one that says something of the status decides it; on equal
 * dates the one recorded last. Re-established contact restores what was known before contact was lost. Facts of
 * the same date from different sources that say different things are contradictions; when the deciding date has
 * one, the case is disputed.
 */
final class StatusRules {

    private static final Comparator<Fact> CHRONOLOGY =
            Comparator.comparing(Fact::date).thenComparingLong(Fact::order);

    private StatusRules() {
    }

    static Derivation derive(List<Fact> facts) {
        List<Fact> counting = facts.stream()
                .filter(Fact::counts)
                .filter(fact -> fact.reading() != null || fact.kind() == Fact.Kind.CONTACT_REESTABLISHED)
                .sorted(CHRONOLOGY)
                .toList();
        List<Fact> resolved = new ArrayList<>();
        Fact.Reading beforeLoss = null;
        for (Fact fact : counting) {
            Fact.Reading reading = fact.reading();
            if (fact.kind() == Fact.Kind.CONTACT_REESTABLISHED) {
                reading = beforeLoss != null ? beforeLoss : Fact.Reading.of(CaseStatus.UNKNOWN);
            } else if (reading.status() != CaseStatus.MISSING) {
                beforeLoss = reading;
            }
            resolved.add(new Fact(fact.eventId(), fact.order(), fact.kind(), fact.date(), fact.source(), reading,
                    false));
        }
        if (resolved.isEmpty()) {
            return Derivation.unknown();
        }
        Fact deciding = resolved.get(resolved.size() - 1);
        List<Contradiction> contradictions = contradictions(resolved);
        boolean disputed = contradictions.stream().anyMatch(c -> c.date().compareTo(deciding.date()) == 0);
        return new Derivation(deciding.reading(), deciding.eventId(), deciding.date(), disputed, contradictions);
    }

    private static List<Contradiction> contradictions(List<Fact> chronological) {
        List<Contradiction> found = new ArrayList<>();
        for (int i = 0; i < chronological.size(); i++) {
            Fact later = chronological.get(i);
            for (int j = 0; j < i; j++) {
                Fact earlier = chronological.get(j);
                if (earlier.date().compareTo(later.date()) == 0
                        && earlier.reading().status() != later.reading().status()
                        && !earlier.source().sameAs(later.source())) {
                    found.add(new Contradiction(later.eventId(), earlier.eventId(), later.date()));
                }
            }
        }
        return found;
    }

    /** The status the facts support, and the fact that decides it. */
    record Derivation(Fact.Reading reading, String decidingEventId, ApproximateDate since, boolean disputed,
                      List<Contradiction> contradictions) {

        static Derivation unknown() {
            return new Derivation(Fact.Reading.of(CaseStatus.UNKNOWN), null, null, false, List.of());
        }
    }
}
