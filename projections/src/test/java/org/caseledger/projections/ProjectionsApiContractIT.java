package org.caseledger.projections;

import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.ServedApi;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** projections describes its API as the command services do: every answer with its schema and an example. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionsApiContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        RealInfrastructure.register(registry, "projections");
    }

    @Autowired
    TestRestTemplate http;

    @Test
    void describesEveryReadWithEveryAnswerItGives() throws Exception {
        ServedApi api = new ServedApi(http);

        assertThat(api.description().operations()).containsExactlyInAnyOrder("GET /api/cases/{caseId}",
                "GET /api/cases/{caseId}/timeline", "GET /api/cases", "GET /api/cases/{caseId}/appeals",
                "GET /api/authorities/{authorityId}/record");
        api.assertDescribesEveryAnswer(5);
    }

    @Test
    void errorPathIsNoResourceOfTheApi() throws Exception {
        new ServedApi(http).assertErrorPathIsNotFound();
    }
}
