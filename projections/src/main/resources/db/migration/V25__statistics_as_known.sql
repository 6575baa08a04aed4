-- The statistics as the ledger knew them at a past moment (GET /api/statistics?asOf=): every state a statistics row
-- has had, with the moments it was known from and until, by recording time. Triggers write them in the transaction
-- that changes the row, so a query as of a moment is the live query over the versions valid then, and never a reading
-- of the event history.
--
-- The moment a row's state was known from is the recording moment of the event that gave it (the record's timestamp
-- header), and never earlier than the moment its previous state was known from: a case's (an appeal's) events are
-- known in sequence, so what was known at a moment is a prefix of its history, as for the case view (CaseHistory).
ALTER TABLE statistics_case ADD COLUMN recorded_at TIMESTAMPTZ;
ALTER TABLE statistics_fact ADD COLUMN recorded_at TIMESTAMPTZ;

-- The columns of the live tables, in their order, then the two moments. A case row is copied as a whole, so a column
-- added to statistics_case and not here fails the write that would lose it; a fact's are named, since what a fact row
-- holds of its case is read from the case's version (KnownAt).
CREATE TABLE statistics_case_version (LIKE statistics_case);
ALTER TABLE statistics_case_version ADD COLUMN recorded_from TIMESTAMPTZ NOT NULL,
                                    ADD COLUMN recorded_until TIMESTAMPTZ;
CREATE UNIQUE INDEX statistics_case_version_open ON statistics_case_version (case_id) WHERE recorded_until IS NULL;
CREATE INDEX statistics_case_version_by_moment ON statistics_case_version (recorded_from);

CREATE TABLE statistics_fact_version (LIKE statistics_fact);
ALTER TABLE statistics_fact_version ADD COLUMN recorded_from TIMESTAMPTZ NOT NULL,
                                    ADD COLUMN recorded_until TIMESTAMPTZ;
CREATE UNIQUE INDEX statistics_fact_version_open ON statistics_fact_version (case_id, event_id)
    WHERE recorded_until IS NULL;
CREATE INDEX statistics_fact_version_by_case ON statistics_fact_version (case_id, recorded_from);

-- Of an appeal, what the statistics read of it.
CREATE TABLE statistics_appeal_version (
    appeal_id           VARCHAR(64) NOT NULL,
    case_id             VARCHAR(64) NOT NULL,
    authority_id        VARCHAR(64) NOT NULL,
    filed_on            DATE        NOT NULL,
    first_response_type VARCHAR(30),
    first_response_on   DATE,
    overdue             BOOLEAN     NOT NULL,
    closed_on           DATE,
    recorded_from       TIMESTAMPTZ NOT NULL,
    recorded_until      TIMESTAMPTZ
);
CREATE UNIQUE INDEX statistics_appeal_version_open ON statistics_appeal_version (appeal_id)
    WHERE recorded_until IS NULL;
CREATE INDEX statistics_appeal_version_by_moment ON statistics_appeal_version (recorded_from);

-- Since when the versions tell every state: from the start when the model was empty here (a new ledger, or one whose
-- statistics are rebuilt from the topics' start), else from this migration, whose moment the rows on record are
-- versioned from. An asOf before it is refused rather than answered from a history that is not all here.
CREATE TABLE statistics_history (
    kept_since TIMESTAMPTZ NOT NULL
);
INSERT INTO statistics_history (kept_since)
SELECT CASE WHEN EXISTS (SELECT 1 FROM statistics_case) OR EXISTS (SELECT 1 FROM appeal)
            THEN now() ELSE '-infinity' END;
INSERT INTO statistics_case_version SELECT c.*, now(), NULL FROM statistics_case c;
INSERT INTO statistics_fact_version SELECT f.*, now(), NULL FROM statistics_fact f;
INSERT INTO statistics_appeal_version
SELECT appeal_id, case_id, authority_id, filed_on, first_response_type, first_response_on, overdue, closed_on, now(),
       NULL
  FROM appeal;

-- A new state replaces one known from the same moment (several statements applying one event), and closes the one
-- before it.
CREATE FUNCTION statistics_case_versioned() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
DECLARE
    moment TIMESTAMPTZ;
BEGIN
    SELECT greatest(NEW.recorded_at, max(v.recorded_from)) INTO moment
      FROM statistics_case_version v
     WHERE v.case_id = NEW.case_id AND v.recorded_until IS NULL;
    DELETE FROM statistics_case_version
     WHERE case_id = NEW.case_id AND recorded_until IS NULL AND recorded_from >= moment;
    UPDATE statistics_case_version SET recorded_until = moment
     WHERE case_id = NEW.case_id AND recorded_until IS NULL;
    INSERT INTO statistics_case_version SELECT NEW.*, moment, NULL;
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_fact_versioned() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
DECLARE
    moment TIMESTAMPTZ;
BEGIN
    SELECT greatest(NEW.recorded_at, max(v.recorded_from)) INTO moment
      FROM statistics_fact_version v
     WHERE v.case_id = NEW.case_id AND v.event_id = NEW.event_id AND v.recorded_until IS NULL;
    DELETE FROM statistics_fact_version
     WHERE case_id = NEW.case_id AND event_id = NEW.event_id AND recorded_until IS NULL AND recorded_from >= moment;
    UPDATE statistics_fact_version SET recorded_until = moment
     WHERE case_id = NEW.case_id AND event_id = NEW.event_id AND recorded_until IS NULL;
    INSERT INTO statistics_fact_version (case_id, event_id, sequence, kind, fact_date, fact_start, fact_end, fact_year,
                                         fact_month, credible, retracted, term_years, term_months, term_life,
                                         recorded_at, recorded_from)
    VALUES (NEW.case_id, NEW.event_id, NEW.sequence, NEW.kind, NEW.fact_date, NEW.fact_start, NEW.fact_end,
            NEW.fact_year, NEW.fact_month, NEW.credible, NEW.retracted, NEW.term_years, NEW.term_months, NEW.term_life,
            NEW.recorded_at, moment);
    RETURN NULL;
END
$$;

CREATE FUNCTION statistics_appeal_versioned() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
DECLARE
    moment TIMESTAMPTZ;
BEGIN
    SELECT greatest(NEW.last_event_at, max(v.recorded_from)) INTO moment
      FROM statistics_appeal_version v
     WHERE v.appeal_id = NEW.appeal_id AND v.recorded_until IS NULL;
    DELETE FROM statistics_appeal_version
     WHERE appeal_id = NEW.appeal_id AND recorded_until IS NULL AND recorded_from >= moment;
    UPDATE statistics_appeal_version SET recorded_until = moment
     WHERE appeal_id = NEW.appeal_id AND recorded_until IS NULL;
    INSERT INTO statistics_appeal_version
    VALUES (NEW.appeal_id, NEW.case_id, NEW.authority_id, NEW.filed_on, NEW.first_response_type,
            NEW.first_response_on, NEW.overdue, NEW.closed_on, moment, NULL);
    RETURN NULL;
END
$$;

-- Emptied, the model is filled again from the topics' start, its versions with it.
CREATE FUNCTION statistics_versions_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    CASE TG_TABLE_NAME
        WHEN 'statistics_case' THEN TRUNCATE statistics_case_version;
        WHEN 'statistics_fact' THEN TRUNCATE statistics_fact_version;
        ELSE TRUNCATE statistics_appeal_version;
    END CASE;
    UPDATE statistics_history SET kept_since = '-infinity';
    RETURN NULL;
END
$$;

-- Only a change to what the statistics read makes a version: most events change no more than the row's version.
CREATE TRIGGER statistics_case_inserted_versioned AFTER INSERT ON statistics_case
    FOR EACH ROW EXECUTE FUNCTION statistics_case_versioned();
CREATE TRIGGER statistics_case_updated_versioned AFTER UPDATE ON statistics_case
    FOR EACH ROW
    WHEN ((OLD.status, OLD.disputed, OLD.detention_kind, OLD.facility_id, OLD.facility_name, OLD.gender,
           OLD.ethnicity, OLD.prefecture, OLD.county, OLD.born_from, OLD.born_to, OLD.first_detention,
           OLD.first_detention_start, OLD.first_detention_end, OLD.sentenced, OLD.sentence_years, OLD.sentence_months,
           OLD.sentence_life, OLD.merged_into)
          IS DISTINCT FROM
          (NEW.status, NEW.disputed, NEW.detention_kind, NEW.facility_id, NEW.facility_name, NEW.gender,
           NEW.ethnicity, NEW.prefecture, NEW.county, NEW.born_from, NEW.born_to, NEW.first_detention,
           NEW.first_detention_start, NEW.first_detention_end, NEW.sentenced, NEW.sentence_years, NEW.sentence_months,
           NEW.sentence_life, NEW.merged_into))
    EXECUTE FUNCTION statistics_case_versioned();
CREATE TRIGGER statistics_fact_inserted_versioned AFTER INSERT ON statistics_fact
    FOR EACH ROW EXECUTE FUNCTION statistics_fact_versioned();
CREATE TRIGGER statistics_fact_updated_versioned AFTER UPDATE ON statistics_fact
    FOR EACH ROW
    WHEN ((OLD.kind, OLD.fact_date, OLD.fact_start, OLD.fact_end, OLD.fact_year, OLD.fact_month, OLD.credible,
           OLD.retracted, OLD.term_years, OLD.term_months, OLD.term_life)
          IS DISTINCT FROM
          (NEW.kind, NEW.fact_date, NEW.fact_start, NEW.fact_end, NEW.fact_year, NEW.fact_month, NEW.credible,
           NEW.retracted, NEW.term_years, NEW.term_months, NEW.term_life))
    EXECUTE FUNCTION statistics_fact_versioned();
CREATE TRIGGER statistics_appeal_inserted_versioned AFTER INSERT ON appeal
    FOR EACH ROW EXECUTE FUNCTION statistics_appeal_versioned();
CREATE TRIGGER statistics_appeal_updated_versioned AFTER UPDATE ON appeal
    FOR EACH ROW
    WHEN ((OLD.case_id, OLD.authority_id, OLD.filed_on, OLD.first_response_type, OLD.first_response_on, OLD.overdue,
           OLD.closed_on)
          IS DISTINCT FROM
          (NEW.case_id, NEW.authority_id, NEW.filed_on, NEW.first_response_type, NEW.first_response_on, NEW.overdue,
           NEW.closed_on))
    EXECUTE FUNCTION statistics_appeal_versioned();
CREATE TRIGGER statistics_case_truncated_versioned AFTER TRUNCATE ON statistics_case
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_versions_cleared();
CREATE TRIGGER statistics_fact_truncated_versioned AFTER TRUNCATE ON statistics_fact
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_versions_cleared();
CREATE TRIGGER statistics_appeal_truncated_versioned AFTER TRUNCATE ON appeal
    FOR EACH STATEMENT EXECUTE FUNCTION statistics_versions_cleared();
