-- The last event of each aggregate a consumer applied, for consumers that take each aggregate's events strictly in
-- order (InSequence): a record further ahead waits in parked_record until the ones before it have arrived.
CREATE TABLE applied_sequence (
    consumer_name VARCHAR(200) NOT NULL,
    aggregate_id  VARCHAR(200) NOT NULL,
    last_sequence BIGINT       NOT NULL,
    PRIMARY KEY (consumer_name, aggregate_id)
);

CREATE TABLE parked_record (
    consumer_name VARCHAR(200) NOT NULL,
    aggregate_id  VARCHAR(200) NOT NULL,
    sequence      BIGINT       NOT NULL,
    type          VARCHAR(200) NOT NULL,
    revision      VARCHAR(20)  NOT NULL,
    event_id      TEXT         NOT NULL,
    stored_at     TIMESTAMPTZ  NOT NULL,
    recorded_by   TEXT,
    payload       TEXT,
    topic         VARCHAR(249) NOT NULL,
    partition_no  INTEGER      NOT NULL,
    record_offset BIGINT       NOT NULL,
    parked_at     TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_name, aggregate_id, sequence)
);
