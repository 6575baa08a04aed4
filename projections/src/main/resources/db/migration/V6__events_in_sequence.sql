-- Each read model's consumer now applies an aggregate's events strictly in sequence (the platform's InSequence): it
-- starts from what the read models hold, so that the next event of a case or an appeal seen before is expected at
-- the version shown, and one further ahead waits.
INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
SELECT 'projections.case-status', case_id, version FROM case_status
ON CONFLICT DO NOTHING;
INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
SELECT 'projections.timeline', case_id, version FROM timeline_case
ON CONFLICT DO NOTHING;
INSERT INTO applied_sequence (consumer_name, aggregate_id, last_sequence)
SELECT 'projections.appeals', appeal_id, version FROM appeal
ON CONFLICT DO NOTHING;
