-- The gauge of open cases by status reads the statistics' counts (OpenCasesGauge), a few rows however many cases
-- there are, instead of counting the case status rows along the index V45 made for it. Nothing else reads that
-- index, and every case opened and every status changed wrote to it. Dropped wherever it is: in the live tables and
-- in a rebuild's copy of them, made before this migration, which would otherwise bring it back at its switch.
DO
$$
DECLARE
    found RECORD;
BEGIN
    FOR found IN SELECT schemaname FROM pg_indexes WHERE indexname = 'case_status_unmerged_by_status'
    LOOP
        EXECUTE format('DROP INDEX %I.case_status_unmerged_by_status', found.schemaname);
    END LOOP;
END
$$;
