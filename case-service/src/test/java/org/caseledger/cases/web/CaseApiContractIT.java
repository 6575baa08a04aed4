package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.security.Role;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;

import java.util.Map;

/**
 * The OpenAPI description case-service serves is a promise: every request it describes as acceptable is accepted,
 * and every answer is described. Each request gets a case of its own, so that a merge, a death or a correction cannot
 * refuse the next one; the other case a request may name (a relative's, the one a duplicate is merged into) is the
 * same for all.
 */
class CaseApiContractIT extends RunningCaseService {

    static final String OPENING = """
            {"person":{"name":"Erlan Nurzhanov"},"detention":{"date":"2017-05","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    @Test
    void everyRequestTheDescriptionPromisesIsAccepted() throws Exception {
        ServedApi api = new ServedApi(http);
        String otherCase = api.read(api.post("/api/cases", OPENING)).get("caseId").asText();

        api.assertAcceptsEveryPromisedRequest("case-service", request -> {
            if (request.path().startsWith("/api/internal/personal-data/")) {
                return new ServedApi.Prepared(request.path(), request.body(), Role.PERSONAL_DATA_KEYS);
            }
            JsonNode opened = api.read(api.post("/api/cases", OPENING));
            return new ServedApi.Prepared(request.path().replace("{caseId}", opened.get("caseId").asText()),
                    withReferences(request.body(), Map.of(
                            "relativeCaseId", otherCase,
                            "intoCaseId", otherCase,
                            "retractedEventId", opened.get("eventId").asText())));
        });
    }

    @Test
    void everyAnswerIsDescribedWithItsSchemaAndAnExample() throws Exception {
        new ServedApi(http).assertDescribesEveryAnswer(22);
    }

    /** Fields that must name something on record get what this test put on record. */
    private static JsonNode withReferences(JsonNode body, Map<String, String> references) {
        JsonNode copy = body.deepCopy();
        replace(copy, references);
        return copy;
    }

    private static void replace(JsonNode node, Map<String, String> references) {
        if (node instanceof ObjectNode object) {
            references.forEach((field, value) -> {
                if (object.has(field)) {
                    object.put(field, value);
                }
            });
        }
        node.forEach(child -> replace(child, references));
    }
}
