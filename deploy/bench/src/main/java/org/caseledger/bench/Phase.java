package org.caseledger.bench;

/** A part of the run that measures something and adds its rows to the report; selected by name with --phases. */
public interface Phase {

    String name();

    void run(BenchRun run) throws Exception;
}
