package org.caseledger.platform.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.common.ReflectionUtils;
import org.axonframework.common.annotation.AnnotationUtils;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * The aggregate a command is for, and the version it expects, read from the members marked
 * {@link TargetAggregateIdentifier} and {@link TargetAggregateVersion}, found as Axon's
 * {@link AnnotationCommandTargetResolver} finds them: the first such method, else the first such field, in Axon's
 * order. Axon's searches the command's methods and fields for the marks at every command, some 2.4 µs; this searches
 * once for each type of command ({@code CommandOverheadBenchmark}). A command it cannot answer plainly (no
 * identifier, a version that is not a number, a member that fails) goes to Axon's, whose answer or refusal it is.
 */
final class CommandTargets implements CommandTargetResolver {

    private final CommandTargetResolver axons;
    private final ClassValue<Target> targets = new ClassValue<>() {
        @Override
        protected Target computeValue(Class<?> type) {
            return new Target(Member.marked(type, TargetAggregateIdentifier.class),
                    Member.marked(type, TargetAggregateVersion.class));
        }
    };

    CommandTargets() {
        this(AnnotationCommandTargetResolver.builder().build());
    }

    /** With the resolver that answers the commands this one cannot answer plainly: Axon's, but in a test. */
    CommandTargets(CommandTargetResolver axons) {
        this.axons = axons;
    }

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Target target = targets.get(command.getPayloadType());
        try {
            Object identifier = target.identifier().read(command.getPayload());
            Object version = target.version().read(command.getPayload());
            if (identifier != null && (version == null || version instanceof Number)) {
                return new VersionedAggregateIdentifier(identifier,
                        version == null ? null : ((Number) version).longValue());
            }
        } catch (ReflectiveOperationException readingFailed) {
            // Axon's reads the member again and says why it failed, as it would have without this.
        }
        return axons.resolveTarget(command);
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

        Object read(Object command) throws ReflectiveOperationException {
            if (method != null) {
                return method.invoke(command);
            }
            return field == null ? null : ReflectionUtils.getFieldValue(field, command);
        }
    }
}
