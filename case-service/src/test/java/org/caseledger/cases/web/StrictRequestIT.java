package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the API calls strict is strict, what it calls optional is optional, and what it refuses it explains in the
 * words of JSON: the type it expected, never a class behind it. A retry is answered as the first request was.
 */
class StrictRequestIT extends RunningCaseService {

    static final String OPENING = """
            {"person":{"name":"Ayshem Mamut"},"detention":{"date":"2017-12","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY","reference":"her daughter"}}""";

    final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            term in years alone      | sentences   | {"date":"2019","term":{"years":5},"source":{"type":"COURT_RECORD"}}
            months and life as null  | sentences   | {"date":"2019","term":{"years":5,"months":null,"life":null},"source":{"type":"COURT_RECORD"}}
            life sentence alone      | sentences   | {"date":"2019","term":{"life":true},"source":{"type":"COURT_RECORD"}}
            whereabouts, no transfer | whereabouts | {"date":"2018-05","kind":"PRISON","source":{"type":"OTHER"}}
            transfer as null         | whereabouts | {"date":"2018-05","kind":"PRISON","transfer":null,"source":{"type":"OTHER"}}
            death, custody unsaid    | deaths      | {"date":"2020","source":{"type":"OTHER"}}
            testimony, consent null  | testimonies | {"givenBy":{"relation":"CHILD"},"date":"2019","language":"ug","summary":"…","consentToPublish":null,"visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}
            """)
    void optionalNumbersAndBooleansMayBeLeftOutOrNull(String what, String facts, String body) throws Exception {
        ResponseEntity<String> response = post("/api/cases/" + open() + "/" + facts, body);

        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.CREATED);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            text for a boolean  | whereabouts | {"date":"2018","kind":"PRISON","transfer":"yes","source":{"type":"OTHER"}}      | transfer: expected true or false
            number for a text   | whereabouts | {"date":"2018","kind":"PRISON","place":42,"source":{"type":"OTHER"}}             | place: expected a text
            boolean for a text  | trials      | {"date":"2018","court":true,"source":{"type":"OTHER"}}                           | court: expected a text
            huge number as text | trials      | {"date":"2018","source":{"type":"OTHER","reference":1e999999}}                   | source.reference: expected a text
            number for a date   | trials      | {"date":2018,"source":{"type":"OTHER"}}                                          | date: expected a text
            text for a number   | sentences   | {"date":"2019","term":{"years":"five"},"source":{"type":"OTHER"}}                | term.years: expected a whole number
            number for a term   | sentences   | {"date":"2019","term":5,"source":{"type":"OTHER"}}                               | term: expected a JSON object with fields [years, months, life]
            list for a source   | trials      | {"date":"2018","source":[]}                                                      | source: expected a JSON object with fields [type, reliability, reference]
            field given twice   | trials      | {"date":"2018","court":"Ili","court":"Urumqi","source":{"type":"OTHER"}}         | court: is given more than once; send every field once
            nested field twice  | trials      | {"date":"2018","source":{"type":"OTHER","type":"MEDIA_REPORT"}}                  | source.type: is given more than once; send every field once
            """)
    void wrongTypesAndRepeatedFieldsAreRefusedNamingWhatWasExpected(String what, String facts, String body,
                                                                     String detail) throws Exception {
        String caseId = open();
        long before = storedEvents();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/" + facts, body);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(response.getBody()).get("detail").asText()).isEqualTo(detail);
        assertThat(json.readTree(response.getBody()).get("field").asText()).isEqualTo(detail.split(":")[0]);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void bodyOfTheWrongShapeIsExplainedWithoutNamingAnyClass() throws Exception {
        String caseId = open();

        ResponseEntity<String> response = post("/api/cases/" + caseId + "/contact", "[1,2]");

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(response.getBody()).get("detail").asText())
                .isEqualTo("The body must be a JSON object with fields [state, date, source]");
        assertThat(response.getBody()).doesNotContain("org.caseledger", "ContactRequest", "java.");
    }

    @Test
    void errorPathIsNoResourceOfTheApi() throws Exception {
        new ServedApi(http).assertErrorPathIsNotFound();
    }

    @Test
    void retryIsAnsweredByteForByteAsTheFirstRequestWas() {
        String openingKey = UUID.randomUUID().toString();
        ResponseEntity<String> opened = post("/api/cases", OPENING, openingKey);
        ResponseEntity<String> openedAgain = post("/api/cases", OPENING, openingKey);
        String caseId = opened.getHeaders().getLocation().getPath().replace("/api/cases/", "");
        String release = """
                {"date":"2018-11","conditions":"FREE","source":{"type":"RELATIVE_TESTIMONY"}}""";
        String releaseKey = UUID.randomUUID().toString();
        ResponseEntity<String> released = post("/api/cases/" + caseId + "/releases", release, releaseKey);
        long stored = storedEvents();
        ResponseEntity<String> releasedAgain = post("/api/cases/" + caseId + "/releases", release, releaseKey);

        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ServedApi.assertAnsweredAsBefore(openedAgain, opened);
        assertThat(released.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        ServedApi.assertAnsweredAsBefore(releasedAgain, released);
        assertThat(storedEvents()).isEqualTo(stored);
    }

    @Test
    void concurrentRetriesWithOneKeyRecordTheWriteOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        long before = storedEvents();
        Callable<ResponseEntity<String>> retry = () -> post("/api/cases", OPENING, key);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<ResponseEntity<String>> answers = new ArrayList<>();
            for (Future<ResponseEntity<String>> answer : clients.invokeAll(Collections.nCopies(4, retry))) {
                answers.add(answer.get());
            }

            assertThat(answers).allSatisfy(answer -> {
                assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.CREATED);
                assertThat(answer.getBody()).isEqualTo(answers.get(0).getBody());
            });
            assertThat(answers).filteredOn(answer -> answer.getHeaders().containsKey("Idempotency-Replayed"))
                    .hasSize(3);
            assertThat(storedEvents()).isEqualTo(before + 2);
        } finally {
            clients.shutdown();
        }
    }

    @Test
    void refusedWriteStoresNothingNotEvenItsKey() throws Exception {
        String caseId = open();
        String key = UUID.randomUUID().toString();

        ResponseEntity<String> refused = post("/api/cases/" + caseId + "/corrections", """
                {"retractedEventId":"no-such-event","reason":"typo","source":{"type":"OTHER"}}""", key);
        ResponseEntity<String> next = post("/api/cases/" + caseId + "/releases", """
                {"date":"2019","conditions":"FREE","source":{"type":"OTHER"}}""", key);

        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.UNPROCESSABLE_ENTITY);
        assertThat(next.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        assertThat(next.getHeaders().containsKey("Idempotency-Replayed")).isFalse();
    }

    private String open() throws Exception {
        return json.readTree(post("/api/cases", OPENING).getBody()).get("caseId").asText();
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey) {
        return new ServedApi(http).post(path, body, idempotencyKey);
    }
}
