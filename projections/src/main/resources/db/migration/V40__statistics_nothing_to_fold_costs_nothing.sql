-- Two costs the statistics paid every second and at every answer, whatever there was to do (measured on a ledger of
-- 100,000 events, docs/statistics.md, "Nothing to fold, nothing paid"):
--
-- The cells of the cases' states not yet folded (V36, V38) were worked out by statistics_case_state_cells, a function
-- whose statement PostgreSQL plans again at every call: some 1 to 4 ms, also for no states at all (a NULL array, as
-- jsonb_agg gives for none), which is what every answer read while nothing was written and every fold of a quiet
-- second. Strict, the function is not called for NULL, and answers no cells, as before.
ALTER FUNCTION statistics_case_state_cells(JSONB) STRICT;

-- The fold deletes the counts per filter value it left at zero, which were found by reading every count (44,686 at
-- 100,000 events, 171,509 at 135,000 cases). This index holds those counts only, so the fold reads as many.
CREATE INDEX statistics_filter_count_folded_to_zero ON statistics_filter_count (filter)
    WHERE cases = 0 AND disputed = 0;
