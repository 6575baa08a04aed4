package org.caseledger.bench.report;

import org.caseledger.bench.stack.ProcessMeter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** CPU time per operation, by process, as rows: the stack's processes, their sum, then the harness and the rest. */
public final class CpuRows {

    private static final Set<String> NOT_THE_STACK = Set.of(ProcessMeter.HARNESS, ProcessMeter.HARNESS_BACKENDS,
            ProcessMeter.MACHINE_BUSY, ProcessMeter.OTHERS);

    public static final String STACK = "all processes of the stack";

    private CpuRows() {
    }

    /** Seconds of CPU the stack's own processes used. */
    public static double stackSeconds(Map<String, Double> cpuSeconds) {
        return cpuSeconds.entrySet().stream().filter(entry -> !NOT_THE_STACK.contains(entry.getKey()))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    /** Milliseconds of CPU per operation, by process, with the stack's total. */
    public static Map<String, Double> perOperation(Map<String, Double> cpuSeconds, long operations) {
        Map<String, Double> perOperation = new LinkedHashMap<>();
        cpuSeconds.forEach((process, seconds) -> {
            if (!NOT_THE_STACK.contains(process)) {
                perOperation.put(process, 1000 * seconds / operations);
            }
        });
        perOperation.put(STACK, 1000 * stackSeconds(cpuSeconds) / operations);
        for (String other : List.of(ProcessMeter.HARNESS, ProcessMeter.HARNESS_BACKENDS)) {
            if (cpuSeconds.containsKey(other)) {
                perOperation.put(other, 1000 * cpuSeconds.get(other) / operations);
            }
        }
        return perOperation;
    }

    /**
     * Rows of milliseconds per operation for the first of several measurements, the others in each row's note.
     *
     * @param measurements per measurement's name, milliseconds of CPU per operation by process
     */
    public static List<Row> rows(String section, String operation, Map<String, Map<String, Double>> measurements) {
        List<Map.Entry<String, Map<String, Double>>> all = List.copyOf(measurements.entrySet());
        if (all.isEmpty()) {
            return List.of();
        }
        Map<String, Double> first = all.get(0).getValue();
        return first.entrySet().stream().map(entry -> {
            StringBuilder note = new StringBuilder();
            for (Map.Entry<String, Map<String, Double>> other : all.subList(1, all.size())) {
                Double value = other.getValue().get(entry.getKey());
                if (value != null) {
                    note.append(note.isEmpty() ? "" : "; ").append(other.getKey()).append(": ")
                            .append(Report.number(value));
                }
            }
            return Row.measured(section, entry.getKey(), entry.getValue(), "ms/" + operation, Row.Better.NEITHER)
                    .note(note.isEmpty() ? null : note.toString());
        }).toList();
    }

    /** How many cores a process group kept busy on average. */
    public static double cores(Map<String, Double> cpuSeconds, String label, double seconds) {
        return cpuSeconds.getOrDefault(label, 0.0) / seconds;
    }
}
