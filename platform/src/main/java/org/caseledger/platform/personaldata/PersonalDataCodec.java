package org.caseledger.platform.personaldata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.caseledger.api.EventCatalogue;
import org.caseledger.api.PersonalData;
import org.caseledger.api.cases.PersonalDataErased;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Seals and opens the values an event marks {@link PersonalData}: each is replaced, in the event's JSON, by an envelope
 * {@code {"personalData":"aes-256-gcm-v1","subject":"<id>","data":"<base64 of iv, ciphertext and tag>"}} encrypted
 * with its subject's key. The rest of the event stays plain JSON, so any Kafka client reads it. The subject's id, the
 * event type's name and the value's path are bound as associated data: a ciphertext copied to another field, event or
 * subject does not open. A value nested in a record ({@code Person}, {@code TestimonyGiver}, …) takes its subject
 * from the event's component that the mark names. A value that cannot be opened becomes a placeholder the event's
 * records accept: {@value #ERASED} for text of an erased subject, {@value #WITHHELD} where the holder has no key, and
 * null for any other type. Plain values (events stored before values were sealed) are read as they are.
 *
 * <p>Every event is sealed as it is stored (the topic carries those envelopes) and opened by every reader, so what
 * does not depend on an event's values (which components are marked or hold records, their paths, most of the
 * associated data) is worked out once per event type, and each thread keeps one {@link Cipher} ({@link AesGcm}),
 * initialised anew with a fresh IV for every value: a reflection walk per event and a new {@code Cipher} per value
 * made sealing five times dearer than it is now (docs/personal-data.md#what-it-costs).
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
    private static final byte[] SCHEME_LINE = (SCHEME + "\n").getBytes(StandardCharsets.UTF_8);
    /** How a sealed value begins as this codec writes it, up to its subject's id. */
    private static final byte[] SEALED_SUBJECT = ("{\"" + SCHEME_FIELD + "\":\"" + SCHEME + "\",\"" + SUBJECT_FIELD
            + "\":\"").getBytes(StandardCharsets.UTF_8);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What is visited in each event type, worked out from its components once. */
    private static final ClassValue<Step[]> PLANS = new ClassValue<>() {
        @Override
        protected Step[] computeValue(Class<?> type) {
            return stepsOf(type, EventCatalogue.nameOf(type), "");
        }
    };

    /**
     * Whether a type marks a value personal anywhere in its records, however deep: one that marks none is bound
     * straight from its bytes, since its tree would be walked for nothing.
     */
    private static final ClassValue<Boolean> HOLDS_PERSONAL_DATA = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return holdsPersonalData(type, new HashSet<>());
        }
    };

    private final ObjectMapper json;
    private final DataKeys keys;
    private final OpenedEvents opened;
    /** This codec's reader that opens nothing; null when this one has no keys itself. */
    private final PersonalDataCodec withheld;
    /** The names of the properties this codec's mapper writes for each record type it was asked about. */
    private final Map<Class<?>, Set<String>> written = new ConcurrentHashMap<>();
    private volatile boolean sealing = true;

    public PersonalDataCodec(ObjectMapper json, DataKeys keys) {
        this(json, keys, 0);
    }

    /**
     * @param eventsKeptOpened how many of the events it opened last from bytes it keeps, for a reader of the same bytes
     *                         ({@link OpenedEvents}): a service's consumers that share it read every record each; 0
     *                         keeps none
     */
    public PersonalDataCodec(ObjectMapper json, DataKeys keys, int eventsKeptOpened) {
        this.json = json;
        this.keys = keys;
        this.opened = eventsKeptOpened > 0 ? new OpenedEvents(eventsKeptOpened) : null;
        this.withheld = keys == DataKeys.NONE ? null : withoutKeys(json);
    }

    /** A codec that opens nothing: every sealed value becomes its placeholder, the rest is read as it is. */
    public static PersonalDataCodec withoutKeys(ObjectMapper json) {
        return new PersonalDataCodec(json, DataKeys.NONE);
    }

    /**
     * A codec of the same JSON that opens nothing: what it reads has every sealed value withheld, and no key is asked
     * for.
     */
    public PersonalDataCodec withheld() {
        return withheld == null ? this : withheld;
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
            walk(object, object, PLANS.get(event.getClass()), this::sealValue);
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

    /**
     * Whether every personal value in the event's JSON is sealed as this codec seals it, for the subject it belongs
     * to, so that the JSON may travel as it is: none in clear (an event stored before values were sealed, or with
     * sealing off), none an envelope of another scheme or subject, and no property the event's records do not write
     * (left by an older shape: it would travel unread, and a value in it unsealed, where reading and sealing the event
     * again drops it). Values without a subject stay in clear either way, as {@link #seal} leaves them. Nothing is
     * opened: no key is asked for.
     */
    public boolean sealedThroughout(byte[] payload, Class<?> type) {
        if (!type.isRecord()) {
            return false;
        }
        JsonNode tree;
        try {
            tree = json.readTree(payload);
        } catch (IOException e) {
            return false;
        }
        if (!(tree instanceof ObjectNode object)) {
            return false;
        }
        boolean[] throughout = {true};
        walk(object, object, PLANS.get(type), (value, at) -> {
            throughout[0] &= isSealed(value) && SCHEME.equals(value.path(SCHEME_FIELD).asText())
                    && at.subject().equals(value.path(SUBJECT_FIELD).asText());
            return value;
        });
        return throughout[0] && writtenShape(object, type, PLANS.get(type));
    }

    /**
     * Whether every property of the record's JSON, and of the records it holds (its plan's nested steps), is one this
     * codec's mapper writes for their types. A record written as a single value ({@code ApproximateDate}) is not an
     * object and has no properties to compare; a marked value is the walk's to judge.
     */
    private boolean writtenShape(JsonNode node, Class<?> type, Step[] steps) {
        if (!(node instanceof ObjectNode object)) {
            return true;
        }
        Set<String> properties = written.computeIfAbsent(type, this::propertiesWritten);
        for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
            if (!properties.contains(fields.next())) {
                return false;
            }
        }
        for (Step step : steps) {
            JsonNode value = object.get(step.name());
            if (step instanceof Nested nested && value != null) {
                for (JsonNode held : value.isArray() ? value : List.of(value)) {
                    if (!writtenShape(held, nested.type, nested.steps())) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    private Set<String> propertiesWritten(Class<?> type) {
        return json.getSerializationConfig().introspect(json.constructType(type)).findProperties().stream()
                .map(BeanPropertyDefinition::getName).collect(Collectors.toUnmodifiableSet());
    }

    /** The event's JSON with every sealed value opened or replaced by its placeholder; plain values stay. */
    public JsonNode open(JsonNode tree, Class<?> type) {
        if (tree instanceof ObjectNode object && type.isRecord()) {
            return openInPlace(object.deepCopy(), type);
        }
        return tree;
    }

    /**
     * The event these bytes hold, its sealed values opened or replaced by their placeholders. A codec that keeps the
     * events it opened gives the same bytes' event again, even to a reader that comes while another opens it, until it
     * reads an erasure.
     */
    public <T> T open(byte[] payload, Class<T> type) throws IOException {
        if (opened == null) {
            return read(payload, type);
        }
        T event = opened.open(payload, type, () -> read(payload, type));
        if (event instanceof PersonalDataErased) {
            opened.erasureRead();
        }
        return event;
    }

    /**
     * Whether an event of this type is read as it arrives, even by a consumer that never asks for it: reading an
     * erasure tells the keys that its subject is erased ({@link DataKeys#erased}), so that no later value of the subject
     * opens with a key still held.
     */
    public boolean readAtOnce(Class<?> type) {
        return type == PersonalDataErased.class;
    }

    /**
     * These payloads are about to be opened: the subjects of their sealed values are named to the keys at once
     * ({@link DataKeys#openingSoon}), so that a holder asking another service for keys asks for them together rather
     * than one by one as each is opened. The subjects are found in the bytes as this codec writes an envelope, without
     * reading the JSON; a value written otherwise is not named here, and its key is asked for when it is opened.
     */
    public void openingSoon(Iterable<byte[]> payloads) {
        if (keys == DataKeys.NONE) {
            return;
        }
        Set<String> subjects = new LinkedHashSet<>();
        for (byte[] payload : payloads) {
            if (payload != null) {
                subjectsSealedIn(payload, subjects);
            }
        }
        if (!subjects.isEmpty()) {
            keys.openingSoon(subjects);
        }
    }

    /**
     * Adds the subject of every envelope in the bytes. Inside a JSON text a quote is escaped, so the envelope's
     * beginning is found only where an envelope begins.
     */
    private static void subjectsSealedIn(byte[] payload, Collection<String> subjects) {
        int at = indexOf(payload, SEALED_SUBJECT, 0);
        while (at >= 0) {
            int start = at + SEALED_SUBJECT.length;
            int end = start;
            while (end < payload.length && payload[end] != '"' && payload[end] != '\\') {
                end++;
            }
            if (end > start && end < payload.length && payload[end] == '"') {
                subjects.add(new String(payload, start, end - start, StandardCharsets.UTF_8));
            }
            at = indexOf(payload, SEALED_SUBJECT, end);
        }
    }

    private static int indexOf(byte[] bytes, byte[] sought, int from) {
        for (int i = from; i <= bytes.length - sought.length; i++) {
            if (bytes[i] == sought[0] && Arrays.equals(bytes, i, i + sought.length, sought, 0, sought.length)) {
                return i;
            }
        }
        return -1;
    }

    private <T> T read(byte[] payload, Class<T> type) throws IOException {
        T event;
        if (!holdsPersonalData(type)) {
            event = json.readValue(payload, type);
        } else {
            JsonNode tree = json.readTree(payload);
            // A tree read here belongs to no one else: it is opened where it is, not copied first.
            event = json.treeToValue(tree instanceof ObjectNode object ? openInPlace(object, type) : tree, type);
        }
        if (event instanceof PersonalDataErased erasure) {
            keys.erased(erasure.subjectId());
        }
        return event;
    }

    private JsonNode openInPlace(ObjectNode tree, Class<?> type) {
        walk(tree, tree, PLANS.get(type), this::openValue);
        return tree;
    }

    /**
     * The event's JSON with this subject's values replaced by the erased placeholder, sealed or not: what a read model
     * that keeps events opened does on an erasure.
     */
    public static JsonNode erase(JsonNode tree, Class<?> type, String subject) {
        if (tree instanceof ObjectNode object && type.isRecord()) {
            ObjectNode copy = object.deepCopy();
            walk(copy, copy, PLANS.get(type),
                    (value, at) -> subject.equals(at.subject()) ? placeholder(at.type(), ERASED) : value);
            return copy;
        }
        return tree;
    }

    /** Whether this JSON value is a sealed envelope. */
    public static boolean isSealed(JsonNode value) {
        return value != null && value.isObject() && value.has(SCHEME_FIELD);
    }

    /** One personal value of an event: whose it is and where it stands. */
    record Location(String subject, Marked mark) {
        String eventType() {
            return mark.eventType();
        }

        String path() {
            return mark.path();
        }

        Class<?> type() {
            return mark.type();
        }

        /** {@code scheme \n subject \n event type \n path}, in UTF-8. */
        byte[] associatedData() {
            byte[] subjectBytes = subject.getBytes(StandardCharsets.UTF_8);
            byte[] tail = mark.associatedDataTail();
            byte[] data = new byte[SCHEME_LINE.length + subjectBytes.length + tail.length];
            System.arraycopy(SCHEME_LINE, 0, data, 0, SCHEME_LINE.length);
            System.arraycopy(subjectBytes, 0, data, SCHEME_LINE.length, subjectBytes.length);
            System.arraycopy(tail, 0, data, SCHEME_LINE.length + subjectBytes.length, tail.length);
            return data;
        }
    }

    @FunctionalInterface
    interface ValueChange {
        JsonNode apply(JsonNode value, Location at);
    }

    /** A component of a record in an event that is marked or holds records, in the order of the components. */
    private sealed interface Step permits Marked, Nested {
        String name();
    }

    /** A marked component, with everything about it that does not depend on the event's values. */
    record Marked(String name, String subjectComponent, Class<?> type, String eventType, String path,
                  byte[] associatedDataTail) implements Step {
    }

    /**
     * A component holding a record or a collection of records. Its own steps are worked out when an event first has
     * a value there, so that a record type that holds itself is walked only as deep as its values go.
     */
    private static final class Nested implements Step {
        private final String name;
        private final Class<?> type;
        private final String eventType;
        private final String prefix;
        private volatile Step[] steps;

        Nested(String name, Class<?> type, String eventType, String prefix) {
            this.name = name;
            this.type = type;
            this.eventType = eventType;
            this.prefix = prefix;
        }

        @Override
        public String name() {
            return name;
        }

        Step[] steps() {
            Step[] known = steps;
            if (known == null) {
                known = stepsOf(type, eventType, prefix);
                steps = known;
            }
            return known;
        }
    }

    private static Step[] stepsOf(Class<?> type, String eventType, String prefix) {
        List<Step> steps = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            String path = prefix + name;
            PersonalData mark = component.getAnnotation(PersonalData.class);
            if (mark != null) {
                byte[] tail = ("\n" + eventType + "\n" + path).getBytes(StandardCharsets.UTF_8);
                steps.add(new Marked(name, mark.subject(), component.getType(), eventType, path, tail));
                continue;
            }
            Class<?> nested = recordType(component);
            if (nested != null) {
                steps.add(new Nested(name, nested, eventType, path + "."));
            }
        }
        return steps.toArray(Step[]::new);
    }

    private static void walk(ObjectNode event, ObjectNode node, Step[] steps, ValueChange change) {
        for (Step step : steps) {
            String name = step.name();
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (step instanceof Marked mark) {
                String subject = subjectOf(event, mark.subjectComponent());
                if (subject != null) {
                    node.set(name, change.apply(value, new Location(subject, mark)));
                }
            } else if (step instanceof Nested nested) {
                if (value.isObject()) {
                    walk(event, (ObjectNode) value, nested.steps(), change);
                } else if (value.isArray()) {
                    for (JsonNode element : value) {
                        if (element.isObject()) {
                            walk(event, (ObjectNode) element, nested.steps(), change);
                        }
                    }
                }
            }
        }
    }

    /** Whether a record type, or a record it holds at any depth, has a marked component; worked out once a type. */
    static boolean holdsPersonalData(Class<?> type) {
        return HOLDS_PERSONAL_DATA.get(type);
    }

    /** As {@link #holdsPersonalData(Class)}; a record type met again on the way (one holding itself) adds nothing. */
    private static boolean holdsPersonalData(Class<?> type, Set<Class<?>> seen) {
        if (!type.isRecord() || !seen.add(type)) {
            return false;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.isAnnotationPresent(PersonalData.class)) {
                return true;
            }
            Class<?> nested = recordType(component);
            if (nested != null && holdsPersonalData(nested, seen)) {
                return true;
            }
        }
        return false;
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
        if (key instanceof DataKey.Unknown) {
            throw new SubjectWithoutKey(at.mark().subjectComponent(), at.subject());
        }
        if (!(key instanceof DataKey.Present present)) {
            return placeholder(at.type(), ERASED);
        }
        try {
            byte[] plain = json.writeValueAsBytes(value);
            Cipher cipher = AesGcm.cipher();
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            // A fresh IV for every value: GCM must never encrypt twice under one key and IV.
            cipher.init(Cipher.ENCRYPT_MODE, present.key(), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(at.associatedData());
            byte[] sealed = cipher.doFinal(plain);
            byte[] data = Arrays.copyOf(iv, IV_BYTES + sealed.length);
            System.arraycopy(sealed, 0, data, IV_BYTES, sealed.length);
            ObjectNode envelope = JsonNodeFactory.instance.objectNode();
            envelope.put(SCHEME_FIELD, SCHEME);
            envelope.put(SUBJECT_FIELD, at.subject());
            envelope.put(DATA_FIELD, Base64.getEncoder().encodeToString(data));
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
            Cipher cipher = AesGcm.cipher();
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
