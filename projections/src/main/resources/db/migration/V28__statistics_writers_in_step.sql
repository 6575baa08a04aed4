-- The appeals are written by the appeals' consumer, the cases by the statistics' consumer, each in a transaction per
-- batch of records, and the triggers of each read the other's table: an appeal is counted (V21) and takes its case's
-- filter values (V26) only if its case is known, and a case counts the appeals that arrived before it and spreads its
-- values to them. Written at the same time, neither transaction sees the other's row until it commits, so the appeal
-- would be counted by neither and keep no values of its case, for good. So each transaction that writes a case or an
-- appeal first takes one lock and holds it until it commits: the other waits, then reads what was committed.
--
-- One lock for all cases, not one per case: a batch takes its cases in no particular order, and two batches taking
-- per-case locks in two orders would deadlock. It makes the two consumers' transactions take turns, and no others:
-- the facts and the cases are written by the same consumer. 7316480026 is this lock's number among the project's
-- advisory locks (7316480001: the ledger's checkpoints).
CREATE FUNCTION statistics_writers_in_step() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_advisory_xact_lock(7316480026);
    RETURN NULL;
END
$$;

CREATE TRIGGER statistics_case_writers_in_step BEFORE INSERT OR UPDATE OR DELETE ON statistics_case
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_writers_in_step();
CREATE TRIGGER statistics_appeal_writers_in_step BEFORE INSERT OR UPDATE OR DELETE ON appeal
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_writers_in_step();
