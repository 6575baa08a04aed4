package org.caseledger.platform.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Two ways of doing one thing measured in rounds that take turns at going first, so that both see the same machine
 * load: each way once to warm up, then the rounds; the median of each way's rounds, the first way's first.
 */
public final class TakingTurns {

    /** One round of a measurement, of the first way (true) or the second; what it measured. */
    @FunctionalInterface
    public interface Round {
        double run(boolean first) throws Exception;
    }

    private TakingTurns() {
    }

    public static double[] medians(int rounds, Round round) throws Exception {
        List<Double> first = new ArrayList<>();
        List<Double> second = new ArrayList<>();
        round.run(true);
        round.run(false);
        for (int turn = 0; turn < rounds; turn++) {
            boolean firstFirst = turn % 2 == 0;
            for (boolean way : new boolean[]{firstFirst, !firstFirst}) {
                (way ? first : second).add(round.run(way));
            }
        }
        return new double[]{median(first), median(second)};
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
