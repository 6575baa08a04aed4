-- Answers to writes made with an Idempotency-Key, stored in the transaction of the write itself.
CREATE TABLE idempotency_record (
    idempotency_key     VARCHAR(200) PRIMARY KEY,
    request_fingerprint CHAR(64)     NOT NULL,
    created_at          TIMESTAMPTZ  NOT NULL,
    status              INTEGER,
    location            TEXT,
    etag                TEXT,
    body                TEXT
);
