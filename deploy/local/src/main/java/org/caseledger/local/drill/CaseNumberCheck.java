package org.caseledger.local.drill;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Whether the case numbers issued while the drill ran are whole: each number from the one after the last issued
 * before the drill to the last issued at its end given to exactly one case. Case numbers are cited outside the
 * ledger, so two instances issuing one number twice, or a number lost to a rolled-back opening, would be a defect
 * that no count of events shows.
 *
 * @param lastBefore the last number issued before the drill began (case-service's counter)
 * @param lastAfter  the last number issued once the load stopped
 * @param cases      how many cases the event store opened in between
 * @param twice      numbers given to more than one case
 * @param missing    numbers between the two that no case got, and numbers outside them that a case got
 */
public record CaseNumberCheck(long lastBefore, long lastAfter, int cases, List<Long> twice, List<Long> missing) {

    /** Checks the numbers of the cases opened since the counter stood at {@code lastBefore}. */
    public static CaseNumberCheck of(long lastBefore, long lastAfter, Collection<Long> issued) {
        Map<Long, Integer> times = new HashMap<>();
        issued.forEach(number -> times.merge(number, 1, Integer::sum));
        List<Long> twice = new ArrayList<>(new TreeSet<>(times.entrySet().stream()
                .filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).toList()));
        TreeSet<Long> missing = new TreeSet<>();
        for (long number = lastBefore + 1; number <= lastAfter; number++) {
            if (!times.containsKey(number)) {
                missing.add(number);
            }
        }
        times.keySet().stream().filter(number -> number <= lastBefore || number > lastAfter).forEach(missing::add);
        return new CaseNumberCheck(lastBefore, lastAfter, issued.size(), twice, new ArrayList<>(missing));
    }

    /** Every number in the range given once, and no case numbered outside it. */
    public boolean whole() {
        return twice.isEmpty() && missing.isEmpty() && cases == lastAfter - lastBefore;
    }

    @Override
    public String toString() {
        String range = lastAfter > lastBefore ? lastBefore + 1 + " to " + lastAfter : "none";
        return whole() ? "case numbers of the " + cases + " cases opened: " + range + ", each once, none missing"
                : "case numbers NOT whole: " + cases + " cases opened, numbers issued " + range + "; given twice: "
                + twice + ", missing or out of range: " + missing;
    }
}
