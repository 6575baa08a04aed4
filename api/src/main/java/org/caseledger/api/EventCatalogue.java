package org.caseledger.api;

import org.caseledger.api.appeals.AppealClosed;
import org.caseledger.api.appeals.AppealEscalated;
import org.caseledger.api.appeals.AppealFiled;
import org.caseledger.api.appeals.AppealFollowedUp;
import org.caseledger.api.appeals.AppealResponseOverdue;
import org.caseledger.api.appeals.AppealResponseRecorded;
import org.caseledger.api.appeals.AuthorityRegistered;
import org.caseledger.api.cases.DetentionReported;
import org.caseledger.api.cases.ReleaseRecorded;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every event type that crosses a service boundary, by the name in the {@link EventHeaders#EVENT_TYPE} header.
 * Consumers resolve payload classes here rather than from Java class names, so a class can be moved without
 * breaking a topic.
 */
public final class EventCatalogue {

    private static final Map<String, Class<?>> BY_NAME = List.<Class<?>>of(
                    DetentionReported.class,
                    ReleaseRecorded.class,
                    AuthorityRegistered.class,
                    AppealFiled.class,
                    AppealResponseRecorded.class,
                    AppealFollowedUp.class,
                    AppealEscalated.class,
                    AppealClosed.class,
                    AppealResponseOverdue.class)
            .stream()
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private EventCatalogue() {
    }

    public static Optional<Class<?>> typeNamed(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String nameOf(Class<?> type) {
        return type.getSimpleName();
    }
}
