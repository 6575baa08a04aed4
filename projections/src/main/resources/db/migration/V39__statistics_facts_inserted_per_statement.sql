-- The facts a statement inserts counted and versioned once for the statement, from its rows together (a transition
-- table), instead of by three row triggers each running its statements for every fact. A poll's facts go in one
-- statement (StatisticsProjection.writeFacts): under the rebuild of the statistics some 170 of them at a time, under
-- the commands a few. Inserting the same 2,000 facts in one statement, rolled back, took V21's, V25's and V32's row
-- triggers 182 and 238 ms and these 29 and 41 ms, for the same counts, counts per filter value and versions; 400
-- statements of two facts each, 271 and 294 ms with the row triggers and 194 and 210 ms with these.
--
-- The counts without a filter (V21, as V37 reads whether the case counts) and per filter value (V32) of the inserted
-- facts, each cell's sum once; two functions, so that the counts per filter value can be switched off alone as
-- before (StatisticsQueryBenchmark fills without them).
CREATE FUNCTION statistics_facts_inserted_counted() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO statistics_count_change (breakdown, key, label, cases, disputed)
    SELECT x.breakdown, x.key, x.label, sum(x.cases), 0
      FROM inserted f
     CROSS JOIN LATERAL statistics_fact_cells(CAST(f AS statistics_fact)) x
     WHERE f.counted
     GROUP BY x.breakdown, x.key, x.label
    HAVING sum(x.cases) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_facts_inserted_filter_counted() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO statistics_filter_count_change (filter, value, breakdown, key, label, cases, disputed)
    SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(x.cases), 0
      FROM inserted f
     CROSS JOIN LATERAL statistics_filter_fact_cells(CAST(f AS statistics_fact)) x
     GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
    HAVING sum(x.cases) <> 0;
    RETURN NULL;
END
$$;

-- A fact's first version, known from the moment its row says (V25). V25's trigger also closed or replaced an open
-- version of the same fact, which an inserted fact has none of: a fact's row is inserted once (a redelivery conflicts
-- and inserts nothing) and is never deleted but with all of them (TRUNCATE, which empties the versions too). Were one
-- left open, the unique index of the open versions would refuse the insert rather than keep two.
CREATE FUNCTION statistics_facts_inserted_versioned() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    INSERT INTO statistics_fact_version (case_id, event_id, sequence, kind, fact_date, fact_start, fact_end, fact_year,
                                         fact_month, credible, retracted, term_years, term_months, term_life,
                                         recorded_at, recorded_from)
    SELECT f.case_id, f.event_id, f.sequence, f.kind, f.fact_date, f.fact_start, f.fact_end, f.fact_year,
           f.fact_month, f.credible, f.retracted, f.term_years, f.term_months, f.term_life, f.recorded_at,
           f.recorded_at
      FROM inserted f;
    RETURN NULL;
END
$$;

-- A deleted fact (no writer deletes one) is still taken away row by row as before.
DROP TRIGGER statistics_fact_inserted_or_deleted ON statistics_fact;
DROP TRIGGER statistics_fact_filter_counted ON statistics_fact;
DROP TRIGGER statistics_fact_inserted_versioned ON statistics_fact;
CREATE TRIGGER statistics_fact_deleted AFTER DELETE ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_fact_counted();
CREATE TRIGGER statistics_fact_filter_counted_deleted AFTER DELETE ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_filter_fact_counted();
CREATE TRIGGER statistics_fact_inserted_counted AFTER INSERT ON statistics_fact
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_facts_inserted_counted();
CREATE TRIGGER statistics_fact_filter_counted AFTER INSERT ON statistics_fact
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_facts_inserted_filter_counted();
CREATE TRIGGER statistics_fact_inserted_versioned AFTER INSERT ON statistics_fact
    REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_facts_inserted_versioned();
