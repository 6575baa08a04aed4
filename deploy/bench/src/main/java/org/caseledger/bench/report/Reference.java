package org.caseledger.bench.report;

/** A figure another is held against: a limit the machine showed in the same run, or a target. */
public record Reference(String name, double value, String unit) {
}
