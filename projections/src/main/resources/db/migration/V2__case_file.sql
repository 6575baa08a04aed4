-- The case read model grows from a status line into the case's file: the person as recorded, the status as the
-- case itself derives it (CaseStatusDerived), merges, visibility, and every fact on a timeline.
--
-- Rows projected before this migration lack all of that and cannot be completed in place, so the model is emptied
-- and its consumer's positions are dropped: it rebuilds from the cases topic, which keeps every event.
TRUNCATE case_status;
DELETE FROM consumer_position WHERE consumer_name = 'projections.case-status';

-- The person is one document, written whole by the fact that opened the case and read whole; nothing here
-- queries inside it. Kept as recorded (any script, combining marks, emoji): jsonb keeps string values exactly.
-- A status the case derived as UNKNOWN has no date, and a case opened by a current DetentionReported has no
-- status until its CaseStatusDerived arrives.
ALTER TABLE case_status
    ALTER COLUMN name               DROP NOT NULL,
    ALTER COLUMN status_since       DROP NOT NULL,
    ALTER COLUMN status_since_start DROP NOT NULL,
    ALTER COLUMN status_since_end   DROP NOT NULL,
    ADD COLUMN person            JSONB,
    ADD COLUMN deciding_event_id TEXT,
    -- sequence of the CaseStatusDerived the status was taken from; null while only revision-1 facts decided it
    ADD COLUMN status_sequence   BIGINT,
    ADD COLUMN facility          JSONB,
    ADD COLUMN term_years        INTEGER,
    ADD COLUMN term_months       INTEGER,
    ADD COLUMN term_life         BOOLEAN,
    ADD COLUMN disputed          BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN contradictions    JSONB        NOT NULL DEFAULT '[]',
    ADD COLUMN visibility        VARCHAR(20),
    ADD COLUMN merged_into       VARCHAR(64),
    ADD COLUMN merged_duplicates JSONB        NOT NULL DEFAULT '[]';

-- Every event of a case but its derived status, in recording order. A retracted fact stays, marked with the
-- correction that retracted it. Summaries carry no value marked as personal data, so that erasing a person
-- needs nothing rewritten here; subject_id is the testimony, evidence or relative a fact is about, for counting.
CREATE TABLE case_timeline (
    case_id            VARCHAR(64)  NOT NULL,
    sequence           BIGINT       NOT NULL,
    event_id           TEXT         NOT NULL UNIQUE,
    type               VARCHAR(100) NOT NULL,
    fact_date          VARCHAR(10),
    source_type        VARCHAR(30),
    source_reliability VARCHAR(20),
    source_reference   TEXT,
    recorded_by        TEXT,
    recorded_at        TIMESTAMPTZ  NOT NULL,
    summary            TEXT         NOT NULL,
    subject_id         TEXT,
    retracted_by       TEXT,
    retraction_reason  TEXT,
    PRIMARY KEY (case_id, sequence)
);
