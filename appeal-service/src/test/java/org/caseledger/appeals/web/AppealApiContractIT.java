package org.caseledger.appeals.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.caseledger.appeals.CasesTopic;
import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;


/**
 * The OpenAPI description appeal-service serves is a promise: every request it describes as acceptable is accepted,
 * and every answer is described. Each request about an appeal gets an appeal of its own, filed long before the dates
 * the description gives, so that a closing cannot refuse the next one.
 */
class AppealApiContractIT extends RunningAppealService {

    static final String FILING = """
            {"caseId":"%s","authorityId":"kz-foreign-ministry","channel":"LETTER","filedBy":"RELATIVE",
             "date":"2020-01-06","summary":"Asked where he is held"}""";

    @Test
    void everyRequestTheDescriptionPromisesIsAccepted() throws Exception {
        ServedApi api = new ServedApi(http);
        String caseId = CasesTopic.knownCase(jdbc, "Qalymbek Kenzhebek");

        api.assertAcceptsEveryPromisedRequest("appeal-service", request -> {
            String path = request.path();
            if (path.contains("{appealId}")) {
                JsonNode filed = api.read(api.post("/api/appeals", FILING.formatted(caseId)));
                path = path.replace("{appealId}", filed.get("appealId").asText());
            }
            JsonNode body = request.body().deepCopy();
            if (body instanceof ObjectNode object && object.has("caseId")) {
                object.put("caseId", caseId);
            }
            return new ServedApi.Prepared(path, body);
        });
    }

    @Test
    void everyAnswerIsDescribedWithItsSchemaAndAnExample() throws Exception {
        new ServedApi(http).assertDescribesEveryAnswer(10);
    }
}
