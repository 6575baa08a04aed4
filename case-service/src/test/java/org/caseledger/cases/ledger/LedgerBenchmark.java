package org.caseledger.cases.ledger;

import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.ledger.LedgerVerification;
import org.caseledger.platform.ledger.LedgerVerifier;
import org.caseledger.platform.testing.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Not a test of the default build (run it by name, docs/ledger-proof.md): what the hash chain costs a command, and
 * how fast a verification reads. Commands go through the real service one after another, in rounds that take turns
 * with the store's chain trigger on and off, so that both modes see the same machine load; then the store is filled
 * with copies of real events and verified.
 */
class LedgerBenchmark extends RunningCaseService {

    /** Checkpoints are left out of both modes: what one costs is spread over the thousand events it covers. */
    @DynamicPropertySource
    static void noCheckpoints(DynamicPropertyRegistry registry) {
        registry.add("caseledger.ledger.checkpoint.every-events", () -> "1000000000");
    }

    private static final String OPENING = """
            {"person":{"name":"Benchmark Person"},"detention":{"date":"2018-02","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";
    private static final String RELEASE = """
            {"date":"2019-06","conditions":"SURVEILLANCE","source":{"type":"RELATIVE_TESTIMONY"}}""";

    private final JdbcClient superuser = JdbcClient.create(RealInfrastructure.get().superuserDataSource("cases"));

    @Autowired
    LedgerVerifier verifier;

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
        int perRound = Integer.getInteger("caseledger.benchmark.commands", 100);
        int fill = Integer.getInteger("caseledger.benchmark.events", 200_000);
        List<String> report = new ArrayList<>();

        commands(perRound);
        List<Long> on = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            boolean chainFirst = round % 2 == 0;
            for (boolean chained : new boolean[]{chainFirst, !chainFirst}) {
                chain(chained);
                (chained ? on : off).addAll(commands(perRound));
            }
        }
        chain(true);
        report.add(String.format(Locale.ROOT, "%d commands with the chain, %d without, %d rounds taking turns, one client",
                on.size(), off.size(), rounds));
        report.add(String.format(Locale.ROOT, "  with the chain:    mean %.2f ms  median %.2f ms", meanMillis(on), medianMillis(on)));
        report.add(String.format(Locale.ROOT, "  without the chain: mean %.2f ms  median %.2f ms", meanMillis(off), medianMillis(off)));
        report.add(String.format(Locale.ROOT, "  ratio (with / without): mean %.3f  median %.3f",
                meanMillis(on) / meanMillis(off), medianMillis(on) / medianMillis(off)));

        superuser.sql("""
                        INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                            metadata, payload, payloadrevision, payloadtype, timestamp)
                        SELECT 'copy-' || a || '-' || e.aggregateidentifier, e.sequencenumber, e.type,
                               gen_random_uuid()::text, e.metadata, e.payload, e.payloadrevision, e.payloadtype,
                               e.timestamp
                          FROM generate_series(1, ?) a,
                               (SELECT * FROM domainevententry WHERE aggregateidentifier IN (
                                    SELECT aggregateidentifier FROM domainevententry
                                     WHERE aggregateidentifier NOT LIKE 'copy-%' GROUP BY aggregateidentifier
                                     HAVING count(*) >= 3 AND bool_and(chainhash IS NOT NULL) LIMIT 10)) e
                         ORDER BY a, e.aggregateidentifier, e.sequencenumber""")
                .param(Math.max(1, fill / 40)).update();
        List<LedgerVerification> runs = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            runs.add(verifier.verify());
        }
        LedgerVerification best = runs.stream().min((a, b) -> Long.compare(a.durationMillis(), b.durationMillis()))
                .orElseThrow();
        report.add(String.format(Locale.ROOT, "verification: %d events of %d aggregates in %d ms (best of 5): %.0f events/s"
                        + " (the %d events stored without the chain counted as broken, %d aggregates)",
                best.eventsChecked(), best.aggregatesChecked(), best.durationMillis(),
                best.eventsChecked() * 1000.0 / Math.max(1, best.durationMillis()), storedWithoutChain(),
                best.brokenAggregates()));
        report.forEach(System.out::println);
        Files.write(Path.of("target", "ledger-benchmark.txt"), report);
        assertThat(best.eventsChecked()).isGreaterThanOrEqualTo(fill / 2);
    }

    /**
     * Off takes the trigger away, lets the hash be empty and gives the global index from the column's default again,
     * as the store was before the chain.
     */
    private void chain(boolean on) {
        if (on) {
            superuser.sql("ALTER TABLE domainevententry ALTER COLUMN globalindex DROP DEFAULT").update();
            superuser.sql("ALTER TABLE domainevententry ENABLE TRIGGER chain_event").update();
        } else {
            superuser.sql("ALTER TABLE domainevententry ALTER COLUMN chainhash DROP NOT NULL").update();
            superuser.sql("ALTER TABLE domainevententry ALTER COLUMN globalindex "
                    + "SET DEFAULT nextval('domainevententry_globalindex_seq')").update();
            superuser.sql("ALTER TABLE domainevententry DISABLE TRIGGER chain_event").update();
        }
    }

    private long storedWithoutChain() {
        return superuser.sql("SELECT count(*) FROM domainevententry WHERE chainhash IS NULL").query(Long.class).single();
    }

    /** Each case is two commands: opening it with its detention, then recording a release, which loads its history. */
    private List<Long> commands(int count) throws IOException {
        return timedCommands(count, OPENING, "releases", RELEASE);
    }
}
