package org.caseledger.bench.commands;

import org.caseledger.bench.history.HistoryGenerator;
import org.caseledger.bench.load.Tally;
import org.caseledger.bench.stack.Http;
import org.caseledger.bench.stack.Stack;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two commands of the load, as an operator's client sends them: a case opened with a detention (a name in two
 * scripts, a facility from the register, a relative's testimony as source), and a release recorded on it. Case
 * {@code n} of a run is given name {@code n} of {@link HistoryGenerator#name}, so that the search measured later
 * finds the few people of a name, not every case the load opened.
 */
final class CaseCommands {

    static final String OPEN = "POST /api/cases";
    static final String RELEASE = "POST /api/cases/{caseId}/releases";

    private static final Pattern CASE_ID = Pattern.compile("\"caseId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final String RELEASE_BODY = """
            {"date":"2023-02","conditions":"SURVEILLANCE",\
            "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"daughter, call 2023-03"}}""";

    private final Http http;
    private final Stack stack;

    CaseCommands(Http http, Stack stack) {
        this.http = http;
        this.stack = stack;
    }

    /** What the service answered to an accepted command: the case and its version, the sequence of its last event. */
    record Accepted(String caseId, long version, long answeredNanos) {
    }

    /** @param since when the latency starts: the send time in a closed loop, the due time in an open one */
    Optional<Accepted> open(long number, long since, Tally tally) throws IOException, InterruptedException {
        HistoryGenerator.PersonName name = HistoryGenerator.name(number);
        Http.Response response = http.post(stack.caseService("/api/cases"), """
                {"person":{"name":"%s","nameVariants":[{"text":"%s","script":"CYRILLIC"}],\
                "gender":"%s","birth":{"year":1978},"ethnicity":"Uyghur","citizenships":["CN"],\
                "hometown":{"county":"Qiemo","prefecture":"Bayingolin"},"occupation":"teacher"},\
                "detention":{"date":"2017-04","facilityId":"106","kind":"CAMP"},\
                "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"wife, interview 2018-11"}}"""
                .formatted(name.latin(), name.cyrillic(), name.gender()));
        return accepted(OPEN, response, since, tally);
    }

    Optional<Accepted> release(String caseId, long since, Tally tally) throws IOException, InterruptedException {
        Http.Response response = http.post(stack.caseService("/api/cases/" + caseId + "/releases"), RELEASE_BODY);
        return accepted(RELEASE, response, since, tally);
    }

    private static Optional<Accepted> accepted(String operation, Http.Response response, long since, Tally tally) {
        long answered = System.nanoTime();
        Matcher caseId = CASE_ID.matcher(response.body());
        Matcher version = VERSION.matcher(response.body());
        if (response.status() != 201 || !caseId.find() || !version.find()) {
            tally.fail(operation + " " + response.status(), abbreviated(response.body()));
            return Optional.empty();
        }
        tally.record(operation, answered - since);
        return Optional.of(new Accepted(caseId.group(1), Long.parseLong(version.group(1)), answered));
    }

    private static String abbreviated(String body) {
        return body.length() <= 300 ? body : body.substring(0, 300) + "…";
    }
}
