-- A case row's counts (V21) and counts per filter value (V32) worked out at the fold, once for all the states a case
-- had since the last one, instead of by triggers at each write. Opened, given its derived status and then its release's
-- within a second, a case had its cells added and taken away three times (under a run of the load, 573,369 rows of
-- changes for 3,495 cases opened, 164 a case); a trigger now keeps the states the row leaves and takes (what the cells
-- are made of, without the case's id), and the fold nets them out (a state left as often as it was taken counts for
-- nothing) and adds the cells of what is left: the state the case is in now, less the one it was in at the last fold.
--
-- A reader sums the counts, their changes not yet folded, and the cells of the states not yet folded, in one
-- statement (StatisticsQueries), so what it reads is exact as before; the fold moves the states into changes in one
-- statement, so a reader sees each either as a state or as its changes, never both. A column of statistics_case that
-- the cells come to read is kept here too, or the fold works out the cells without it.
CREATE TABLE statistics_case_change AS
SELECT CAST(1 AS SMALLINT) AS sign, status, disputed, detention_kind, facility_id, facility_name, gender, ethnicity,
       prefecture, county, born_from, born_to, first_detention_start, first_detention_end, sentenced, sentence_years,
       sentence_months, sentence_life, merged_into
  FROM statistics_case
  WITH NO DATA;
ALTER TABLE statistics_case_change ALTER COLUMN sign SET NOT NULL;

CREATE FUNCTION statistics_case_states_kept() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_case_change (sign, status, disputed, detention_kind, facility_id, facility_name, gender,
                                        ethnicity, prefecture, county, born_from, born_to, first_detention_start,
                                        first_detention_end, sentenced, sentence_years, sentence_months,
                                        sentence_life, merged_into)
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

-- The states are kept when a column either count reads changes (V32's list holds V21's).
DROP TRIGGER statistics_case_filter_counted ON statistics_case;
DROP TRIGGER statistics_case_filter_counted_updated ON statistics_case;
DROP FUNCTION statistics_filter_case_counted();
CREATE TRIGGER statistics_case_states_kept AFTER INSERT OR DELETE ON statistics_case
    FOR EACH ROW EXECUTE FUNCTION statistics_case_states_kept();
CREATE TRIGGER statistics_case_states_kept_updated AFTER UPDATE ON statistics_case
    FOR EACH ROW
    WHEN ((OLD.status, OLD.disputed, OLD.detention_kind, OLD.facility_id, OLD.facility_name, OLD.gender,
           OLD.ethnicity, OLD.prefecture, OLD.county, OLD.born_from, OLD.born_to, OLD.first_detention_start,
           OLD.first_detention_end, OLD.sentenced, OLD.sentence_years, OLD.sentence_months, OLD.sentence_life,
           OLD.merged_into)
          IS DISTINCT FROM
          (NEW.status, NEW.disputed, NEW.detention_kind, NEW.facility_id, NEW.facility_name, NEW.gender,
           NEW.ethnicity, NEW.prefecture, NEW.county, NEW.born_from, NEW.born_to, NEW.first_detention_start,
           NEW.first_detention_end, NEW.sentenced, NEW.sentence_years, NEW.sentence_months, NEW.sentence_life,
           NEW.merged_into))
    EXECUTE FUNCTION statistics_case_states_kept();

-- What V21's trigger on the cases still does at the write: a case counted or no longer (opened, merged) moves its
-- facts' and appeals' cells with it, as they are when it does.
CREATE OR REPLACE FUNCTION statistics_case_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    was_counted BOOLEAN := TG_OP <> 'INSERT' AND OLD.merged_into IS NULL;
    is_counted  BOOLEAN := TG_OP <> 'DELETE' AND NEW.merged_into IS NULL;
    counted_case VARCHAR(64) := CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
BEGIN
    IF was_counted = is_counted THEN
        RETURN NULL;
    END IF;
    INSERT INTO statistics_count_change (breakdown, key, label, cases, disputed)
    SELECT d.breakdown, d.key, d.label, sum(d.cases), 0
      FROM (SELECT x.breakdown, x.key, x.label, CASE WHEN is_counted THEN x.cases ELSE -x.cases END AS cases
              FROM statistics_fact f
             CROSS JOIN LATERAL statistics_fact_cells(f) x
             WHERE f.case_id = counted_case
            UNION ALL
            SELECT x.breakdown, x.key, x.label, CASE WHEN is_counted THEN x.cases ELSE -x.cases END
              FROM appeal a
             CROSS JOIN LATERAL statistics_appeal_cells(a) x
             WHERE a.case_id = counted_case) d
     GROUP BY d.breakdown, d.key, d.label
    HAVING sum(d.cases) <> 0;
    RETURN NULL;
END
$$;
DROP TRIGGER statistics_case_inserted_or_deleted ON statistics_case;
DROP TRIGGER statistics_case_updated ON statistics_case;
CREATE TRIGGER statistics_case_counted_or_no_longer AFTER INSERT OR DELETE ON statistics_case
    FOR EACH ROW
    EXECUTE FUNCTION statistics_case_counted();
CREATE TRIGGER statistics_case_counted_or_no_longer_updated AFTER UPDATE ON statistics_case
    FOR EACH ROW
    WHEN ((OLD.merged_into IS NULL) IS DISTINCT FROM (NEW.merged_into IS NULL))
    EXECUTE FUNCTION statistics_case_counted();

-- The cells of states of cases as the trigger above keeps them (given as a JSON array of its rows, so that a reader
-- can give those not yet folded and the fold those it takes): each state netted out first, so that a state taken
-- and left again is not worked out at all, then made a whole case row again, by its columns' names, for the cells'
-- functions. The cells of the counts without a filter have none (filter and value null). It reads no table, so a
-- rebuild's copy (whose trigger keeps its states in its own table) is folded with it.
CREATE FUNCTION statistics_case_state_cells(states JSONB)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE AS
$$
WITH netted AS (
    SELECT jsonb_populate_record(NULL::statistics_case, s.state - 'sign') AS c,
           sum(CAST(s.state ->> 'sign' AS INTEGER)) AS net
      FROM jsonb_array_elements(states) AS s (state)
     GROUP BY s.state - 'sign'
    HAVING sum(CAST(s.state ->> 'sign' AS INTEGER)) <> 0)
SELECT NULL, NULL, x.breakdown, x.key, x.label, sum(n.net * x.cases), sum(n.net * x.disputed)
  FROM netted n
 CROSS JOIN LATERAL statistics_case_cells(n.c) x
 GROUP BY x.breakdown, x.key, x.label
HAVING sum(n.net * x.cases) <> 0 OR sum(n.net * x.disputed) <> 0
UNION ALL
SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(n.net * x.cases), sum(n.net * x.disputed)
  FROM netted n
 CROSS JOIN LATERAL statistics_filter_case_cells(n.c) x
 GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
HAVING sum(n.net * x.cases) <> 0 OR sum(n.net * x.disputed) <> 0
$$;

CREATE OR REPLACE FUNCTION statistics_filter_counts_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'statistics_case' THEN
        TRUNCATE statistics_filter_count, statistics_filter_count_change, statistics_case_change;
    ELSE
        DELETE FROM statistics_filter_count
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
        DELETE FROM statistics_filter_count_change
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
    END IF;
    RETURN NULL;
END
$$;
