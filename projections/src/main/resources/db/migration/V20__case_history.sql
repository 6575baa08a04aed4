-- Every event of every case as projections consumed it, with the moment the ledger stored it (the record's
-- timestamp header), fed by its own consumer (projections.case-history). A case as the ledger knew it at a past
-- moment is the live models' own fold over the prefix of this history recorded by then (history/CaseHistory), so a
-- time-travel read costs the case's own few events, never the topic. Kept as long as the topics keep their events;
-- the payload is the event as the consumer read it, personal data included, so only reads that redact as the live
-- views do may answer from it.
CREATE TABLE case_history (
    case_id     VARCHAR(64)  NOT NULL,
    sequence    BIGINT       NOT NULL,
    event_id    TEXT         NOT NULL,
    type        VARCHAR(100) NOT NULL,
    revision    VARCHAR(20)  NOT NULL,
    recorded_at TIMESTAMPTZ  NOT NULL,
    recorded_by TEXT,
    payload     JSONB,
    PRIMARY KEY (case_id, sequence)
);
-- The first event of a case recorded after a moment ends what was known then.
CREATE INDEX case_history_by_recording ON case_history (case_id, recorded_at);

-- The fold of a time-travel read writes into temporary tables that shadow the live ones for its transaction alone and
-- vanish with it; the service's role may create such tables in its own database, and nothing more.
DO $$
BEGIN
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO %I', current_database(), '${runtime_role}');
END
$$;
