package org.caseledger.platform.web;

import org.caseledger.platform.command.Recorded;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.net.URI;

/**
 * The answer to a write, rendered from the request and what was recorded alone, so that a retry answered from the
 * stored outcome gets the first answer again, byte for byte, only marked {@code Idempotency-Replayed: true}.
 */
public final class WriteAnswers {

    private WriteAnswers() {
    }

    /** 201 with the aggregate's new version as ETag. */
    public static <T> ResponseEntity<T> created(Recorded recorded, String aggregateId, T body) {
        return builder(recorded, aggregateId).body(body);
    }

    /** 201 for a write that created the aggregate, with where it can be addressed. */
    public static <T> ResponseEntity<T> created(Recorded recorded, String aggregateId, URI location, T body) {
        return builder(recorded, aggregateId).location(location).body(body);
    }

    /** The ETag of a version, as {@code If-Match} takes it back. */
    public static String etag(long version) {
        return "\"" + version + "\"";
    }

    private static ResponseEntity.BodyBuilder builder(Recorded recorded, String aggregateId) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(HttpStatus.CREATED)
                .eTag(etag(recorded.versionOf(aggregateId)));
        if (recorded.replayed()) {
            builder.header(WriteConditions.REPLAYED, "true");
        }
        return builder;
    }
}
