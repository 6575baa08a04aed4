package org.caseledger.api;

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
                    ReleaseRecorded.class)
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
