package org.caseledger.platform.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class CommandTargetsTest {

    private record RecordRelease(@TargetAggregateIdentifier String caseId, String conditions,
                                 @TargetAggregateVersion Long expectedVersion) {
    }

    private record ChangeVisibility(@TargetAggregateIdentifier String caseId,
                                    @TargetAggregateVersion String expectedVersion) {
    }

    private record ReportDetention(String caseId) {
    }

    /** A command whose marks are on plain fields, and whose identifier is read through a method. */
    private static final class FileAppeal {
        private final String appealId;
        @TargetAggregateVersion
        private final int expectedVersion;

        FileAppeal(String appealId, int expectedVersion) {
            this.appealId = appealId;
            this.expectedVersion = expectedVersion;
        }

        @TargetAggregateIdentifier
        String appeal() {
            return "appeal-" + appealId;
        }
    }

    private static final class FollowUp {
        @TargetAggregateIdentifier
        private final String appealId = "a-7";
    }

    private final CommandTargetResolver axons = AnnotationCommandTargetResolver.builder().build();
    private final List<Object> leftToAxons = new ArrayList<>();
    private final CommandTargetResolver ours = new CommandTargets(command -> {
        leftToAxons.add(command.getPayload());
        return axons.resolveTarget(command);
    });

    @Test
    void findsTheAggregateAndVersionAsAxonFindsThem() {
        List<Object> commands = List.of(new RecordRelease("c-1", "FREE", 4L), new RecordRelease("c-2", "FREE", null),
                new ChangeVisibility("c-3", "12"), new FileAppeal("9", 2), new FollowUp());
        for (Object command : commands) {
            for (int time = 0; time < 2; time++) {
                VersionedAggregateIdentifier target = ours.resolveTarget(message(command));
                VersionedAggregateIdentifier expected = axons.resolveTarget(message(command));
                assertThat(target.getIdentifierValue()).isEqualTo(expected.getIdentifierValue());
                assertThat(target.getVersion()).isEqualTo(expected.getVersion());
            }
        }
        assertThat(ours.resolveTarget(message(new FileAppeal("9", 2))).getIdentifier()).isEqualTo("appeal-9");
        assertThat(ours.resolveTarget(message(new ChangeVisibility("c-3", "12"))).getVersion()).isEqualTo(12L);
        assertThat(leftToAxons).as("only a version given as text is not answered plainly")
                .allMatch(ChangeVisibility.class::isInstance).isNotEmpty();
    }

    @Test
    void refusesACommandThatNamesNoAggregateOrNotANumberForItsVersionAsAxonDoes() {
        for (Object command : List.of(new ReportDetention("c-4"), new RecordRelease(null, "FREE", 1L),
                new ChangeVisibility("c-5", "twelve"))) {
            Throwable refused = catchThrowable(() -> ours.resolveTarget(message(command)));
            Throwable expected = catchThrowable(() -> axons.resolveTarget(message(command)));
            assertThat(refused).isInstanceOf(IllegalArgumentException.class).hasMessage(expected.getMessage());
        }
    }

    private static CommandMessage<?> message(Object command) {
        return GenericCommandMessage.asCommandMessage(command);
    }
}
