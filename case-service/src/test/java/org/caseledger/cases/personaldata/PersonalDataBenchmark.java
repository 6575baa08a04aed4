package org.caseledger.cases.personaldata;

import org.caseledger.cases.RunningCaseService;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test of the default build (run it by name, docs/personal-data.md#what-it-costs): what sealing personal data
 * costs a command through the real service, its keys' database included. Rounds take turns with sealing on and off
 * (the switch that exists for measuring only), so that both see the same machine load; every case is new, so every
 * opening makes its person's key.
 */
class PersonalDataBenchmark extends RunningCaseService {

    @DynamicPropertySource
    static void noCheckpoints(DynamicPropertyRegistry registry) {
        registry.add("caseledger.ledger.checkpoint.every-events", () -> "1000000000");
    }

    private static final String OPENING = """
            {"person":{"name":"Ekpar Tursunbayuly","nameVariants":[{"text":"Экпар Турсунбайұлы","script":"CYRILLIC"},
                       {"text":"ئەكپار تۇرسۇنباي","script":"ARABIC"},{"text":"艾克帕尔·吐尔逊拜","script":"CHINESE"}],
                       "occupation":"teacher","hometown":{"county":"Qorghas","prefecture":"Ili"}},
             "detention":{"date":"2018-02","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY","reference":"his sister's call"}}""";
    private static final String TESTIMONY = """
            {"givenBy":{"relation":"SIBLING","named":{"name":"Raziya","consentToRecord":true}},"date":"2019-04",
             "language":"kk","summary":"Taken from the bazaar by two officers","consentToPublish":false,
             "visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}""";

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
        int perRound = Integer.getInteger("caseledger.benchmark.commands", 100);
        commands(perRound);
        List<Long> on = new ArrayList<>();
        List<Long> off = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                boolean sealedFirst = round % 2 == 0;
                for (boolean sealed : new boolean[]{sealedFirst, !sealedFirst}) {
                    personalData.sealing(sealed);
                    (sealed ? on : off).addAll(commands(perRound));
                }
            }
        } finally {
            personalData.sealing(true);
        }
        System.out.printf(Locale.ROOT, "%d commands sealed, %d in clear, %d rounds taking turns, one client "
                        + "(opening a case with 4 names, then a named testimony)%n"
                        + "  sealed:   mean %.2f ms  median %.2f ms%n  in clear: mean %.2f ms  median %.2f ms%n"
                        + "  ratio (sealed / in clear): mean %.3f  median %.3f%n",
                on.size(), off.size(), rounds, meanMillis(on), medianMillis(on), meanMillis(off), medianMillis(off),
                meanMillis(on) / meanMillis(off), medianMillis(on) / medianMillis(off));
    }

    /** Each case is two commands: opening it with four names, then a named testimony. */
    private List<Long> commands(int count) throws IOException {
        return timedCommands(count, OPENING, "testimonies", TESTIMONY);
    }
}
