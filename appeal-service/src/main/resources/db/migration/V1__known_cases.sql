-- The cases this service has learnt of from the cases topic. Only OPEN cases take appeals.
CREATE TABLE known_case (
    case_id     VARCHAR(64) PRIMARY KEY,
    case_number BIGINT      NOT NULL,
    state       VARCHAR(10) NOT NULL CHECK (state IN ('OPEN', 'MERGED', 'ERASED')),
    merged_into VARCHAR(64) CHECK ((state = 'MERGED') = (merged_into IS NOT NULL)),
    version     BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
