-- Every event of every appeal as projections consumed it, with the moment appeal-service stored it, beside the case
-- history and fed by the same consumer (projections.case-history, which reads the appeals topic too), so that the
-- events export can give an appeal's events in ledger order among its case's. Each row names the appeal's case: the
-- event's own caseId, or for an event that does not carry it (an overdue silence, an escalation, a revision-1 answer)
-- the case its appeal was filed for, which its first event names. The payload is the event as the consumer read it,
-- the summaries opened, so only reads that redact as the live views do may answer from it.
CREATE TABLE appeal_history (
    appeal_id   VARCHAR(64)  NOT NULL,
    sequence    BIGINT       NOT NULL,
    case_id     VARCHAR(64)  NOT NULL,
    event_id    TEXT         NOT NULL,
    type        VARCHAR(100) NOT NULL,
    revision    VARCHAR(20)  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL,
    recorded_by TEXT,
    payload     JSONB,
    PRIMARY KEY (appeal_id, sequence)
);
-- The export's order and range, as case_history_in_ledger_order gives them for case events.
CREATE INDEX appeal_history_in_ledger_order ON appeal_history (recorded_at, case_id, appeal_id, sequence);
-- An erasure reaches the appeals of the erased person's case.
CREATE INDEX appeal_history_by_case ON appeal_history (case_id);
