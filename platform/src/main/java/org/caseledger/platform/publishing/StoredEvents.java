package org.caseledger.platform.publishing;

import java.util.Optional;

/** What the event store a publisher reads holds at a place, as far as the publisher needs to know it. */
@FunctionalInterface
interface StoredEvents {

    /** The identifier of the event stored at that place (its global index), if one is. */
    Optional<String> identifierAt(long place);
}
