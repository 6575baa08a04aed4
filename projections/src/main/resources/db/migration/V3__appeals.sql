-- Authorities as registered on the appeals topic. Appeals join them at read time: an authority's registration
-- and the appeals to it travel on different partitions, so either may arrive first.
CREATE TABLE appeal_authority (
    authority_id           VARCHAR(64) PRIMARY KEY,
    name                   TEXT        NOT NULL,
    kind                   VARCHAR(30) NOT NULL,
    country                CHAR(2),
    expected_response_days INTEGER     NOT NULL
);

-- One row per appeal. Its status is derived when read: CLOSED, else ANSWERED, else OVERDUE, else PENDING.
CREATE TABLE appeal (
    appeal_id           VARCHAR(64) PRIMARY KEY,
    case_id             VARCHAR(64) NOT NULL,
    authority_id        VARCHAR(64) NOT NULL,
    channel             VARCHAR(30) NOT NULL,
    filed_by            VARCHAR(30) NOT NULL,
    filed_on            DATE        NOT NULL,
    response_due_on     DATE        NOT NULL,
    first_response_type VARCHAR(30),
    first_response_on   DATE,
    overdue             BOOLEAN     NOT NULL DEFAULT FALSE,
    follow_ups          INTEGER     NOT NULL DEFAULT 0,
    outcome             VARCHAR(30),
    closed_on           DATE,
    escalated_from      VARCHAR(64),
    escalated_to        VARCHAR(64),
    last_event_at       TIMESTAMPTZ NOT NULL,
    version             BIGINT      NOT NULL
);
CREATE INDEX appeal_by_case ON appeal (case_id, filed_on);
CREATE INDEX appeal_by_authority ON appeal (authority_id);

-- Every answer an authority gave, first or later, keyed by its place in the appeal's history.
CREATE TABLE appeal_response (
    appeal_id    VARCHAR(64) NOT NULL,
    sequence     BIGINT      NOT NULL,
    type         VARCHAR(30) NOT NULL,
    responded_on DATE        NOT NULL,
    PRIMARY KEY (appeal_id, sequence)
);
