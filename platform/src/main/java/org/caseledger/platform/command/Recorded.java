package org.caseledger.platform.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.caseledger.platform.json.EventJson;

import java.util.List;
import java.util.NoSuchElementException;

/**
 * What a write put on record, as the unit of work that stored it saw it: every event with its aggregate, id and
 * sequence, and what each command's handler answered. A retry with the same idempotency key gets the outcome of the
 * first request again, marked {@code replayed}; an answer rendered from the request and this outcome is therefore
 * the same for both.
 *
 * @param results the answer of each command's handler, in the order the commands were sent, as JSON: the same
 *                whether it was just given or read back for a retry
 */
public record Recorded(List<Event> events, List<JsonNode> results, boolean replayed) {

    private static final ObjectMapper JSON = EventJson.mapper();

    public Recorded {
        events = List.copyOf(events);
        results = List.copyOf(results);
    }

    /**
     * One stored event.
     *
     * @param aggregateType the kind of aggregate, e.g. {@code Case}
     * @param sequence      its position in the aggregate's history, from 0: the aggregate's version after it
     * @param type          the event's name, e.g. {@code DetentionReported}
     */
    public record Event(String aggregateType, String aggregateId, long sequence, String eventId, String type) {
    }

    /** The same outcome, as answered to a retry. */
    public Recorded asReplayed() {
        return new Recorded(events, results, true);
    }

    /** The first event stored, whose aggregate a creating write is about. */
    public Event first() {
        return events.stream().findFirst()
                .orElseThrow(() -> new NoSuchElementException("The write stored no event"));
    }

    /** The first event of a type, e.g. the {@code AppealFiled} of an appeal an escalation created. */
    public Event firstOfType(String type) {
        return events.stream().filter(event -> event.type().equals(type)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("The write stored no " + type));
    }

    /** The first event stored for an aggregate: the fact a write on it records. */
    public Event firstOf(String aggregateId) {
        return events.stream().filter(event -> event.aggregateId().equals(aggregateId)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("The write stored no event for " + aggregateId));
    }

    /** The aggregate's version after this write: the sequence of the last event stored for it. */
    public long versionOf(String aggregateId) {
        return events.stream().filter(event -> event.aggregateId().equals(aggregateId))
                .mapToLong(Event::sequence).max()
                .orElseThrow(() -> new NoSuchElementException("The write stored no event for " + aggregateId));
    }

    /** What the handler of the {@code index}th command answered. */
    public <T> T result(int index, Class<T> type) {
        try {
            return JSON.treeToValue(results.get(index), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The answer of command " + index + " is not a " + type.getSimpleName(), e);
        }
    }
}
