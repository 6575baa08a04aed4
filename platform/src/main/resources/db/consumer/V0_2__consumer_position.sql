-- Where each topic consumer of this service stands, written in the same transaction as what it projected.
CREATE TABLE consumer_position (
    consumer_name VARCHAR(200) NOT NULL,
    topic         VARCHAR(249) NOT NULL,
    partition_no  INTEGER      NOT NULL,
    next_offset   BIGINT       NOT NULL,
    updated_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (consumer_name, topic, partition_no)
);
