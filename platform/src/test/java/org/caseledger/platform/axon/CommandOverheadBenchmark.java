package org.caseledger.platform.axon;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.RecordRelease;
import org.caseledger.api.cases.ReleaseConditions;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.metrics.AxonMonitors;
import org.caseledger.platform.testing.TakingTurns;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

/**
 * Not a test of the default build (run it by name, deploy/local/README.md#meters-and-targets-found-once-per-type):
 * what two things every command and every published event pass cost them, ours against Axon's, in rounds that take
 * turns so that both see the same machine load: the command bus's monitor (its timers and counters by payload type,
 * on the registry the services export), and finding the aggregate a command is for.
 */
class CommandOverheadBenchmark {

    private final int rounds = Integer.getInteger("caseledger.benchmark.rounds", 10);
    private final int perRound = Integer.getInteger("caseledger.benchmark.commands", 200_000);

    private final List<CommandMessage<?>> commands = List.of(
            command(new RecordRelease(new CaseId("0b7f6c1e-0000-4000-8000-000000000001"),
                    ApproximateDate.parse("2019-03"), ReleaseConditions.SURVEILLANCE, source(), 3L)),
            command(new RecordRelease(new CaseId("0b7f6c1e-0000-4000-8000-000000000002"),
                    ApproximateDate.parse("2020"), ReleaseConditions.FREE, source(), null)));

    @Test
    void measure() throws Exception {
        MessageMonitor<? super CommandMessage<?>> ours = new AxonMonitors(registry())
                .registerCommandBus("commandBus", TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION);
        PrometheusMeterRegistry registry = registry();
        MessageMonitor<? super CommandMessage<?>> axons = new MultiMessageMonitor<>(List.of(
                MessageTimerMonitor.builder().meterNamePrefix("commandBus").meterRegistry(registry)
                        .tagsBuilder(TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION).build(),
                MessageCountingMonitor.buildMonitor("commandBus", registry, TagsUtil.PAYLOAD_TYPE_TAGGER_FUNCTION)));
        double[] monitoring = TakingTurns.medians(rounds, first -> {
            MessageMonitor<? super CommandMessage<?>> monitor = first ? ours : axons;
            long started = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                monitor.onMessageIngested(commands.get(i & 1)).reportSuccess();
            }
            return (System.nanoTime() - started) / 1000.0 / perRound;
        });

        CommandTargetResolver cached = new CommandTargets();
        CommandTargetResolver searching = AnnotationCommandTargetResolver.builder().build();
        double[] targets = TakingTurns.medians(rounds, first -> {
            CommandTargetResolver resolver = first ? cached : searching;
            long versions = 0;
            long started = System.nanoTime();
            for (int i = 0; i < perRound; i++) {
                Long version = resolver.resolveTarget(commands.get(i & 1)).getVersion();
                versions += version == null ? 0 : version;
            }
            double micros = (System.nanoTime() - started) / 1000.0 / perRound;
            if (versions != 3L * (perRound / 2)) {
                throw new AssertionError("The commands' versions were not read as given");
            }
            return micros;
        });

        System.out.printf(Locale.ROOT, "%d rounds of %,d commands (RecordRelease), medians:%n"
                        + "  the command bus's monitor, timers and counters by payload type:%n"
                        + "    AxonMonitors: %.3f µs a command%n    Axon's own:   %.3f µs a command%n"
                        + "    ratio (ours / Axon's): %.3f%n"
                        + "  the aggregate a command is for:%n"
                        + "    CommandTargets:                  %.3f µs a command%n"
                        + "    Axon's AnnotationCommandTargetResolver: %.3f µs a command%n"
                        + "    ratio (ours / Axon's): %.3f%n", rounds, perRound, monitoring[0], monitoring[1],
                monitoring[0] / monitoring[1], targets[0], targets[1], targets[0] / targets[1]);
    }

    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    private static Source source() {
        return new Source(SourceType.RELATIVE_TESTIMONY, null, "testimony 2019/114");
    }

    private static CommandMessage<?> command(Object payload) {
        return GenericCommandMessage.asCommandMessage(payload);
    }
}
