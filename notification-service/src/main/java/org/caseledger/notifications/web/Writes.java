package org.caseledger.notifications.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.idempotency.IdempotentRequests;
import org.caseledger.platform.web.WriteConditions;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every write of this API in one transaction with its Idempotency-Key record: a retry with the same key gets the
 * first answer (a new subscription's secret included) and changes nothing. This service keeps rows, not events, so
 * the outcome stored with the key is the answer itself: status, location and body.
 */
@Component
class Writes {

    private final TransactionTemplate transaction;
    private final IdempotentRequests idempotentRequests;
    private final ObjectMapper json;

    Writes(TransactionTemplate transaction, IdempotentRequests idempotentRequests, ObjectMapper json) {
        this.transaction = transaction;
        this.idempotentRequests = idempotentRequests;
        this.json = json;
    }

    ResponseEntity<?> write(WriteConditions conditions, String method, String path, Object request,
                            Supplier<ResponseEntity<?>> write) {
        Optional<String> key = conditions.idempotencyKey();
        if (key.isEmpty()) {
            return transaction.execute(status -> write.get());
        }
        return transaction.execute(status -> {
            Optional<String> stored = idempotentRequests.claim(key.get(), method + " " + path, request);
            if (stored.isPresent()) {
                return replay(stored.get());
            }
            ResponseEntity<?> answer = write.get();
            idempotentRequests.store(key.get(), outcome(answer));
            return answer;
        });
    }

    private String outcome(ResponseEntity<?> answer) {
        URI location = answer.getHeaders().getLocation();
        try {
            return json.writeValueAsString(new StoredAnswer(answer.getStatusCode().value(),
                    location == null ? null : location.toString(),
                    answer.getBody() == null ? null : json.valueToTree(answer.getBody())));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the answer to a write", e);
        }
    }

    private ResponseEntity<?> replay(String outcome) {
        StoredAnswer stored;
        try {
            stored = json.readValue(outcome, StoredAnswer.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot read the stored answer to a write", e);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.add(WriteConditions.REPLAYED, "true");
        if (stored.location() != null) {
            headers.setLocation(URI.create(stored.location()));
        }
        if (stored.body() != null) {
            headers.setContentType(MediaType.APPLICATION_JSON);
        }
        return new ResponseEntity<>(stored.body(), headers, HttpStatus.valueOf(stored.status()));
    }

    private record StoredAnswer(int status, String location, JsonNode body) {
    }
}
