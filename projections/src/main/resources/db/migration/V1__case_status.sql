-- The current status of every case. status_since is the decisive fact's date as reported (2017, 2017-11, …);
-- its start and end days order facts of different precision.
CREATE TABLE case_status (
    case_id            VARCHAR(64)  PRIMARY KEY,
    case_number        BIGINT       NOT NULL UNIQUE,
    name               TEXT         NOT NULL,
    status             VARCHAR(20)  NOT NULL,
    status_since       VARCHAR(10)  NOT NULL,
    status_since_start DATE         NOT NULL,
    status_since_end   DATE         NOT NULL,
    detention_kind     VARCHAR(20),
    release_conditions VARCHAR(20),
    last_event_at      TIMESTAMPTZ  NOT NULL,
    version            BIGINT       NOT NULL
);
CREATE INDEX case_status_by_status ON case_status (status, case_number);
