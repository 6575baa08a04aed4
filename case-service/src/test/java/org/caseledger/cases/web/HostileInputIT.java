package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random and hostile requests, each broken in a way that must be refused: only 4xx problem responses, never a 5xx,
 * and nothing stored. The seed is printed so a failure can be replayed with -Dfuzz.seed=….
 */
class HostileInputIT extends RunningCaseService {

    static final Map<String, String> VALID_BODIES = Map.of(
            "", """
                    {"person":{"name":"Ömürbek Eminov","nameVariants":[{"text":"Өмүрбек","script":"CYRILLIC"}],
                      "gender":"MALE","birth":{"ageFrom":40,"ageTo":49,"ageAsOfYear":2018},"citizenships":["KG"],
                      "hometown":{"county":"Ghulja","prefecture":"Ili"},"occupation":"trader"},
                     "detention":{"date":"2017-11","place":"Ghulja","kind":"CAMP"},
                     "source":{"type":"RELATIVE_TESTIMONY","reliability":"LIKELY","reference":"sister"}}""",
            "/releases", """
                    {"date":"2018-12","conditions":"SURVEILLANCE","source":{"type":"WITNESS_TESTIMONY"}}""",
            "/testimonies", """
                    {"givenBy":{"relation":"SIBLING"},"date":"2019-01","language":"ky","summary":"He was taken.",
                     "consentToPublish":false,"visibility":"RESTRICTED","source":{"type":"RELATIVE_TESTIMONY"}}""",
            "/sentences", """
                    {"date":"2019","court":"Ili","term":{"years":10,"months":0,"life":false},
                     "source":{"type":"COURT_RECORD"}}""",
            "/evidence", """
                    {"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                     "mediaType":"image/jpeg","storedAt":"vault","date":"2019","source":{"type":"OTHER"}}""");

    static final String[] HOSTILE_STRINGS = {
            "a\u0000b", "\u0007bell", "\u001b[31mred", "\u0085next-line", "\ud800", "x\udc00",
            "A".repeat(100_000), "2017-02-30", "9999-99-99", "NaN", "' OR 1=1 --", "<script>alert(1)</script>"};

    @LocalServerPort
    int port;

    /** Writes every non-ASCII character as a \\u escape, so broken UTF-16 reaches the server as sent. */
    final ObjectMapper json = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void brokenFieldsAreRefusedWithProblemsAndStoreNothing() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("hostile input seed: " + seed);
        Random random = new Random(seed);
        String caseId = json.readTree(send("", VALID_BODIES.get("")).body()).get("caseId").asText();
        long before = storedEvents();

        for (int i = 0; i < 300; i++) {
            List<String> paths = new ArrayList<>(VALID_BODIES.keySet());
            String path = paths.get(random.nextInt(paths.size()));
            JsonNode body = json.readTree(VALID_BODIES.get(path));
            String mutation = breakOneField(body, random);
            HttpResponse<String> response = send(path.isEmpty() ? "" : "/" + caseId + path, json.writeValueAsString(body));

            assertRefused(response, "seed " + seed + ", request " + i + ", " + mutation + ": " + body);
        }
        assertThat(storedEvents()).as("events stored by refused requests, seed " + seed).isEqualTo(before);
    }

    @Test
    void hostileBodiesAreRefusedWithProblemsAndStoreNothing() throws Exception {
        long before = storedEvents();
        List<String> bodies = List.of(
                "", "null", "[]", "42", "\"text\"", "{", "{\"person\":", "{}}",
                "[".repeat(5_000) + "]".repeat(5_000),
                "{\"person\":{\"name\":\"a\"},\"detention\":{\"date\":\"2017\",\"kind\":\"CAMP\"},"
                        + "\"source\":{\"type\":\"OTHER\"},\"caseNumber\":1}");
        for (String body : bodies) {
            assertRefused(send("", body), body.length() > 80 ? body.substring(0, 80) + "…" : body);
        }
        assertRefused(sendBytes("", new byte[]{(byte) 0xC3, (byte) 0x28, (byte) 0xFF, '{', '}'}), "invalid UTF-8");
        assertThat(storedEvents()).isEqualTo(before);
    }

    /**
     * Each body is a complete, valid opening of a case but for one thing that only strict reading refuses: without it,
     * the case would be opened.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            name given twice      | {"person":{"name":"a","name":"b"},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}}      | person.name
            trailing token        | {"person":{"name":"a"},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}} trailing       | not valid JSON
            second object after   | {"person":{"name":"a"},"detention":{"date":"2017","kind":"CAMP"},"source":{"type":"OTHER"}} {}             | must be a JSON object
            number for a date     | {"person":{"name":"a"},"detention":{"date":20171104,"kind":"CAMP"},"source":{"type":"OTHER"}}              | detention.date
            """)
    void completeBodiesThatOnlyStrictReadingRefusesStoreNothing(String what, String body, String named)
            throws Exception {
        long before = storedEvents();

        HttpResponse<String> response = send("", body);

        assertThat(response.statusCode()).as(what).isEqualTo(400);
        assertRefused(response, what);
        assertThat(response.body()).contains(named);
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void tenMegabyteBodiesAreRefusedWhetherTheirLengthIsDeclaredOrNot() throws Exception {
        long before = storedEvents();

        HttpResponse<String> declared = sendBytes("", bodyOfMegabytes(10));
        HttpResponse<String> chunked = sendChunked(bodyOfMegabytes(1));

        assertThat(declared.statusCode()).isEqualTo(413);
        assertRefused(declared, "10 MB with a declared length");
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertRefused(chunked, "1 MB without a declared length");
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void tenMegabytesWithoutADeclaredLengthAreCutOffAndStoreNothing() throws Exception {
        long before = storedEvents();

        try {
            HttpResponse<String> response = sendChunked(bodyOfMegabytes(10));
            assertThat(response.statusCode()).isEqualTo(413);
            assertRefused(response, "10 MB without a declared length");
        } catch (IOException closedWhileSending) {
            // Past what it will read, the server answers 413 and closes the connection while the client still sends.
            assertThat(closedWhileSending).hasMessageContaining("chunked");
        }
        assertThat(storedEvents()).isEqualTo(before);
    }

    @Test
    void namesInAnyScriptRoundTripExactly() throws Exception {
        Random random = new Random(Long.getLong("fuzz.seed", System.nanoTime()));
        int[][] blocks = {{0x41, 0x7A}, {0xC0, 0x24F}, {0x400, 0x4FF}, {0x600, 0x6FF}, {0x4E00, 0x9FFF},
                {0x300, 0x36F}, {0x1F600, 0x1F64F}, {0x10A0, 0x10FF}, {0x5D0, 0x5EA}};
        for (int i = 0; i < 40; i++) {
            StringBuilder name = new StringBuilder("N");
            for (int c = 0; c < 1 + random.nextInt(25); c++) {
                int[] block = blocks[random.nextInt(blocks.length)];
                int codePoint = block[0] + random.nextInt(block[1] - block[0] + 1);
                if (Character.isDefined(codePoint) && !Character.isISOControl(codePoint)) {
                    name.appendCodePoint(codePoint);
                }
            }
            ObjectNode body = (ObjectNode) json.readTree(VALID_BODIES.get(""));
            ((ObjectNode) body.get("person")).put("name", name.toString());
            ((ArrayNode) body.get("person").get("nameVariants")).addObject()
                    .put("text", name.reverse().toString()).put("script", "OTHER");
            name.reverse();

            HttpResponse<String> response = send("", json.writeValueAsString(body));
            assertThat(response.statusCode()).as(name.toString()).isEqualTo(201);
            String caseId = json.readTree(response.body()).get("caseId").asText();
            JsonNode stored = opened(jdbc.sql("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                    + "WHERE aggregateidentifier = ? AND sequencenumber = 0").param(caseId).query(String.class).single(),
                    DetentionReported.class);
            assertThat(stored.at("/person/name").asText()).isEqualTo(name.toString());
            assertThat(stored.at("/person/nameVariants/1/text").asText()).isEqualTo(name.reverse().toString());
        }
    }

    private String breakOneField(JsonNode body, Random random) {
        List<ObjectNode> parents = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        collect(body, parents, fields);
        int pick = random.nextInt(fields.size());
        ObjectNode parent = parents.get(pick);
        String field = fields.get(pick);
        JsonNode current = parent.get(field);
        switch (random.nextInt(6)) {
            case 0 -> {
                parent.set(field, current.isTextual() ? JsonNodeFactory.instance.objectNode()
                        : JsonNodeFactory.instance.textNode("not a " + current.getNodeType()));
                if (current.isTextual() || current.isNumber() || current.isBoolean()) {
                    parent.set(field, JsonNodeFactory.instance.arrayNode().add(1));
                }
                return field + " of the wrong type";
            }
            case 1 -> {
                parent.put(field + "Typo", "x");
                return "unknown field next to " + field;
            }
            case 2 -> {
                String hostile = HOSTILE_STRINGS[random.nextInt(6)];
                parent.put(field, current.isTextual() ? current.asText() + hostile : hostile);
                if (!current.isTextual()) {
                    parent.set(field, JsonNodeFactory.instance.arrayNode().add(hostile));
                }
                return "control or broken character in " + field;
            }
            case 3 -> {
                parent.set(field, JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode()));
                return field + " as an array";
            }
            case 4 -> {
                parent.put("source", "RUMOUR");
                return "source as text";
            }
            default -> {
                parent.put(field, "A".repeat(300_000));
                return "300 kB in " + field;
            }
        }
    }

    private static void collect(JsonNode node, List<ObjectNode> parents, List<String> fields) {
        if (node instanceof ObjectNode object) {
            for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                parents.add(object);
                fields.add(name);
                collect(object.get(name), parents, fields);
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(element -> collect(element, parents, fields));
        }
    }

    private static void assertRefused(HttpResponse<String> response, String request) {
        String what = request.length() > 300 ? request.substring(0, 300) + "…" : request;
        assertThat(response.statusCode()).as(what).isBetween(400, 499);
        assertThat(response.headers().firstValue("Content-Type").map(MediaType::parseMediaType))
                .as(what).hasValueSatisfying(type -> assertThat(type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .as(what + ": " + type).isTrue());
    }

    private static byte[] bodyOfMegabytes(int megabytes) {
        return ("{\"person\":{\"name\":\"" + "x".repeat(megabytes * 1024 * 1024) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> sendChunked(byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url("")))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.get().token(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String path, String body) throws Exception {
        return sendBytes(path, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> sendBytes(String path, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TestTokens.get().token(Role.OPERATOR))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String url(String path) {
        return "http://127.0.0.1:" + port + "/api/cases" + path;
    }
}
