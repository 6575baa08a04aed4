package org.caseledger.platform.publishing;

import java.util.Optional;

/** What the event store a publisher reads holds, as far as the publisher needs to know it. */
@FunctionalInterface
interface StoredEvents {

    /** The place (global index) of the event with that identifier, if the store holds it. */
    Optional<Long> placeOf(String eventIdentifier);
}
