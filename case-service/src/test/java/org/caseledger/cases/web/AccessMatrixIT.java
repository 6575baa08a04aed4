package org.caseledger.cases.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.cases.RunningCaseService;
import org.caseledger.platform.testing.AccessMatrix;
import org.caseledger.platform.testing.AccessMatrix.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.OPERATOR;
import static org.caseledger.platform.security.Role.PERSONAL_DATA_KEYS;

/** Every operation of case-service with every kind of token: refused exactly where the route table says. */
class AccessMatrixIT extends RunningCaseService {

    static final String OPENING = """
            {"person":{"name":"Ayjan Tursun"},"detention":{"date":"2018-04","kind":"CAMP"},
             "source":{"type":"RELATIVE_TESTIMONY"}}""";

    @LocalServerPort
    int port;

    @Test
    void onlyOperatorsRecordFactsAndOnlyAdminsMergeOrChangeVisibility() throws Exception {
        String caseId = new ObjectMapper().readTree(post("/api/cases", OPENING).getBody()).get("caseId").asText();
        List<Endpoint> endpoints = new ArrayList<>();
        endpoints.add(Endpoint.post("/api/cases", "/api/cases", OPERATOR));
        endpoints.add(Endpoint.post("/api/imports", "/api/imports", OPERATOR));
        for (String fact : List.of("detentions", "testimonies", "whereabouts", "contact", "charges", "trials",
                "sentences", "releases", "departures", "deaths", "relatives", "evidence", "corrections")) {
            endpoints.add(Endpoint.post("/api/cases/{caseId}/" + fact, "/api/cases/" + caseId + "/" + fact, OPERATOR));
        }
        endpoints.add(Endpoint.post("/api/cases/{caseId}/merge", "/api/cases/" + caseId + "/merge", ADMIN));
        endpoints.add(Endpoint.post("/api/cases/{caseId}/visibility", "/api/cases/" + caseId + "/visibility", ADMIN));
        endpoints.add(Endpoint.post("/api/cases/{caseId}/erasure", "/api/cases/" + caseId + "/erasure", ADMIN));
        endpoints.add(Endpoint.get("/api/internal/personal-data/keys", "/api/internal/personal-data/keys?subject="
                + caseId, PERSONAL_DATA_KEYS));
        endpoints.add(Endpoint.post("/api/internal/personal-data/keys", "/api/internal/personal-data/keys",
                PERSONAL_DATA_KEYS));
        endpoints.add(Endpoint.get("/api/admin/ledger/verification", "/api/admin/ledger/verification", ADMIN));
        endpoints.add(Endpoint.get("/api/admin/ledger/export", "/api/admin/ledger/export", ADMIN));

        new AccessMatrix(port, managementPort).check("case-service", endpoints, Set.of());
    }
}
