package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseStatus;
import org.caseledger.api.cases.CaseStatusDerived;
import org.caseledger.api.cases.Contradiction;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.Facility;
import org.caseledger.platform.json.EventJson;
import org.caseledger.platform.testing.InMemoryDataKeys;
import org.caseledger.platform.testing.TakingTurns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

/**
 * Not a test of the default build (run it by name, docs/personal-data.md#what-it-costs): what sealing and opening
 * cost an event, against writing and reading the same event as plain JSON, in rounds that take turns so that both see
 * the same machine load. The keys are in memory: what the keys' database adds is in the command-path figure.
 */
class PersonalDataCodecBenchmark {

    private final int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
    private final int perRound = Integer.getInteger("caseledger.benchmark.events", 20_000);
    private final ObjectMapper json = EventJson.mapper();
    private final PersonalDataCodec codec = new PersonalDataCodec(json, new InMemoryDataKeys());

    @Test
    void measure() throws Exception {
        List<Object> events = List.of(PersonalDataCodecTest.OPENED, PersonalDataCodecTest.TESTIMONY);

        double[] medians = TakingTurns.medians(rounds, seal -> round(codec, json, events, perRound, seal));
        double on = medians[0];
        double off = medians[1];
        System.out.printf(Locale.ROOT, "%d rounds of %d events (DetentionReported with 4 names, TestimonyRecorded), "
                        + "write then read each%n  sealed: median %.1f µs an event%n  plain:  median %.1f µs an event%n"
                        + "  ratio (sealed / plain): %.2f%n", rounds, perRound, on, off, on / off);
    }

    /**
     * What opening costs an event that marks no value personal (a derived status, nearly half of a case's events), read
     * by the codec as every consumer reads it, against reading the same bytes as plain JSON.
     */
    @Test
    void measureOpeningAnEventThatMarksNothing() throws Exception {
        CaseStatusDerived derived = new CaseStatusDerived(PersonalDataCodecTest.CASE, CaseStatus.DETAINED, "event-1",
                ApproximateDate.parse("2017-11"), DetentionKind.CAMP, new Facility("106", "Ghulja camp", "Ili", "CAMP"),
                null, null, true, List.of(new Contradiction("event-2", "event-3", ApproximateDate.parse("2019-03"))));
        byte[] bytes = codec.sealToBytes(derived);

        double[] medians = TakingTurns.medians(rounds, throughCodec -> reading(codec, json, bytes, derived, perRound,
                throughCodec));
        double on = medians[0];
        double off = medians[1];
        System.out.printf(Locale.ROOT, "%d rounds of %d reads of a CaseStatusDerived (%d bytes)%n"
                        + "  opened by the codec: median %.2f µs an event%n  read as plain JSON: median %.2f µs an event%n"
                        + "  ratio (codec / plain): %.2f%n", rounds, perRound, bytes.length, on, off, on / off);
    }

    /** Microseconds per event to read it from its bytes, through the codec or as plain JSON. */
    private static double reading(PersonalDataCodec codec, ObjectMapper json, byte[] bytes, Object expected, int count,
                                  boolean throughCodec) throws Exception {
        Class<?> type = expected.getClass();
        long started = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Object read = throughCodec ? codec.open(bytes, type) : json.readValue(bytes, type);
            if (!read.equals(expected)) {
                throw new AssertionError("An event was not read as it was written");
            }
        }
        return (System.nanoTime() - started) / 1000.0 / count;
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
}
