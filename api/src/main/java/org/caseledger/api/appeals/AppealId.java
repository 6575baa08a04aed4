package org.caseledger.api.appeals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.caseledger.api.Identifiers;

import java.util.Objects;

/** Opaque, stable identity of one appeal to one authority; never reused. */
public record AppealId(@JsonValue String value) {

    public AppealId {
        Objects.requireNonNull(value, "appeal id");
    }

    @JsonCreator
    public static AppealId of(String value) {
        return new AppealId(value);
    }

    public static AppealId random() {
        return new AppealId(Identifiers.next());
    }

    /** Axon stores an aggregate's identifier as its {@code toString()}. */
    @Override
    public String toString() {
        return value;
    }
}
