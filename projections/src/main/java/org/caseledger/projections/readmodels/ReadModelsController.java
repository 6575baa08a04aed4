package org.caseledger.projections.readmodels;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.kafka.ConsumerStandings;
import org.caseledger.platform.kafka.TopicConsumer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** For admins: each read model of this service, how far it has read its topics and how far behind it is. */
@RestController
@Tag(name = "read models", description = "The read models this service builds, and where each stands")
class ReadModelsController {

    private final ConsumerStandings standings;
    private final List<TopicConsumer> consumers;

    ReadModelsController(ConsumerStandings standings, List<TopicConsumer> consumers) {
        this.standings = standings;
        this.consumers = List.copyOf(consumers);
    }

    @GetMapping("/api/admin/projections")
    @Operation(summary = "Each read model with its position, lag in records and when it last applied one",
            description = "A read model is one consumer of the cases or appeals topic with positions of its own, "
                    + "stored beside its rows. 'lag' is the records on its topics it has not applied yet; when Kafka "
                    + "does not answer, positions are given without ends or lag and 'brokerUnavailable' says why.")
    ConsumerStandings.Standings readModels() {
        return standings.of(consumers);
    }
}
