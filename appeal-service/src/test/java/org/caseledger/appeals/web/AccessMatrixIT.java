package org.caseledger.appeals.web;

import org.caseledger.appeals.RunningAppealService;
import org.caseledger.platform.testing.AccessMatrix;
import org.caseledger.platform.testing.AccessMatrix.Endpoint;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.List;
import java.util.Set;

import static org.caseledger.platform.security.Role.ADMIN;
import static org.caseledger.platform.security.Role.OPERATOR;
import static org.caseledger.platform.security.Role.VIEWER;

/** Every operation of appeal-service with every kind of token: refused exactly where the route table says. */
class AccessMatrixIT extends RunningAppealService {

    @LocalServerPort
    int port;

    @Test
    void everyoneReadsTheRegisterOperatorsRecordAppealsAdminsRegisterAuthorities() {
        String appeal = "/api/appeals/c0ffee00-0000-4000-8000-000000000000";
        new AccessMatrix(port, managementPort).check("appeal-service", List.of(
                Endpoint.get("/api/authorities", "/api/authorities", VIEWER),
                Endpoint.get("/api/authorities/{authorityId}", "/api/authorities/un-wgeid", VIEWER),
                Endpoint.post("/api/authorities", "/api/authorities", ADMIN),
                Endpoint.post("/api/appeals", "/api/appeals", OPERATOR),
                Endpoint.post("/api/appeals/{appealId}/responses", appeal + "/responses", OPERATOR),
                Endpoint.post("/api/appeals/{appealId}/follow-ups", appeal + "/follow-ups", OPERATOR),
                Endpoint.post("/api/appeals/{appealId}/escalations", appeal + "/escalations", OPERATOR),
                Endpoint.post("/api/appeals/{appealId}/closure", appeal + "/closure", OPERATOR),
                Endpoint.get("/api/admin/ledger/verification", "/api/admin/ledger/verification", ADMIN),
                Endpoint.get("/api/admin/ledger/export", "/api/admin/ledger/export", ADMIN)), Set.of());
    }
}
