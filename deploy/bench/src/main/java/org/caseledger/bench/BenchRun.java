package org.caseledger.bench;

import org.caseledger.bench.report.Reference;
import org.caseledger.bench.report.Report;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.ProcessMeter;
import org.caseledger.bench.stack.RoleTokens;
import org.caseledger.bench.stack.Stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** What the phases of one run share: the stack, the report, the limits measured so far, the cases opened. */
public final class BenchRun {

    private final BenchConfig config;
    private final Stack stack;
    private final Http http;
    private final RoleTokens tokens;
    private final Map<String, Http> httpByRole = new ConcurrentHashMap<>();
    private final ProcessMeter meter;
    private final Report report;
    private final Map<String, Reference> limits = new ConcurrentHashMap<>();
    private final List<String> openedCases = new ArrayList<>();

    public BenchRun(BenchConfig config, Stack stack, Http http, RoleTokens tokens, ProcessMeter meter,
                    Report report) {
        this.config = config;
        this.stack = stack;
        this.http = http;
        this.tokens = tokens;
        this.meter = meter;
        this.report = report;
    }

    public BenchConfig config() {
        return config;
    }

    public Stack stack() {
        return stack;
    }

    public Http http() {
        return http;
    }

    /** A client whose requests carry the role's token ({@link RoleTokens}). */
    public Http http(String role) {
        return httpByRole.computeIfAbsent(role, key -> new Http(tokens.forRole(key)));
    }

    public ProcessMeter meter() {
        return meter;
    }

    public Report report() {
        return report;
    }

    public void limit(String key, Reference limit) {
        limits.put(key, limit);
    }

    /** A limit measured earlier in this run; empty when the limits phase did not run. */
    public Reference limit(String key) {
        return limits.get(key);
    }

    public Optional<Reference> findLimit(String key) {
        return Optional.ofNullable(limits.get(key));
    }

    public synchronized void opened(List<String> caseIds) {
        openedCases.addAll(caseIds);
    }

    public synchronized List<String> openedCases() {
        return List.copyOf(openedCases);
    }
}
