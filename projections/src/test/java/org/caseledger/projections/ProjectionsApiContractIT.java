package org.caseledger.projections;

import org.caseledger.platform.testing.ServedApi;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** projections describes its API as the command services do: every answer with its schema and an example. */
class ProjectionsApiContractIT extends RunningProjections {

    @Test
    void describesEveryReadWithEveryAnswerItGives() throws Exception {
        ServedApi api = new ServedApi(http);

        assertThat(api.description().operations()).containsExactlyInAnyOrder("GET /api/cases/{caseId}",
                "GET /api/cases/{caseId}/timeline", "GET /api/cases", "GET /api/cases/{caseId}/appeals",
                "GET /api/authorities/{authorityId}/record", "GET /api/admin/access-log", "GET /api/statistics",
                "GET /api/exports/cases.csv", "GET /api/admin/projections", "GET /api/exports/events.jsonl",
                "POST /api/admin/projections/{name}/rebuild");
        api.assertDescribesEveryAnswer(11);
    }

    @Test
    void errorPathIsNoResourceOfTheApi() throws Exception {
        new ServedApi(http).assertErrorPathIsNotFound();
    }
}
