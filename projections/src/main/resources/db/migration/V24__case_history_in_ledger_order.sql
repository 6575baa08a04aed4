-- The events export (GET /api/exports/events.jsonl) streams every case event in the order the ledger recorded them,
-- optionally from one moment to another: this index gives that order and that range without sorting the history
-- first, so the first line leaves at once and the database's work does not grow with the ledger before it does.
CREATE INDEX case_history_in_ledger_order ON case_history (recorded_at, case_id, sequence);
