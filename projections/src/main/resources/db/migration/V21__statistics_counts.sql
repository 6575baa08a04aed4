-- The statistics of every case, unfiltered, kept counted as the rows they count change, so that the answer without
-- filters (the dashboard's) reads a few hundred counts instead of every case row. The triggers below write each change
-- of a count, in the same transaction as the row that changes it, as a row of statistics_count_change; projections
-- folds those into statistics_count every second (StatisticsCounts), and a reader sums both. Appending, not updating:
-- a count updated by every case would be a row rewritten thousands of times in one transaction, each time slower,
-- and a lock every writer waits for. A cell is a breakdown's key (and label, for a facility), and its count the sum
-- over the cases' rows of what the query with filters would count for them:
--   status, detentionKind, ethnicity, gender, prefecture, county, facility, year, decade, sentence: cases;
--   ages, exactAges: the age cells' fractions, and under a NULL key the cases without an age;
--   facts:DETENTION, facts:RELEASE, facts:SENTENCE, facts:DEATH: facts, keyed 'year' or 'year-month', NULL undated;
--   appeal:filed, appeal:answered, appeal:overdue: appeals, keyed by authority; appeal:days, the answered ones by
--   authority and (as label) the days to the first answer; appeal:silent, those with no answer and not closed, by
--   authority and (as label) the day filed; appeal:response, the answered ones by the type of the first answer.
-- A merged duplicate counts for nothing, its facts with it. A count that falls to zero stays, and is not read.
CREATE TABLE statistics_count (
    breakdown VARCHAR(20) NOT NULL,
    key       TEXT,
    label     TEXT,
    cases     NUMERIC     NOT NULL,
    disputed  BIGINT      NOT NULL,
    CONSTRAINT statistics_count_cell UNIQUE NULLS NOT DISTINCT (breakdown, key, label)
);

CREATE TABLE statistics_count_change (
    breakdown VARCHAR(20) NOT NULL,
    key       TEXT,
    label     TEXT,
    cases     NUMERIC     NOT NULL,
    disputed  BIGINT      NOT NULL
);

-- What one case row counts for, as the filtered query counts it (StatisticsQueries); nothing once merged. One SELECT in
-- SQL, so that PostgreSQL inlines it into the statement that calls it, whose plan the trigger keeps.
CREATE FUNCTION statistics_case_cells(c statistics_case)
    RETURNS TABLE (breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT v.breakdown, v.key, v.label, v.cases, v.disputed
  FROM (SELECT CAST(EXTRACT(YEAR FROM c.first_detention_start) AS INTEGER) AS year) y
 CROSS JOIN LATERAL (
       VALUES ('status', c.status::TEXT, NULL::TEXT, 1::NUMERIC, CASE WHEN c.disputed THEN 1 ELSE 0 END::BIGINT),
              ('detentionKind', c.detention_kind, NULL, 1, 0),
              ('ethnicity', c.ethnicity, NULL, 1, 0),
              ('gender', NULLIF(c.gender, 'UNKNOWN'), NULL, 1, 0),
              ('prefecture', c.prefecture, NULL, 1, 0),
              ('county', c.county, NULL, 1, 0),
              ('facility', c.facility_id, c.facility_name, 1, 0),
              ('year', y.year::TEXT, NULL, 1, 0),
              ('decade', (y.year / 10 * 10)::TEXT || 's', NULL, 1, 0)
       ) AS v (breakdown, key, label, cases, disputed)
 WHERE c.merged_into IS NULL
UNION ALL
SELECT 'sentence',
       CASE WHEN c.sentence_life THEN 'LIFE'
            WHEN c.sentence_years IS NULL THEN NULL
            WHEN c.sentence_years * 12 + COALESCE(c.sentence_months, 0) < 60 THEN 'UNDER_5'
            WHEN c.sentence_years * 12 + COALESCE(c.sentence_months, 0) < 120 THEN '5_9'
            WHEN c.sentence_years * 12 + COALESCE(c.sentence_months, 0) < 180 THEN '10_14'
            WHEN c.sentence_years * 12 + COALESCE(c.sentence_months, 0) < 240 THEN '15_19'
            ELSE '20_PLUS' END,
       NULL, 1, 0
 WHERE c.merged_into IS NULL AND c.sentenced
UNION ALL
SELECT 'ages', NULL, NULL, 1, 0
 WHERE c.merged_into IS NULL AND NOT (c.born_from IS NOT NULL AND c.first_detention_start IS NOT NULL)
UNION ALL
SELECT 'exactAges', NULL, NULL, 1, 0
 WHERE c.merged_into IS NULL
   AND NOT (c.born_from IS NOT NULL AND c.first_detention_start IS NOT NULL AND c.born_from = c.born_to)
UNION ALL
SELECT a.breakdown, age::TEXT, NULL, 1.0 / (c.born_to - c.born_from + 1), 0
  FROM (VALUES ('ages'), ('exactAges')) AS a (breakdown)
 CROSS JOIN LATERAL generate_series(
       CAST(EXTRACT(YEAR FROM c.first_detention_start) AS INTEGER) - c.born_to,
       CAST(EXTRACT(YEAR FROM c.first_detention_start) AS INTEGER) - c.born_from) AS age
 WHERE c.merged_into IS NULL AND c.born_from IS NOT NULL AND c.first_detention_start IS NOT NULL
   AND (a.breakdown = 'ages' OR c.born_from = c.born_to)
$$;

-- What one fact counts for over time, whether or not its case is counted (the callers ask that).
CREATE FUNCTION statistics_fact_cells(f statistics_fact)
    RETURNS TABLE (breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT 'facts:' || f.kind,
       f.fact_year::TEXT || COALESCE('-' || f.fact_month::TEXT, ''),
       CAST(NULL AS TEXT), 1::NUMERIC, 0::BIGINT
 WHERE f.credible AND NOT f.retracted
$$;

-- What one appeal counts for, whether or not its case is counted (the callers ask that). The median days to answer
-- and the longest silence are read from the days and the silences counted by their value.
CREATE FUNCTION statistics_appeal_cells(a appeal)
    RETURNS TABLE (breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT v.breakdown, v.key, v.label, 1::NUMERIC, 0::BIGINT
  FROM (VALUES ('appeal:filed', a.authority_id::TEXT, NULL::TEXT, TRUE),
               ('appeal:answered', a.authority_id, NULL, a.first_response_on IS NOT NULL),
               ('appeal:days', a.authority_id, (a.first_response_on - a.filed_on)::TEXT, a.first_response_on IS NOT NULL),
               ('appeal:overdue', a.authority_id, NULL,
                a.overdue AND a.first_response_on IS NULL AND a.closed_on IS NULL),
               ('appeal:silent', a.authority_id, a.filed_on::TEXT, a.first_response_on IS NULL AND a.closed_on IS NULL),
               ('appeal:response', a.first_response_type, NULL, a.first_response_type IS NOT NULL)
       ) AS v (breakdown, key, label, counted)
 WHERE v.counted
$$;

-- A row's cells are added as it is now and taken away as it was, in one statement per row: a cell the change leaves
-- as it was is not written. One generic plan, kept: PostgreSQL would otherwise plan the statement, with the cells
-- inlined, anew for every row it is run for, five times the time the statement takes.
CREATE FUNCTION statistics_case_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
DECLARE
    was_counted BOOLEAN := TG_OP <> 'INSERT' AND OLD.merged_into IS NULL;
    is_counted  BOOLEAN := TG_OP <> 'DELETE' AND NEW.merged_into IS NULL;
BEGIN
    INSERT INTO statistics_count_change (breakdown, key, label, cases, disputed)
    SELECT d.breakdown, d.key, d.label, sum(d.cases), sum(d.disputed)
      FROM (SELECT x.breakdown, x.key, x.label, side.sign * x.cases AS cases, side.sign * x.disputed AS disputed
              FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, c)
             CROSS JOIN LATERAL statistics_case_cells(side.c) x
             WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END
            UNION ALL
            -- a case counted or no longer: its facts over time with it
            SELECT x.breakdown, x.key, x.label, CASE WHEN is_counted THEN x.cases ELSE -x.cases END, 0
              FROM statistics_fact f
             CROSS JOIN LATERAL statistics_fact_cells(f) x
             WHERE was_counted IS DISTINCT FROM is_counted
               AND f.case_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END
            UNION ALL
            -- and its appeals, which may have arrived before it
            SELECT x.breakdown, x.key, x.label, CASE WHEN is_counted THEN x.cases ELSE -x.cases END, 0
              FROM appeal a
             CROSS JOIN LATERAL statistics_appeal_cells(a) x
             WHERE was_counted IS DISTINCT FROM is_counted
               AND a.case_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END) d
     GROUP BY d.breakdown, d.key, d.label
    HAVING sum(d.cases) <> 0 OR sum(d.disputed) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_fact_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM statistics_case
                    WHERE case_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.case_id ELSE NEW.case_id END
                      AND merged_into IS NULL) THEN
        RETURN NULL;
    END IF;
    INSERT INTO statistics_count_change (breakdown, key, label, cases, disputed)
    SELECT d.breakdown, d.key, d.label, sum(d.cases), 0
      FROM (SELECT x.breakdown, x.key, x.label, side.sign * x.cases AS cases
              FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, f)
             CROSS JOIN LATERAL statistics_fact_cells(side.f) x
             WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END) d
     GROUP BY d.breakdown, d.key, d.label
    HAVING sum(d.cases) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_appeal_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_count_change (breakdown, key, label, cases, disputed)
    SELECT d.breakdown, d.key, d.label, sum(d.cases), 0
      FROM (SELECT x.breakdown, x.key, x.label, side.sign * x.cases AS cases
              FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, a)
             CROSS JOIN LATERAL statistics_appeal_cells(side.a) x
             WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END
               AND EXISTS (SELECT 1 FROM statistics_case c
                            WHERE c.case_id = (side.a).case_id AND c.merged_into IS NULL)) d
     GROUP BY d.breakdown, d.key, d.label
    HAVING sum(d.cases) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_counts_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'statistics_case' THEN
        TRUNCATE statistics_count, statistics_count_change;
    ELSE
        DELETE FROM statistics_count
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'appeal' THEN 'appeal:%' ELSE 'facts:%' END;
        DELETE FROM statistics_count_change
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'appeal' THEN 'appeal:%' ELSE 'facts:%' END;
    END IF;
    RETURN NULL;
END
$$;

-- Only a change to what is counted touches the counts: most events change no more than the row's version.
CREATE TRIGGER statistics_case_inserted_or_deleted AFTER INSERT OR DELETE ON statistics_case
    FOR EACH ROW EXECUTE FUNCTION statistics_case_counted();
CREATE TRIGGER statistics_case_updated AFTER UPDATE ON statistics_case
    FOR EACH ROW
    WHEN ((OLD.status, OLD.disputed, OLD.detention_kind, OLD.facility_id, OLD.facility_name, OLD.gender,
           OLD.ethnicity, OLD.prefecture, OLD.county, OLD.born_from, OLD.born_to, OLD.first_detention_start,
           OLD.sentenced, OLD.sentence_years, OLD.sentence_months, OLD.sentence_life, OLD.merged_into)
          IS DISTINCT FROM
          (NEW.status, NEW.disputed, NEW.detention_kind, NEW.facility_id, NEW.facility_name, NEW.gender,
           NEW.ethnicity, NEW.prefecture, NEW.county, NEW.born_from, NEW.born_to, NEW.first_detention_start,
           NEW.sentenced, NEW.sentence_years, NEW.sentence_months, NEW.sentence_life, NEW.merged_into))
    EXECUTE FUNCTION statistics_case_counted();
CREATE TRIGGER statistics_fact_inserted_or_deleted AFTER INSERT OR DELETE ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_fact_counted();
CREATE TRIGGER statistics_fact_updated AFTER UPDATE ON statistics_fact
    FOR EACH ROW
    WHEN ((OLD.kind, OLD.fact_year, OLD.fact_month, OLD.credible, OLD.retracted)
          IS DISTINCT FROM (NEW.kind, NEW.fact_year, NEW.fact_month, NEW.credible, NEW.retracted))
    EXECUTE FUNCTION statistics_fact_counted();
CREATE TRIGGER statistics_appeal_inserted_or_deleted AFTER INSERT OR DELETE ON appeal
    FOR EACH ROW EXECUTE FUNCTION statistics_appeal_counted();
CREATE TRIGGER statistics_appeal_updated AFTER UPDATE ON appeal
    FOR EACH ROW
    WHEN ((OLD.case_id, OLD.authority_id, OLD.filed_on, OLD.first_response_on, OLD.first_response_type, OLD.overdue,
           OLD.closed_on)
          IS DISTINCT FROM
          (NEW.case_id, NEW.authority_id, NEW.filed_on, NEW.first_response_on, NEW.first_response_type, NEW.overdue,
           NEW.closed_on))
    EXECUTE FUNCTION statistics_appeal_counted();
CREATE TRIGGER statistics_appeal_truncated AFTER TRUNCATE ON appeal
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_counts_cleared();
CREATE TRIGGER statistics_case_truncated AFTER TRUNCATE ON statistics_case
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_counts_cleared();
CREATE TRIGGER statistics_fact_truncated AFTER TRUNCATE ON statistics_fact
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_counts_cleared();

-- What is on record already, counted once.
INSERT INTO statistics_count (breakdown, key, label, cases, disputed)
SELECT d.breakdown, d.key, d.label, sum(d.cases), sum(d.disputed)
  FROM (SELECT x.* FROM statistics_case c CROSS JOIN LATERAL statistics_case_cells(c) x
        UNION ALL
        SELECT x.*
          FROM statistics_fact f
          JOIN statistics_case c ON c.case_id = f.case_id AND c.merged_into IS NULL
         CROSS JOIN LATERAL statistics_fact_cells(f) x
        UNION ALL
        SELECT x.*
          FROM appeal a
          JOIN statistics_case c ON c.case_id = a.case_id AND c.merged_into IS NULL
         CROSS JOIN LATERAL statistics_appeal_cells(a) x) d
 GROUP BY d.breakdown, d.key, d.label;
