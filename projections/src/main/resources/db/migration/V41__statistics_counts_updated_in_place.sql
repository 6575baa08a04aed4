-- V40's index of the counts per filter value left at zero named their columns cases and disputed, which every fold
-- changes: PostgreSQL could then no longer update a count in place (a heap-only tuple) and wrote a new entry into each
-- of the table's indexes at every fold of every count. Importing 3,000 rows into a ledger of some 60,000 cases, 305 of
-- 82,652 and 400 of 96,528 updates of these counts were made in place, at 37 and 51 µs a change folded; without the
-- index 90,921 of 91,869 and 92,120 of 92,264, at 24.1 and 22.5 µs (docs/statistics.md, "Counts updated in place").
-- The fold now deletes the counts it leaves at zero as its own statement names them (StatisticsCounts), and needs no
-- index to find them.
DROP INDEX statistics_filter_count_folded_to_zero;

-- A rebuild's copy made since V40 has the same index, under a name PostgreSQL gave it.
DO
$$
DECLARE
    copied RECORD;
BEGIN
    FOR copied IN SELECT schemaname, indexname FROM pg_indexes
                   WHERE tablename = 'statistics_filter_count' AND schemaname <> 'public'
                     AND indexdef LIKE '%WHERE ((cases = (0)::numeric) AND (disputed = 0))'
    LOOP
        EXECUTE format('DROP INDEX %I.%I', copied.schemaname, copied.indexname);
    END LOOP;
END
$$;

-- Counts at zero that a fold before left, should its delete not have followed: the fold no longer looks for them.
DELETE FROM statistics_count WHERE cases = 0 AND disputed = 0;
DELETE FROM statistics_filter_count WHERE cases = 0 AND disputed = 0;
