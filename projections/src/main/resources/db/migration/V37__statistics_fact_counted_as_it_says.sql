-- A fact counts over time while its case is known here and not merged: V21's trigger asked the case's row for it at
-- every write of a fact, and since V26 the fact's own row says it (counted, set from the case's row as the fact is
-- written and moved with it whenever the case's row changes), so the trigger reads the fact's row instead. In a
-- rebuild of the statistics over 124,956 facts, the question took 21.4 s of the 39.1 s their inserts took. A case's
-- row is never deleted but with all of them (TRUNCATE, which clears the counts), so the fact's flag and the case's
-- row do not part.
CREATE OR REPLACE FUNCTION statistics_fact_counted() RETURNS TRIGGER LANGUAGE plpgsql
    SET plan_cache_mode = force_generic_plan AS
$$
BEGIN
    IF NOT (CASE WHEN TG_OP = 'DELETE' THEN OLD.counted ELSE NEW.counted END) THEN
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
