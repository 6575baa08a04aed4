-- The statistics under one filter, kept counted per value of that filter as the unfiltered ones are (V21), so that an
-- answer under a filter that keeps many cases (a prefecture, a status, two years of detentions) reads a few thousand
-- counts instead of every case, fact and appeal the filter keeps. A filter is one of:
--   status, ethnicity, gender, prefecture, county, facility: the value the case's row holds (gender as recorded,
--   UNKNOWN too, as the filter matches it);
--   detained: the months of the case's first detention, 'YYYY-MM..YYYY-MM' (the month it may have begun in, the month
--   it may have ended in), so that a detention known to the day, the month or only the year is within a range of
--   whole months exactly when both its months are; a range with a day at either edge is read from the rows.
-- Under each filter value a cell is the unfiltered one (statistics_case_cells, statistics_fact_cells, an appeal's
-- cells as V22 counts them), except the ages: a case counts once under 'ageGroup', keyed 'youngest:span', and the
-- reader spreads the groups over their ages as the query over the rows does (StatisticsQueries.ageCells), so that a
-- case writes one age cell per filter, not one per age of its range.
-- The triggers append the changes (statistics_filter_count_change) and projections folds them every second
-- (StatisticsCounts), as for the unfiltered counts. Facts and appeals carry their case's values (V26), so a case that
-- changes moves its facts' and appeals' cells by their own rows' triggers.
CREATE TABLE statistics_filter_count (
    filter    VARCHAR(20) NOT NULL,
    value     TEXT        NOT NULL,
    breakdown VARCHAR(20) NOT NULL,
    key       TEXT,
    label     TEXT,
    cases     NUMERIC     NOT NULL,
    disputed  BIGINT      NOT NULL,
    CONSTRAINT statistics_filter_count_cell UNIQUE NULLS NOT DISTINCT (filter, value, breakdown, key, label)
);

CREATE TABLE statistics_filter_count_change (
    filter    VARCHAR(20) NOT NULL,
    value     TEXT        NOT NULL,
    breakdown VARCHAR(20) NOT NULL,
    key       TEXT,
    label     TEXT,
    cases     NUMERIC     NOT NULL,
    disputed  BIGINT      NOT NULL
);

-- The filter values a row of a case, or a fact or an appeal carrying its case's values, is found under.
CREATE FUNCTION statistics_filter_values(status TEXT, ethnicity TEXT, gender TEXT, prefecture TEXT, county TEXT,
                                         facility_id TEXT, detained_start DATE, detained_end DATE)
    RETURNS TABLE (filter TEXT, value TEXT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT v.filter, v.value
  FROM (VALUES ('status', status), ('ethnicity', ethnicity), ('gender', gender), ('prefecture', prefecture),
               ('county', county), ('facility', facility_id),
               ('detained', to_char(detained_start, 'YYYY-MM') || '..' || to_char(detained_end, 'YYYY-MM'))
       ) AS v (filter, value)
 WHERE v.value IS NOT NULL
$$;

-- What one case row counts for under its filter values: its unfiltered cells but the ages, and its age group.
CREATE FUNCTION statistics_filter_case_cells(c statistics_case)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT fv.filter, fv.value, x.breakdown, x.key, x.label, x.cases, x.disputed
  FROM statistics_filter_values(c.status, c.ethnicity, c.gender, c.prefecture, c.county, c.facility_id,
                                c.first_detention_start, c.first_detention_end) fv
 CROSS JOIN LATERAL (
       SELECT cell.breakdown, cell.key, cell.label, cell.cases, cell.disputed
         FROM statistics_case_cells(c) cell
        WHERE cell.breakdown NOT IN ('ages', 'exactAges')
       UNION ALL
       SELECT 'ageGroup',
              (CAST(EXTRACT(YEAR FROM c.first_detention_start) AS INTEGER) - c.born_to)::TEXT || ':'
                  || (c.born_to - c.born_from + 1)::TEXT,
              NULL, 1, 0
        WHERE c.merged_into IS NULL AND c.born_from IS NOT NULL AND c.first_detention_start IS NOT NULL) x
$$;

CREATE FUNCTION statistics_filter_fact_cells(f statistics_fact)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT fv.filter, fv.value, x.breakdown, x.key, x.label, x.cases, x.disputed
  FROM statistics_filter_values(f.status, f.ethnicity, f.gender, f.prefecture, f.county, f.facility_id,
                                f.first_detention_start, f.first_detention_end) fv
 CROSS JOIN LATERAL statistics_fact_cells(f) x
 WHERE f.counted
$$;

-- An appeal's cells as V22 counts them (the silences per authority without the day filed: the reader takes the
-- earliest day from the appeals themselves).
CREATE FUNCTION statistics_filter_appeal_cells(a statistics_appeal)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT fv.filter, fv.value, v.breakdown, v.key, v.label, 1::NUMERIC, 0::BIGINT
  FROM statistics_filter_values(a.status, a.ethnicity, a.gender, a.prefecture, a.county, a.facility_id,
                                a.first_detention_start, a.first_detention_end) fv
 CROSS JOIN (VALUES ('appeal:filed', a.authority_id::TEXT, NULL::TEXT, TRUE),
                    ('appeal:answered', a.authority_id, NULL, a.first_response_on IS NOT NULL),
                    ('appeal:days', a.authority_id, (a.first_response_on - a.filed_on)::TEXT,
                     a.first_response_on IS NOT NULL),
                    ('appeal:overdue', a.authority_id, NULL,
                     a.overdue AND a.first_response_on IS NULL AND a.closed_on IS NULL),
                    ('appeal:silent', a.authority_id, NULL, a.first_response_on IS NULL AND a.closed_on IS NULL),
                    ('appeal:response', a.first_response_type, NULL, a.first_response_type IS NOT NULL)
            ) AS v (breakdown, key, label, counted)
 WHERE a.counted AND v.counted
$$;

-- A row's cells added as it is now and taken away as it was, in one statement, as V21's triggers do; one generic
-- plan, kept.
CREATE FUNCTION statistics_filter_case_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_filter_count_change (filter, value, breakdown, key, label, cases, disputed)
    SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(side.sign * x.cases), sum(side.sign * x.disputed)
      FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, c)
     CROSS JOIN LATERAL statistics_filter_case_cells(side.c) x
     WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END
     GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
    HAVING sum(side.sign * x.cases) <> 0 OR sum(side.sign * x.disputed) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_filter_fact_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_filter_count_change (filter, value, breakdown, key, label, cases, disputed)
    SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(side.sign * x.cases), 0
      FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, f)
     CROSS JOIN LATERAL statistics_filter_fact_cells(side.f) x
     WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END
     GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
    HAVING sum(side.sign * x.cases) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_filter_appeal_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    INSERT INTO statistics_filter_count_change (filter, value, breakdown, key, label, cases, disputed)
    SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(side.sign * x.cases), 0
      FROM (VALUES (1, NEW), (-1, OLD)) AS side (sign, a)
     CROSS JOIN LATERAL statistics_filter_appeal_cells(side.a) x
     WHERE CASE side.sign WHEN 1 THEN TG_OP <> 'DELETE' ELSE TG_OP <> 'INSERT' END
     GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
    HAVING sum(side.sign * x.cases) <> 0;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_filter_counts_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_TABLE_NAME = 'statistics_case' THEN
        TRUNCATE statistics_filter_count, statistics_filter_count_change;
    ELSE
        DELETE FROM statistics_filter_count
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
        DELETE FROM statistics_filter_count_change
         WHERE breakdown LIKE CASE TG_TABLE_NAME WHEN 'statistics_appeal' THEN 'appeal:%' ELSE 'facts:%' END;
    END IF;
    RETURN NULL;
END
$$;

-- Only a change to what is counted or to a filter value touches the counts.
CREATE TRIGGER statistics_case_filter_counted AFTER INSERT OR DELETE ON statistics_case
    FOR EACH ROW EXECUTE FUNCTION statistics_filter_case_counted();
CREATE TRIGGER statistics_case_filter_counted_updated AFTER UPDATE ON statistics_case
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
    EXECUTE FUNCTION statistics_filter_case_counted();
CREATE TRIGGER statistics_fact_filter_counted AFTER INSERT OR DELETE ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_filter_fact_counted();
CREATE TRIGGER statistics_fact_filter_counted_updated AFTER UPDATE ON statistics_fact
    FOR EACH ROW
    WHEN ((OLD.kind, OLD.fact_year, OLD.fact_month, OLD.credible, OLD.retracted, OLD.counted, OLD.status,
           OLD.ethnicity, OLD.gender, OLD.prefecture, OLD.county, OLD.facility_id, OLD.first_detention_start,
           OLD.first_detention_end)
          IS DISTINCT FROM
          (NEW.kind, NEW.fact_year, NEW.fact_month, NEW.credible, NEW.retracted, NEW.counted, NEW.status,
           NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county, NEW.facility_id, NEW.first_detention_start,
           NEW.first_detention_end))
    EXECUTE FUNCTION statistics_filter_fact_counted();
CREATE TRIGGER statistics_appeal_filter_counted AFTER INSERT OR DELETE ON statistics_appeal
    FOR EACH ROW EXECUTE FUNCTION statistics_filter_appeal_counted();
CREATE TRIGGER statistics_appeal_filter_counted_updated AFTER UPDATE ON statistics_appeal
    FOR EACH ROW
    WHEN ((OLD.authority_id, OLD.filed_on, OLD.first_response_on, OLD.first_response_type, OLD.overdue,
           OLD.closed_on, OLD.counted, OLD.status, OLD.ethnicity, OLD.gender, OLD.prefecture, OLD.county,
           OLD.facility_id, OLD.first_detention_start, OLD.first_detention_end)
          IS DISTINCT FROM
          (NEW.authority_id, NEW.filed_on, NEW.first_response_on, NEW.first_response_type, NEW.overdue,
           NEW.closed_on, NEW.counted, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
           NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end))
    EXECUTE FUNCTION statistics_filter_appeal_counted();
CREATE TRIGGER statistics_case_filter_counts_truncated AFTER TRUNCATE ON statistics_case
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_filter_counts_cleared();
CREATE TRIGGER statistics_fact_filter_counts_truncated AFTER TRUNCATE ON statistics_fact
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_filter_counts_cleared();
CREATE TRIGGER statistics_appeal_filter_counts_truncated AFTER TRUNCATE ON statistics_appeal
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_filter_counts_cleared();

-- The longest silence under a filter: the earliest unanswered, open appeal of an authority among those counted.
CREATE INDEX statistics_appeal_silent_by_authority ON statistics_appeal (authority_id, filed_on)
    WHERE counted AND first_response_on IS NULL AND closed_on IS NULL;

-- What is on record already, counted once.
INSERT INTO statistics_filter_count (filter, value, breakdown, key, label, cases, disputed)
SELECT d.filter, d.value, d.breakdown, d.key, d.label, sum(d.cases), sum(d.disputed)
  FROM (SELECT x.* FROM statistics_case c CROSS JOIN LATERAL statistics_filter_case_cells(c) x
        UNION ALL
        SELECT x.* FROM statistics_fact f CROSS JOIN LATERAL statistics_filter_fact_cells(f) x
        UNION ALL
        SELECT x.* FROM statistics_appeal a CROSS JOIN LATERAL statistics_filter_appeal_cells(a) x) d
 GROUP BY d.filter, d.value, d.breakdown, d.key, d.label
HAVING sum(d.cases) <> 0 OR sum(d.disputed) <> 0;
