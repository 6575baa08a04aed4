package org.caseledger.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.caseledger.platform.security.Role;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A service's HTTP API as its tests call it: JSON posts, its served OpenAPI description, its answers compared. */
public final class ServedApi {

    private final TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();

    public ServedApi(TestRestTemplate http) {
        this.http = http;
    }

    /** Prepares one derived request against what the test put on record: the path to send it to, and its body. */
    @FunctionalInterface
    public interface Preparation {
        Prepared prepare(OpenApiContract.Request request) throws Exception;
    }

    /**
     * A derived request ready to send, as one with the role it is sent with: an admin, who may call every operation
     * a person may, unless the operation is a service account's.
     */
    public record Prepared(String path, JsonNode body, Role as) {

        public Prepared(String path, JsonNode body) {
            this(path, body, Role.ADMIN);
        }
    }

    public ResponseEntity<String> post(String path, String body) {
        return post(path, body, null);
    }

    /** As an admin, who may call every operation: the description's promises are checked, not the route table. */
    public ResponseEntity<String> post(String path, String body, String idempotencyKey) {
        return post(path, body, idempotencyKey, Role.ADMIN);
    }

    public ResponseEntity<String> post(String path, String body, String idempotencyKey, Role as) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        headers.setBearerAuth(TestTokens.get().token(as));
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    public JsonNode read(ResponseEntity<String> response) throws Exception {
        return json.readTree(response.getBody());
    }

    /** The OpenAPI description the service serves. */
    public OpenApiContract description() throws Exception {
        return new OpenApiContract(json.readTree(http.getForObject("/v3/api-docs", String.class)));
    }

    /**
     * Sends every request the served description promises to accept, each prepared by the test, and fails on what
     * went wrong: a gap in the description, or a request refused, with the answer it got.
     */
    public void assertAcceptsEveryPromisedRequest(String service, Preparation preparation) throws Exception {
        OpenApiContract contract = description();
        List<String> refused = refusedOf(contract, preparation);

        System.out.println(service + " contract: " + contract.operations().size() + " operations, "
                + contract.acceptedRequests().size() + " requests derived");
        assertThat(contract.acceptedRequests()).isNotEmpty();
        assertThat(refused).as("gaps in the description, and requests it promises but the service refuses").isEmpty();
    }

    /** The served description tells of every answer of its operations, with a schema and an example each. */
    public void assertDescribesEveryAnswer(int operations) throws Exception {
        OpenApiContract contract = description();

        assertThat(contract.operations()).hasSize(operations);
        assertThat(contract.undescribedAnswers()).isEmpty();
    }

    private List<String> refusedOf(OpenApiContract contract, Preparation preparation) throws Exception {
        List<String> refused = new ArrayList<>(contract.gaps());
        for (OpenApiContract.Request request : contract.acceptedRequests()) {
            Prepared prepared = preparation.prepare(request);
            ResponseEntity<String> response = post(prepared.path(), prepared.body().toString(), null, prepared.as());
            if (!response.getStatusCode().is2xxSuccessful()) {
                refused.add(request + " → " + response.getStatusCode().value() + " " + response.getBody());
            }
        }
        return refused;
    }

    /** {@code /error} is no resource of any API here: asked for, it is a 404 problem like any other. */
    public void assertErrorPathIsNotFound() throws Exception {
        ResponseEntity<String> response = http.getForEntity("/error", String.class);

        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(read(response).get("title").asText()).isEqualTo("Not found");
    }

    /** A retry answered as the first request was, byte for byte, and marked as a replay. */
    public static void assertAnsweredAsBefore(ResponseEntity<String> retry, ResponseEntity<String> first) {
        assertThat(retry.getStatusCode()).isEqualTo(first.getStatusCode());
        assertThat(retry.getBody()).isEqualTo(first.getBody());
        assertThat(retry.getHeaders().getETag()).isEqualTo(first.getHeaders().getETag());
        assertThat(retry.getHeaders().getLocation()).isEqualTo(first.getHeaders().getLocation());
        assertThat(retry.getHeaders().getContentType()).isEqualTo(first.getHeaders().getContentType());
        assertThat(first.getHeaders().containsKey("Idempotency-Replayed")).isFalse();
        assertThat(retry.getHeaders().getFirst("Idempotency-Replayed")).isEqualTo("true");
    }
}
