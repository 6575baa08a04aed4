-- A case row's counts per filter value (V32) worked out at the fold, once for all the states a case had since the
-- last one, instead of by a trigger at each write. Opened, given its derived status and then its release's within a
-- second, a case had its cells under every filter value added and taken away three times, some 150 rows of changes;
-- its trigger now keeps the states it leaves and takes (what the cells are made of, without the case's id), the
-- fold nets them out (a state left as often as it was taken counts for nothing) and adds the cells of what is left:
-- the state the case is in now, less the one it was in at the last fold.
--
-- A reader sums the counts, their changes not yet folded, and the cells of these states not yet folded, in one
-- statement (StatisticsQueries), so what it reads is exact as before; the fold moves the states into changes in one
-- statement, so a reader sees each either as a state or as its changes, never both. A column of statistics_case that
-- the cells come to read is kept here too, or the fold works out the cells without it.
CREATE TABLE statistics_case_filter_change AS
SELECT CAST(1 AS SMALLINT) AS sign, status, disputed, detention_kind, facility_id, facility_name, gender, ethnicity,
       prefecture, county, born_from, born_to, first_detention_start, first_detention_end, sentenced, sentence_years,
       sentence_months, sentence_life, merged_into
  FROM statistics_case
  WITH NO DATA;
ALTER TABLE statistics_case_filter_change ALTER COLUMN sign SET NOT NULL;

CREATE OR REPLACE FUNCTION statistics_filter_case_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_case_filter_change (sign, status, disputed, detention_kind, facility_id, facility_name,
                                               gender, ethnicity, prefecture, county, born_from, born_to,
                                               first_detention_start, first_detention_end, sentenced, sentence_years,
                                               sentence_months, sentence_life, merged_into)
    SELECT side.sign, (side.c).status, (side.c).disputed, (side.c).detention_kind, (side.c).facility_id,
           (side.c).facility_name, (side.c).gender, (side.c).ethnicity, (side.c).prefecture, (side.c).county,
           (side.c).born_from, (side.c).born_to, (side.c).first_detention_start, (side.c).first_detention_end,
           (side.c).sentenced, (side.c).sentence_years, (side.c).sentence_months, (side.c).sentence_life,
           (side.c).merged_into
      FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, c)
     WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END;
    RETURN NULL;
END
$$;

-- The cells of states of cases, as the trigger above keeps them (given as a JSON array of its rows, so that a reader
-- can give those not yet folded and the fold those it takes): each state netted out first, so that a state taken
-- and left again is not worked out at all, then made a whole case row again, by its columns' names, for the cells'
-- function. It reads no table, so a rebuild's copy (whose trigger keeps its states in its own table) is folded with it.
CREATE FUNCTION statistics_case_filter_cells(states JSONB)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE AS
$$
SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(n.net * x.cases), sum(n.net * x.disputed)
  FROM (SELECT s.state - 'sign' AS state, sum(CAST(s.state ->> 'sign' AS INTEGER)) AS net
          FROM jsonb_array_elements(states) AS s (state)
         GROUP BY s.state - 'sign'
        HAVING sum(CAST(s.state ->> 'sign' AS INTEGER)) <> 0) n
 CROSS JOIN LATERAL statistics_filter_case_cells(jsonb_populate_record(NULL::statistics_case, n.state)) x
 GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
HAVING sum(n.net * x.cases) <> 0 OR sum(n.net * x.disputed) <> 0
$$;

CREATE OR REPLACE FUNCTION statistics_filter_counts_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'statistics_case' THEN
        TRUNCATE statistics_filter_count, statistics_filter_count_change, statistics_case_filter_change;
    ELSE
        DELETE FROM statistics_filter_count
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
        DELETE FROM statistics_filter_count_change
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
    END IF;
    RETURN NULL;
END
$$;
