package org.caseledger.platform.axon;

import org.axonframework.common.IdentifierFactory;
import org.caseledger.api.Identifiers;

/**
 * Makes Axon's identifiers, of every event and message, the way the services make cases' and appeals' ids
 * ({@link Identifiers}): version 7 UUIDs that sort by the minute they were made, since the event store and the read
 * models keep a unique index of the events' ids. Axon finds it through {@code META-INF/services}.
 */
public class TimeOrderedIdentifierFactory extends IdentifierFactory {

    @Override
    public String generateIdentifier() {
        return Identifiers.next();
    }
}
