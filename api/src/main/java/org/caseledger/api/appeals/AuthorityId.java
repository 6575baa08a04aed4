package org.caseledger.api.appeals;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.caseledger.api.Identifiers;

import java.util.Objects;

/** Stable identity of an authority in the register: a readable slug for the seeded ones, random for the others. */
public record AuthorityId(@JsonValue String value) {

    public AuthorityId {
        Objects.requireNonNull(value, "authority id");
    }

    @JsonCreator
    public static AuthorityId of(String value) {
        return new AuthorityId(value);
    }

    public static AuthorityId random() {
        return new AuthorityId(Identifiers.next());
    }

    /** Axon stores an aggregate's identifier as its {@code toString()}. */
    @Override
    public String toString() {
        return value;
    }
}
