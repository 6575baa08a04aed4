package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.PersonalDataErased;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;

/**
 * Seals and opens the values an event marks {@link PersonalData}: each is replaced, in the event's JSON, by an envelope
 * {@code {"personalData":"aes-256-gcm-v1","subject":"<id>","data":"<base64 of iv, ciphertext and tag>"}} encrypted
 * with its subject's key. The rest of the event stays plain JSON, so any Kafka client reads it. The subject's id, the
 * event type's name and the value's path are bound as associated data: a ciphertext copied to another field, event or
 * subject does not open. A value nested in a record ({@code Person}, {@code TestimonyGiver}, …) takes its subject
 * from the event's component that the mark names. A value that cannot be opened becomes a placeholder the event's
 * records accept: {@value #ERASED} for text of an erased subject, {@value #WITHHELD} where the holder has no key, and
 * null for any other type. Plain values (events stored before values were sealed) are read as they are.
 */
public final class PersonalDataCodec {

    public static final String SCHEME = "aes-256-gcm-v1";
    public static final String ERASED = "[erased]";
    public static final String WITHHELD = "[withheld]";

    static final String SCHEME_FIELD = "personalData";
    private static final String SUBJECT_FIELD = "subject";
    private static final String DATA_FIELD = "data";
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json;
    private final DataKeys keys;
    private volatile boolean sealing = true;

    public PersonalDataCodec(ObjectMapper json, DataKeys keys) {
        this.json = json;
        this.keys = keys;
    }

    /** A codec that opens nothing: every sealed value becomes its placeholder, the rest is read as it is. */
    public static PersonalDataCodec withoutKeys(ObjectMapper json) {
        return new PersonalDataCodec(json, DataKeys.NONE);
    }

    public DataKeys keys() {
        return keys;
    }

    /**
     * Off, personal values are written in clear (opening is unchanged): for measuring what sealing costs, in one run
     * with it on and off, never for a ledger that holds real people ({@code caseledger.personal-data.sealing}).
     */
    public void sealing(boolean on) {
        sealing = on;
    }

    /** The event as JSON with its personal values sealed. */
    public JsonNode seal(Object event) {
        JsonNode tree = json.valueToTree(event);
        if (sealing && tree instanceof ObjectNode object && event.getClass().isRecord()) {
            walk(object, object, event.getClass(), "", EventCatalogue.nameOf(event.getClass()), this::sealValue);
        }
        return tree;
    }

    public byte[] sealToBytes(Object event) {
        try {
            return json.writeValueAsBytes(seal(event));
        } catch (IOException e) {
            throw new IllegalStateException(event.getClass().getSimpleName() + " cannot be written as JSON", e);
        }
    }

    /** The event's JSON with every sealed value opened or replaced by its placeholder; plain values stay. */
    public JsonNode open(JsonNode tree, Class<?> type) {
        if (tree instanceof ObjectNode object && type.isRecord()) {
            JsonNode copy = object.deepCopy();
            walk((ObjectNode) copy, (ObjectNode) copy, type, "", EventCatalogue.nameOf(type), this::openValue);
            return copy;
        }
        return tree;
    }

    public <T> T open(byte[] payload, Class<T> type) throws IOException {
        T event = json.treeToValue(open(json.readTree(payload), type), type);
        if (event instanceof PersonalDataErased erasure) {
            keys.erased(erasure.subjectId());
        }
        return event;
    }

    /**
     * The event's JSON with this subject's values replaced by the erased placeholder, sealed or not: what a read model
     * that keeps events opened does on an erasure.
     */
    public static JsonNode erase(JsonNode tree, Class<?> type, String subject) {
        if (tree instanceof ObjectNode object && type.isRecord()) {
            JsonNode copy = object.deepCopy();
            walk((ObjectNode) copy, (ObjectNode) copy, type, "", EventCatalogue.nameOf(type),
                    (value, at) -> subject.equals(at.subject()) ? placeholder(at.type(), ERASED) : value);
            return copy;
        }
        return tree;
    }

    /** Whether this JSON value is a sealed envelope. */
    public static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.has(SCHEME_FIELD);
    }

    record Location(String subject, String eventType, String path, Class<?> type) {
        byte[] associatedData() {
            return String.join("\n", SCHEME, subject, eventType, path).getBytes(StandardCharsets.UTF_8);
        }
    }

    @FunctionalInterface
    interface ValueChange {
        JsonNode apply(JsonNode value, Location at);
    }

    private static void walk(ObjectNode event, ObjectNode node, Class<?> type, String prefix, String eventType,
                             ValueChange change) {
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            String path = prefix + name;
            PersonalData mark = component.getAnnotation(PersonalData.class);
            if (mark != null) {
                String subject = subjectOf(event, mark.subject());
                if (subject != null) {
                    node.set(name, change.apply(value, new Location(subject, eventType, path, component.getType())));
                }
                continue;
            }
            Class<?> nested = recordType(component);
            if (nested == null) {
                continue;
            }
            if (value.isObject()) {
                walk(event, (ObjectNode) value, nested, path + ".", eventType, change);
            } else if (value.isArray()) {
                for (JsonNode element : value) {
                    if (element.isObject()) {
                        walk(event, (ObjectNode) element, nested, path + ".", eventType, change);
                    }
                }
            }
        }
    }

    /** The record type of a component, or of the elements of a collection component; null for anything else. */
    private static Class<?> recordType(RecordComponent component) {
        if (component.getType().isRecord()) {
            return component.getType();
        }
        if (Collection.class.isAssignableFrom(component.getType())
                && component.getGenericType() instanceof ParameterizedType generic) {
            Type element = generic.getActualTypeArguments()[0];
            if (element instanceof Class<?> elementType && elementType.isRecord()) {
                return elementType;
            }
        }
        return null;
    }

    private static String subjectOf(ObjectNode event, String component) {
        JsonNode id = event.get(component);
        if (id == null || id.isNull()) {
            return null;
        }
        if (id.isObject()) {
            id = id.get("value");
        }
        return id == null || !id.isValueNode() ? null : id.asText();
    }

    private JsonNode sealValue(JsonNode value, Location at) {
        if (isSealed(value)) {
            return value;
        }
        DataKey key = keys.sealing(at.subject());
        if (!(key instanceof DataKey.Present present)) {
            return placeholder(at.type(), ERASED);
        }
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, present.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(at.associatedData());
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(value));
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            envelope.put(SCHEME_FIELD, SCHEME);
            envelope.put(SUBJECT_FIELD, at.subject());
            envelope.put(DATA_FIELD, Base64.getEncoder().encodeToString(
                    ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array()));
            return envelope;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("A personal value of " + at.eventType() + " cannot be sealed", e);
        }
    }

    private JsonNode openValue(JsonNode value, Location at) {
        if (!isSealed(value)) {
            return value;
        }
        if (!SCHEME.equals(value.path(SCHEME_FIELD).asText())) {
            throw new IllegalStateException("Unknown personal data scheme '" + value.path(SCHEME_FIELD).asText()
                    + "' at " + at.eventType() + "." + at.path());
        }
        DataKey key = keys.opening(at.subject());
        if (key instanceof DataKey.Erased) {
            return placeholder(at.type(), ERASED);
        }
        if (!(key instanceof DataKey.Present present)) {
            return placeholder(at.type(), WITHHELD);
        }
        byte[] data = Base64.getDecoder().decode(value.path(DATA_FIELD).asText());
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, present.key(), new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
            cipher.updateAAD(at.associatedData());
            return json.readTree(cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES));
        } catch (AEADBadTagException e) {
            throw new SealedValueMismatch(at);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("A personal value at " + at.eventType() + "." + at.path()
                    + " cannot be opened", e);
        }
    }

    private static JsonNode placeholder(Class<?> type, String text) {
        return type == String.class ? TextNode.valueOf(text) : JsonNodeFactory.instance.nullNode();
    }

    /** A sealed value that its subject's key does not open where it stands: moved, altered, or of another subject. */
    public static final class SealedValueMismatch extends RuntimeException {
        SealedValueMismatch(Location at) {
            super("The sealed value at " + at.eventType() + "." + at.path() + " does not open with the key of subject "
                    + at.subject() + ": it was altered or moved from another field, event or subject");
        }
    }
}
