package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Not a test of the default build (run it by name, docs/personal-data.md#what-it-costs): what sealing and opening
 * cost an event, against writing and reading the same event as plain JSON, in rounds that take turns so that both see
 * the same machine load. The keys are in memory: what the keys' database adds is in the command-path figure.
 */
class PersonalDataCodecBenchmark {

    @Test
    void measure() throws Exception {
        int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
        int perRound = Integer.getInteger("caseledger.benchmark.events", 20_000);
        ObjectMapper json = EventJson.mapper();
        PersonalDataCodec codec = new PersonalDataCodec(json, new InMemoryDataKeys());
        List<Object> events = List.of(PersonalDataCodecTest.OPENED, PersonalDataCodecTest.TESTIMONY);

        List<Double> sealed = new ArrayList<>();
        List<Double> plain = new ArrayList<>();
        round(codec, json, events, perRound, true);
        round(codec, json, events, perRound, false);
        for (int round = 0; round < rounds; round++) {
            boolean sealedFirst = round % 2 == 0;
            for (boolean seal : new boolean[]{sealedFirst, !sealedFirst}) {
                (seal ? sealed : plain).add(round(codec, json, events, perRound, seal));
            }
        }
        double on = median(sealed);
        double off = median(plain);
        System.out.printf(Locale.ROOT, "%d rounds of %d events (DetentionReported with 4 names, TestimonyRecorded), "
                        + "write then read each%n  sealed: median %.1f µs an event%n  plain:  median %.1f µs an event%n"
                        + "  ratio (sealed / plain): %.2f%n", rounds, perRound, on, off, on / off);
    }

    /** Microseconds per event to write it and read it back, sealed or plain. */
    private static double round(PersonalDataCodec codec, ObjectMapper json, List<Object> events, int count,
                                boolean seal) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Object event = events.get(i % events.size());
            Class<?> type = event.getClass();
            Object read = seal ? codec.open(codec.sealToBytes(event), type)
                    : json.readValue(json.writeValueAsBytes(event), type);
            if (!read.equals(event)) {
                throw new AssertionError("An event did not come back as it was");
            }
        }
        return (System.nanoTime() - started) / 1000.0 / count;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
