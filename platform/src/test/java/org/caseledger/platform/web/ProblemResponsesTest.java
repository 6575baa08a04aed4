package org.caseledger.platform.web;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemResponsesTest {

    private final ProblemResponses responses = new ProblemResponses(Duration.ofSeconds(7));

    @Test
    void aReadTheDatabaseCancelledAtItsTimeoutIsAnsweredServiceUnavailableWithRetryAfter() {
        ResponseEntity<ProblemDetail> answer = responses.onUnexpected(new IllegalStateException("reading failed",
                new QueryTimeoutException("statistics: canceling statement due to statement timeout")));

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("7");
        assertThat(answer.getBody().getDetail()).contains("longer to read this than the service allows")
                .contains("send it again in 7 seconds");
        assertThat(Objects.requireNonNullElse(answer.getBody().getProperties(), Map.of()))
                .doesNotContainKey("reference");
    }

    @Test
    void anyOtherFailureIsAnsweredWithAReferenceToQuote() {
        ResponseEntity<ProblemDetail> answer = responses.onUnexpected(new IllegalStateException("a bug"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getBody().getProperties()).containsKey("reference");
    }
}
