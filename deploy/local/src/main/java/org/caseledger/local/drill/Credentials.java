package org.caseledger.local.drill;

/** The {@code Authorization} header of the drill's requests, fetched again when the service says it expired. */
public interface Credentials {

    /** The header's value, e.g. {@code Bearer ...}. */
    String authorization();

    /** The service answered 401: the next {@link #authorization()} is a new one. */
    default void expired() {
    }
}
