package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.caseledger.api.EventCatalogue;

/**
 * Axon's event serializer with the events' personal values sealed on the way into the event store and opened on the
 * way out (to the aggregates and the publisher). Only the events of the catalogue are touched; tokens, deadlines and
 * anything else go through the plain serializer. Upcasters see the stored JSON with its envelopes, before opening.
 */
public class PersonalDataSerializer implements Serializer {

    private final Serializer delegate;
    private final PersonalDataCodec codec;

    public PersonalDataSerializer(Serializer delegate, PersonalDataCodec codec) {
        this.delegate = delegate;
        this.codec = codec;
    }

    @Override
    public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
        if (object == null || !isEvent(object.getClass())) {
            return delegate.serialize(object, expectedRepresentation);
        }
        SerializedObject<JsonNode> sealed = new SimpleSerializedObject<>(codec.seal(object), JsonNode.class,
                delegate.typeForClass(object.getClass()));
        return delegate.getConverter().convert(sealed, expectedRepresentation);
    }

    @Override
    public <S, T> T deserialize(SerializedObject<S> serializedObject) {
        Class<?> type = delegate.classForType(serializedObject.getType());
        if (!isEvent(type)) {
            return delegate.deserialize(serializedObject);
        }
        JsonNode tree = delegate.getConverter().convert(serializedObject, JsonNode.class).getData();
        return delegate.deserialize(new SimpleSerializedObject<>(codec.open(tree, type), JsonNode.class,
                serializedObject.getType()));
    }

    @Override
    public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
        return delegate.canSerializeTo(expectedRepresentation);
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class classForType(SerializedType type) {
        return delegate.classForType(type);
    }

    @Override
    public SerializedType typeForClass(Class type) {
        return delegate.typeForClass(type);
    }

    @Override
    public Converter getConverter() {
        return delegate.getConverter();
    }

    private static boolean isEvent(Class<?> type) {
        return type != null && type.isRecord()
                && EventCatalogue.typeNamed(EventCatalogue.nameOf(type)).filter(type::equals).isPresent();
    }
}
