package org.caseledger.api.cases;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.caseledger.api.Identifiers;

import java.util.Objects;

/** Opaque, stable identity of a case (one person); never reused. */
public record CaseId(@JsonValue String value) {

    public CaseId {
        Objects.requireNonNull(value, "case id");
    }

    @JsonCreator
    public static CaseId of(String value) {
        return new CaseId(value);
    }

    public static CaseId random() {
        return new CaseId(Identifiers.next());
    }

    /** Axon stores an aggregate's identifier as its {@code toString()}. */
    @Override
    public String toString() {
        return value;
    }
}
