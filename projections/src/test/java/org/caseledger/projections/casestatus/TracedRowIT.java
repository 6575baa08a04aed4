package org.caseledger.projections.casestatus;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.caseledger.api.Topics;
import org.caseledger.api.cases.ApproximateDate;
import org.caseledger.api.cases.CaseId;
import org.caseledger.api.cases.Detention;
import org.caseledger.api.cases.DetentionKind;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.Person;
import org.caseledger.api.cases.Source;
import org.caseledger.api.cases.SourceType;
import org.caseledger.platform.testing.RealInfrastructure;
import org.caseledger.platform.testing.TopicWriter;
import org.caseledger.projections.RunningProjections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A record carries the trace context of the request that caused its event ({@code traceparent}); the consumer's
 * work continues that trace, so the line the projection logs for the row it wrote carries the request's trace id,
 * with its correlation id and who acted.
 */
class TracedRowIT extends RunningProjections {

    final Logger projectionLog = (Logger) LoggerFactory.getLogger(CaseStatusProjection.class);
    /** Takes each line's MDC on the thread that logs it; logback reads it lazily otherwise. */
    final AppenderBase<ILoggingEvent> lines = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            seen.add(event);
        }
    };
    final List<ILoggingEvent> seen = new CopyOnWriteArrayList<>();
    Level levelBefore;

    @BeforeEach
    void listenToTheProjection() {
        levelBefore = projectionLog.getLevel();
        projectionLog.setLevel(Level.DEBUG);
        lines.start();
        projectionLog.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        projectionLog.detachAppender(lines);
        projectionLog.setLevel(levelBefore);
    }

    @Test
    void logsTheRowItWroteWithTheTraceIdOfTheRequestThatCausedTheEvent() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String caseId = UUID.randomUUID().toString();
        try (TopicWriter topic = new TopicWriter(RealInfrastructure.get().kafkaBootstrapServers(), Topics.CASES,
                "Case", "volunteer-17")) {
            topic.tracing("00-" + traceId + "-00f067aa0ba902b7-01").publish(caseId, 0, new DetentionReported(
                    new CaseId(caseId), Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L),
                    new Person("Someone"), new Detention(ApproximateDate.parse("2018"), "Urumqi", DetentionKind.CAMP),
                    new Source(SourceType.RELATIVE_TESTIMONY)));
        }

        ILoggingEvent line = await().atMost(Duration.ofSeconds(60)).until(() -> lineAbout(caseId), found -> found != null);

        assertThat(line.getFormattedMessage()).startsWith("Case " + caseId + " shown at version 0");
        assertThat(line.getMDCPropertyMap())
                .containsEntry("traceId", traceId)
                .containsEntry("recorded_by", "volunteer-17")
                .containsKey("correlation_id");
        assertThat(line.getFormattedMessage()).doesNotContain("Someone");
    }

    private ILoggingEvent lineAbout(String caseId) {
        return seen.stream().filter(event -> event.getFormattedMessage().contains(caseId)).findFirst().orElse(null);
    }
}
