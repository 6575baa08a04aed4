package org.caseledger.projections.readmodels;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.caseledger.platform.kafka.ConsumerStandings;
import org.caseledger.platform.kafka.TopicConsumer;
import org.caseledger.platform.security.Reader;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * For admins: each read model of this service, how far it has read its topics and how far behind it is, and the
 * rebuild of one beside the live one.
 */
@RestController
@Tag(name = "read models", description = "The read models this service builds, where each stands, and rebuilds")
class ReadModelsController {

    static final String STANDINGS = "/api/admin/projections";

    private final ConsumerStandings standings;
    private final List<TopicConsumer> consumers;
    private final ReadModelRebuilds rebuilds;

    ReadModelsController(ConsumerStandings standings, List<TopicConsumer> consumers, ReadModelRebuilds rebuilds) {
        this.standings = standings;
        this.consumers = List.copyOf(consumers);
        this.rebuilds = rebuilds;
    }

    /**
     * A read model and where it stands, as {@link ConsumerStandings.Standing} has it, with its rebuild.
     *
     * @param rebuildable whether {@code POST …/{name}/rebuild} can rebuild it beside the live one
     * @param rebuild     the rebuild under way in this instance; null when none is
     * @param lastRebuild the last rebuild this instance finished since it started; null when none
     */
    record ReadModel(String name, List<String> topics, boolean running, long applied, Long lag, Instant lastAppliedAt,
                     List<ConsumerStandings.PartitionStanding> partitions, boolean rebuildable,
                     RebuildProgress rebuild, RebuildProgress lastRebuild) {
    }

    /** @param brokerUnavailable why the ends are missing; null when the broker answered */
    @Schema(example = """
            {"consumers": [{"name": "projections.case-status", "topics": ["caseledger.cases.v1"], "running": true,
                            "applied": 1840, "lag": 3, "lastAppliedAt": "2026-03-02T10:15:30Z",
                            "partitions": [{"topic": "caseledger.cases.v1", "partition": 0, "position": 912,
                                            "end": 915, "lag": 3},
                                           {"topic": "caseledger.cases.v1", "partition": 1, "position": 928,
                                            "end": 928, "lag": 0}],
                            "rebuildable": true,
                            "rebuild": {"state": "BUILDING", "startedAt": "2026-03-02T10:14:02Z",
                                        "requestedBy": "admin", "done": 1212, "total": 1843,
                                        "eventsPerSecond": 8410.5, "secondsLeft": 1, "finishedAt": null},
                            "lastRebuild": null}],
             "brokerUnavailable": null}""")
    record ReadModels(List<ReadModel> consumers, String brokerUnavailable) {
    }

    /**
     * @param rebuilt the read models this rebuild builds afresh: the one named, and those that can only be rebuilt
     *                with it (projections.appeals and projections.statistics are rebuilt together, whichever is named)
     * @param watch   where to follow the rebuild: its progress is in that answer, under each rebuilt model's name
     */
    @Schema(example = """
            {"readModel": "projections.appeals",
             "rebuilt": ["projections.appeals", "projections.statistics"], "watch": "/api/admin/projections",
             "progress": {"state": "BUILDING", "startedAt": "2026-03-02T10:14:02Z", "requestedBy": "admin",
                          "done": 0, "total": null, "eventsPerSecond": null, "secondsLeft": null,
                          "finishedAt": null}}""")
    record RebuildStarted(String readModel, List<String> rebuilt, String watch, RebuildProgress progress) {
    }

    @GetMapping(STANDINGS)
    @Operation(summary = "Each read model with its position, lag in records and when it last applied one, and the "
            + "progress of its rebuild",
            description = "A read model is one consumer of the cases or appeals topic with positions of its own, "
                    + "stored beside its rows. 'lag' is the records on its topics it has not applied yet; when Kafka "
                    + "does not answer, positions are given without ends or lag and 'brokerUnavailable' says why. "
                    + "While it is rebuilt, 'rebuild' gives the records the copy has applied, those on the topics, "
                    + "the records applied per second and the seconds left; projections.appeals and "
                    + "projections.statistics, rebuilt together, both show their one rebuild's progress.")
    ReadModels readModels() {
        ConsumerStandings.Standings now = standings.of(consumers);
        return new ReadModels(now.consumers().stream()
                .map(standing -> new ReadModel(standing.name(), standing.topics(), standing.running(),
                        standing.applied(), standing.lag(), standing.lastAppliedAt(), standing.partitions(),
                        rebuilds.isRebuildable(standing.name()), rebuilds.progress(standing.name()).orElse(null),
                        rebuilds.lastFinished(standing.name()).orElse(null)))
                .toList(), now.brokerUnavailable());
    }

    @PostMapping(STANDINGS + "/{name}/rebuild")
    @Operation(summary = "Builds a fresh copy of a read model from the topics' beginning, beside the live one, and "
            + "switches queries to it once it has caught up",
            description = "The copy has tables and a consumer position of its own; queries keep reading the live "
                    + "model until the copy has read as far as it, then both are switched in one transaction and "
                    + "the old tables are dropped. The live model's updates pause for the last records and the "
                    + "switch. A service stopped or killed during a rebuild resumes it when it starts again. Every "
                    + "read model is rebuilt so. projections.appeals and projections.statistics are rebuilt "
                    + "together, whichever is named, since the statistics count the appeals' rows by triggers on "
                    + "their table: the copy has both models' tables, with the triggers and functions that keep the "
                    + "counts, and both are switched in one transaction.")
    @ApiResponse(responseCode = "202", description = "The rebuild has begun; its progress is in "
            + "GET /api/admin/projections, named in Location, under the name of each model it rebuilds ('rebuilt': "
            + "for projections.appeals or projections.statistics, both)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = RebuildStarted.class)))
    @ApiResponse(responseCode = "409", description = "The read model is being rebuilt already (for "
            + "projections.appeals and projections.statistics: either of them, since one rebuild builds both)",
            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                    schema = @Schema(ref = "#/components/schemas/Problem"),
                    examples = @ExampleObject(value = """
                            {"type": "about:blank", "title": "Conflict", "status": 409,
                             "detail": "Read model 'projections.timeline' is being rebuilt already; GET /api/admin/projections shows how far it has got. A new rebuild can start once it is done.",
                             "instance": "/api/admin/projections/projections.timeline/rebuild"}""")))
    ResponseEntity<RebuildStarted> rebuild(
            @Parameter(description = "the read model's name, as GET /api/admin/projections lists it",
                    example = "projections.timeline") @PathVariable String name) {
        RebuildProgress progress = rebuilds.rebuild(name, Reader.required().user());
        return ResponseEntity.accepted()
                .location(URI.create(STANDINGS))
                .body(new RebuildStarted(name, rebuilds.rebuiltWith(name), STANDINGS, progress));
    }
}
