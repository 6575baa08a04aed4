package org.caseledger.platform.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The aggregate a command is for, and the version it expects, read from the members marked
 * {@link TargetAggregateIdentifier} and {@link TargetAggregateVersion}, as Axon's {@code
 * AnnotationCommandTargetResolver} reads them: the first such method, else the first such field, searched in Axon's
 * order, with its answers and refusals. Axon's searches the command's methods and fields for the marks at every
 * command, some 2.4 µs; this searches once for each type of command ({@code CommandOverheadBenchmark}).
 */
final class CommandTargets implements CommandTargetResolver {

    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return new Target(Member.marked(type, TargetAggregateIdentifier.class),
                    Member.marked(type, TargetAggregateVersion.class));
        }
    };

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        Object identifier;
        Long version;
        try {
            identifier = target.identifier().read(command.getPayload());
            version = asLong(target.version().read(command.getPayload()));
        } catch (InvocationTargetException e) {
            throw new IllegalArgumentException("An exception occurred while extracting aggregate "
                    + "information form a command", e);
        } catch (IllegalAccessException e) {
            throw new IllegalArgumentException("The current security context does not allow extraction of "
                    + "aggregate information from the given command.", e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
        if (identifier == null) {
            throw new IllegalArgumentException(String.format(
                    "Invalid command. It does not identify the target aggregate. "
                            + "Make sure at least one of the fields or methods in the [%s] class contains the "
                            + "@TargetAggregateIdentifier annotation and that it returns a non-null value.",
                    command.getPayloadType().getSimpleName()));
        }
        return new VersionedAggregateIdentifier(identifier, version);
    }

    private static Long asLong(Object value) {
        if (value == null) {
            return null;
        }
        return value instanceof Number number ? number.longValue() : Long.parseLong(value.toString());
    }

    private record Target(Member identifier, Member version) {
    }

    /** A method or field of a command type that carries a mark, or none. */
    private record Member(Method method, Field field) {

        static Member marked(Class<?> type, Class<? extends Annotation> mark) {
            for (Method method : ReflectionUtils.methodsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(method, mark)) {
                    return new Member(ReflectionUtils.ensureAccessible(method), null);
                }
            }
            for (Field field : ReflectionUtils.fieldsOf(type)) {
                if (AnnotationUtils.isAnnotationPresent(field, mark)) {
                    return new Member(null, field);
                }
            }
            return new Member(null, null);
        }

        Object read(Object command) throws InvocationTargetException, IllegalAccessException {
            if (method != null) {
                return method.invoke(command);
            }
            return field == null ? null : ReflectionUtils.getFieldValue(field, command);
        }
    }
}
