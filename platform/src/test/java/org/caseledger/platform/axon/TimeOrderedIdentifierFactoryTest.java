package org.caseledger.platform.axon;

import org.axonframework.common.IdentifierFactory;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TimeOrderedIdentifierFactoryTest {

    @Test
    void axonFindsTheFactoryAndGivesEveryEventATimeOrderedId() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifierFactory.class);

        String eventId = GenericEventMessage.asEventMessage("released").getIdentifier();

        assertThat(UUID.fromString(eventId).version()).isEqualTo(7);
    }
}
