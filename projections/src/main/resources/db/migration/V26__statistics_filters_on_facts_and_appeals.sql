-- The statistics under filters read the facts and the appeals of the cases the filters keep. Joined to the cases, that
-- was a hash join of every counted fact and every appeal to the filtered cases, whatever their number: the slowest
-- part of every filtered answer. Now each fact and each appeal carries what the filters read of its case, kept by
-- triggers in the transaction that changes the case, the fact or the appeal, so that a filtered answer reads the facts
-- and appeals under the filters alone, through the same kind of partial index as the cases.
--
-- counted: the case is known here and not merged into another, as the cases' own rows say it with merged_into.
--
-- An appeal and its case written at the same time by two consumers take turns (V28__statistics_writers_in_step.sql).
ALTER TABLE statistics_fact
    ADD COLUMN counted               BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN status                VARCHAR(20),
    ADD COLUMN ethnicity             TEXT,
    ADD COLUMN gender                VARCHAR(20),
    ADD COLUMN prefecture            TEXT,
    ADD COLUMN county                TEXT,
    ADD COLUMN facility_id           VARCHAR(64),
    ADD COLUMN first_detention_start DATE,
    ADD COLUMN first_detention_end   DATE;

-- Of every appeal, what the statistics count of it and what the filters read of its case. Its own table, not the
-- appeals model's: that one serves the appeals' own views and is rebuilt on its own.
CREATE TABLE statistics_appeal (
    appeal_id             VARCHAR(64) PRIMARY KEY,
    case_id               VARCHAR(64) NOT NULL,
    authority_id          VARCHAR(64) NOT NULL,
    filed_on              DATE        NOT NULL,
    first_response_type   VARCHAR(30),
    first_response_on     DATE,
    overdue               BOOLEAN     NOT NULL,
    closed_on             DATE,
    counted               BOOLEAN     NOT NULL DEFAULT FALSE,
    status                VARCHAR(20),
    ethnicity             TEXT,
    gender                VARCHAR(20),
    prefecture            TEXT,
    county                TEXT,
    facility_id           VARCHAR(64),
    first_detention_start DATE,
    first_detention_end   DATE
);
CREATE INDEX statistics_appeal_by_case ON statistics_appeal (case_id);

-- A fact takes its case's values as it is written (a fact is written only for a case opened here).
CREATE FUNCTION statistics_fact_filtered() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    SELECT c.merged_into IS NULL, c.status, c.ethnicity, c.gender, c.prefecture, c.county, c.facility_id,
           c.first_detention_start, c.first_detention_end
      INTO NEW.counted, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county, NEW.facility_id,
           NEW.first_detention_start, NEW.first_detention_end
      FROM statistics_case c
     WHERE c.case_id = NEW.case_id;
    NEW.counted := COALESCE(NEW.counted, FALSE);
    RETURN NEW;
END
$$;

-- An appeal, as the appeals model changes it, with its case's values; an appeal may arrive before its case.
CREATE FUNCTION statistics_appeal_filtered() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP = 'DELETE' THEN
        DELETE FROM statistics_appeal WHERE appeal_id = OLD.appeal_id;
        RETURN NULL;
    END IF;
    INSERT INTO statistics_appeal (appeal_id, case_id, authority_id, filed_on, first_response_type, first_response_on,
                                   overdue, closed_on, counted, status, ethnicity, gender, prefecture, county,
                                   facility_id, first_detention_start, first_detention_end)
    SELECT NEW.appeal_id, NEW.case_id, NEW.authority_id, NEW.filed_on, NEW.first_response_type,
           NEW.first_response_on, NEW.overdue, NEW.closed_on, c.case_id IS NOT NULL AND c.merged_into IS NULL,
           c.status, c.ethnicity, c.gender, c.prefecture, c.county, c.facility_id, c.first_detention_start,
           c.first_detention_end
      FROM (VALUES (NEW.case_id)) AS a (case_id)
      LEFT JOIN statistics_case c ON c.case_id = a.case_id
    ON CONFLICT (appeal_id) DO UPDATE
       SET case_id = EXCLUDED.case_id, authority_id = EXCLUDED.authority_id, filed_on = EXCLUDED.filed_on,
           first_response_type = EXCLUDED.first_response_type, first_response_on = EXCLUDED.first_response_on,
           overdue = EXCLUDED.overdue, closed_on = EXCLUDED.closed_on, counted = EXCLUDED.counted,
           status = EXCLUDED.status, ethnicity = EXCLUDED.ethnicity, gender = EXCLUDED.gender,
           prefecture = EXCLUDED.prefecture, county = EXCLUDED.county, facility_id = EXCLUDED.facility_id,
           first_detention_start = EXCLUDED.first_detention_start, first_detention_end = EXCLUDED.first_detention_end;
    RETURN NULL;
END
$$;

-- A case's values, as they change, onto its facts and appeals.
CREATE FUNCTION statistics_case_filters_spread() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    UPDATE statistics_fact
       SET (counted, status, ethnicity, gender, prefecture, county, facility_id, first_detention_start,
            first_detention_end) =
           (NEW.merged_into IS NULL, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
            NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end)
     WHERE case_id = NEW.case_id;
    UPDATE statistics_appeal
       SET (counted, status, ethnicity, gender, prefecture, county, facility_id, first_detention_start,
            first_detention_end) =
           (NEW.merged_into IS NULL, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
            NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end)
     WHERE case_id = NEW.case_id;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_appeals_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    TRUNCATE statistics_appeal;
    RETURN NULL;
END
$$;

CREATE TRIGGER statistics_fact_takes_filters BEFORE INSERT ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_fact_filtered();
CREATE TRIGGER statistics_appeal_takes_filters AFTER INSERT OR UPDATE OR DELETE ON appeal
    FOR EACH ROW EXECUTE FUNCTION statistics_appeal_filtered();
CREATE TRIGGER statistics_appeal_cleared AFTER TRUNCATE ON appeal
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_appeals_cleared();
CREATE TRIGGER statistics_case_inserted_spreads AFTER INSERT ON statistics_case
    FOR EACH ROW EXECUTE FUNCTION statistics_case_filters_spread();
CREATE TRIGGER statistics_case_updated_spreads AFTER UPDATE ON statistics_case
    FOR EACH ROW
    WHEN ((OLD.merged_into IS NULL, OLD.status, OLD.ethnicity, OLD.gender, OLD.prefecture, OLD.county,
           OLD.facility_id, OLD.first_detention_start, OLD.first_detention_end)
          IS DISTINCT FROM
          (NEW.merged_into IS NULL, NEW.status, NEW.ethnicity, NEW.gender, NEW.prefecture, NEW.county,
           NEW.facility_id, NEW.first_detention_start, NEW.first_detention_end))
    EXECUTE FUNCTION statistics_case_filters_spread();

-- What is on record already.
UPDATE statistics_fact f
   SET (counted, status, ethnicity, gender, prefecture, county, facility_id, first_detention_start,
        first_detention_end) =
       (c.merged_into IS NULL, c.status, c.ethnicity, c.gender, c.prefecture, c.county, c.facility_id,
        c.first_detention_start, c.first_detention_end)
  FROM statistics_case c
 WHERE c.case_id = f.case_id;
INSERT INTO statistics_appeal (appeal_id, case_id, authority_id, filed_on, first_response_type, first_response_on,
                               overdue, closed_on, counted, status, ethnicity, gender, prefecture, county, facility_id,
                               first_detention_start, first_detention_end)
SELECT a.appeal_id, a.case_id, a.authority_id, a.filed_on, a.first_response_type, a.first_response_on, a.overdue,
       a.closed_on, c.case_id IS NOT NULL AND c.merged_into IS NULL, c.status, c.ethnicity, c.gender, c.prefecture,
       c.county, c.facility_id, c.first_detention_start, c.first_detention_end
  FROM appeal a
  LEFT JOIN statistics_case c ON c.case_id = a.case_id;

-- The filters' indexes, as on the cases (V7): over the facts the statistics count, and the appeals of counted cases.
CREATE INDEX statistics_fact_by_status ON statistics_fact (status) WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_ethnicity ON statistics_fact (ethnicity) WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_gender ON statistics_fact (gender) WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_hometown ON statistics_fact (prefecture, county)
    WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_county ON statistics_fact (county) WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_facility ON statistics_fact (facility_id) WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_fact_by_first_detention ON statistics_fact (first_detention_start, first_detention_end)
    WHERE counted AND credible AND NOT retracted;
CREATE INDEX statistics_appeal_by_status ON statistics_appeal (status) WHERE counted;
CREATE INDEX statistics_appeal_by_ethnicity ON statistics_appeal (ethnicity) WHERE counted;
CREATE INDEX statistics_appeal_by_gender ON statistics_appeal (gender) WHERE counted;
CREATE INDEX statistics_appeal_by_hometown ON statistics_appeal (prefecture, county) WHERE counted;
CREATE INDEX statistics_appeal_by_county ON statistics_appeal (county) WHERE counted;
CREATE INDEX statistics_appeal_by_facility ON statistics_appeal (facility_id) WHERE counted;
CREATE INDEX statistics_appeal_by_first_detention ON statistics_appeal (first_detention_start, first_detention_end)
    WHERE counted;
