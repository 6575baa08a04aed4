-- What three of statistics_case's row triggers do, done only where there is something to do it to. Most rows written
-- are a case's opening, which has no version yet, no fact and seldom an appeal; each trigger ran its statements for
-- it anyway, and found nothing: the versions' DELETE and UPDATE (V25), the spread of the case's values to its facts
-- and appeals (V26), and the counting of its facts' and appeals' cells as the case comes to be counted (V36). Each now
-- looks first, along the indexes that lead with the case, and runs what it finds work for. What each writes is
-- unchanged.
--
-- The versions keep one open version a case (statistics_case_version_open is unique), so the new state either
-- replaces it, when it is from the same moment or later (V25's DELETE), or closes it (V25's UPDATE), never both.
CREATE OR REPLACE FUNCTION statistics_case_versioned() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
DECLARE
    open_from TIMESTAMPTZ;
    moment    TIMESTAMPTZ;
BEGIN
    SELECT max(v.recorded_from) INTO open_from
      FROM statistics_case_version v
     WHERE v.case_id = NEW.case_id AND v.recorded_until IS NULL;
    moment := greatest(NEW.recorded_at, open_from);
    IF open_from >= moment THEN
        DELETE FROM statistics_case_version WHERE case_id = NEW.case_id AND recorded_until IS NULL;
    ELSIF open_from IS NOT NULL THEN
        UPDATE statistics_case_version SET recorded_until = moment
         WHERE case_id = NEW.case_id AND recorded_until IS NULL;
    END IF;
    INSERT INTO statistics_case_version SELECT NEW.*, moment, NULL;
    RETURN NULL;
END
$$;

-- A case inserted has facts and appeals to spread its values to only where they were written before it.
CREATE OR REPLACE FUNCTION statistics_case_filters_spread() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP <> 'INSERT' OR EXISTS (SELECT 1 FROM statistics_fact f WHERE f.case_id = NEW.case_id) THEN
        UPDATE statistics_fact
           SET (counted, status, ethnicity, gender, prefecture, county, facility_id, first_detention_start,
                first_detention_end) =
               (NEW.merged_into IS NULL, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
                NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end)
         WHERE case_id = NEW.case_id;
    END IF;
    IF TG_OP <> 'INSERT' OR EXISTS (SELECT 1 FROM statistics_appeal a WHERE a.case_id = NEW.case_id) THEN
        UPDATE statistics_appeal
           SET (counted, status, ethnicity, gender, prefecture, county, facility_id, first_detention_start,
                first_detention_end) =
               (NEW.merged_into IS NULL, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
                NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end)
         WHERE case_id = NEW.case_id;
    END IF;
    RETURN NULL;
END
$$;

-- A case that comes to be counted, or no longer, moves the cells of the facts and appeals it has, if it has any.
CREATE OR REPLACE FUNCTION statistics_case_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    was_counted BOOLEAN := TG_OP <> 'INSERT' AND OLD.merged_into IS NULL;
    is_counted  BOOLEAN := TG_OP <> 'DELETE' AND NEW.merged_into IS NULL;
    counted_case VARCHAR(64) := CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END;
BEGIN
    IF was_counted = is_counted
       OR NOT (EXISTS (SELECT 1 FROM statistics_fact f WHERE f.case_id = counted_case)
               OR EXISTS (SELECT 1 FROM appeal a WHERE a.case_id = counted_case)) THEN
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
