-- The timeline becomes a read model of its own, fed by its own consumer (projections.timeline) so that each model
-- can be rebuilt alone. Until now the case-status consumer wrote it, in the transactions that stored that consumer's
-- positions: the table is taken over as it stands, together with those positions, and nothing has to be read again.
ALTER TABLE case_timeline RENAME TO timeline_entry;
ALTER INDEX case_timeline_pkey RENAME TO timeline_entry_pkey;
ALTER INDEX case_timeline_event_id_key RENAME TO timeline_entry_event_id_key;

-- A case's timeline and the sequence of its last event applied here, which the timeline answers as its version.
CREATE TABLE timeline_case (
    case_id VARCHAR(64) PRIMARY KEY,
    version BIGINT      NOT NULL
);
INSERT INTO timeline_case (case_id, version)
SELECT case_id, version FROM case_status;

INSERT INTO consumer_position (consumer_name, topic, partition_no, next_offset, updated_at)
SELECT 'projections.timeline', topic, partition_no, next_offset, now()
  FROM consumer_position
 WHERE consumer_name = 'projections.case-status';

-- What the case model reads of its facts itself, no longer from the timeline: the kind of each fact (to name the one
-- that decides the status), what it is about and whether it was retracted (to count testimonies, evidence and
-- relatives). Taken from the timeline, which the same consumer wrote up to the same positions.
CREATE TABLE case_fact (
    case_id    VARCHAR(64)  NOT NULL,
    event_id   TEXT         NOT NULL,
    type       VARCHAR(100) NOT NULL,
    subject_id TEXT,
    retracted  BOOLEAN      NOT NULL DEFAULT FALSE,
    PRIMARY KEY (case_id, event_id)
);
INSERT INTO case_fact (case_id, event_id, type, subject_id, retracted)
SELECT case_id, event_id, type, subject_id, retracted_by IS NOT NULL
  FROM timeline_entry
 WHERE type <> 'FactCorrected';
