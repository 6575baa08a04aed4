package org.caseledger.api;

/**
 * Headers on every record of the caseledger topics. Values are UTF-8 text, so any Kafka client (and Kafka's own
 * console consumer) can read them without knowing Java or Axon.
 */
public final class EventHeaders {

    /** Simple name of the event type, e.g. {@code DetentionReported}; see {@link EventCatalogue}. */
    public static final String EVENT_TYPE = "event-type";
    /** Revision of the event type's payload shape; absent means the first. */
    public static final String EVENT_REVISION = "event-revision";
    /** Unique id of the event: the same in the event store, on the topic and in every read model. */
    public static final String EVENT_ID = "event-id";
    /** Id of the case or appeal the event belongs to; also the record key. */
    public static final String AGGREGATE_ID = "aggregate-id";
    /** Type of the aggregate, e.g. {@code Case}. */
    public static final String AGGREGATE_TYPE = "aggregate-type";
    /** Position of the event in its aggregate's history, from 0, as decimal text. */
    public static final String SEQUENCE = "sequence";
    /** When the event was stored, ISO-8601 in UTC. */
    public static final String TIMESTAMP = "timestamp";
    /** Id shared by all messages caused by one request. */
    public static final String CORRELATION_ID = "correlation-id";
    /** Who recorded the fact: the identity of the operator whose request caused the event. */
    public static final String RECORDED_BY = "recorded-by";
    /**
     * W3C trace context ({@code 00-<trace id>-<span id>-<flags>}) of the command that caused the event, so a
     * consumer's work joins the trace of the request; absent for events no traced request caused.
     */
    public static final String TRACEPARENT = "traceparent";
    /**
     * Place of the event in its service's event store (the global index of the publisher's tracking token once it
     * had read the event), as decimal text. It grows with the order in which the service published its events; an
     * event stored late, below places already published, carries the place reached when it was read.
     */
    public static final String STORE_POSITION = "store-position";
    /**
     * Places below {@link #STORE_POSITION} the store had not yet shown when the event was published (transactions
     * still open then), comma-separated decimal text; absent when there were none. With the position it tells the
     * publisher which events a record's batch already covered.
     */
    public static final String STORE_POSITION_GAPS = "store-position-gaps";
    /**
     * Identity of the event store the event was published from (Axon's token store identifier, kept in the same
     * database): a place in a store means nothing beside another store's places.
     */
    public static final String STORE_ID = "store-id";

    private EventHeaders() {
    }
}
