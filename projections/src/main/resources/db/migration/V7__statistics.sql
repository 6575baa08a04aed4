-- The statistics read model, fed by its own consumer (projections.statistics): one row per case with what the
-- statistics count it by, so that every figure is a GROUP BY over at most one row per person and never a reading
-- of the event history. Names, birth days and case numbers are not kept here; the birth is kept only as the span of
-- years it allows (born_from..born_to), which is what an age at detention needs.
CREATE TABLE statistics_case (
    case_id               VARCHAR(64) PRIMARY KEY,
    -- the status the case derived itself (CaseStatusDerived); UNKNOWN until it has
    status                VARCHAR(20) NOT NULL,
    disputed              BOOLEAN     NOT NULL DEFAULT FALSE,
    -- the detention kind and facility last named by a derived status: for a released person, where they were held
    detention_kind        VARCHAR(20),
    facility_id           VARCHAR(64),
    facility_name         TEXT,
    gender                VARCHAR(20),
    ethnicity             TEXT,
    prefecture            TEXT,
    county                TEXT,
    born_from             INTEGER,
    born_to               INTEGER,
    -- the earliest detention on record that is neither retracted nor from an unlikely source, as reported
    first_detention       VARCHAR(10),
    first_detention_start DATE,
    first_detention_end   DATE,
    -- the latest sentence on record, likewise; sentenced without a term when the sentence named none
    sentenced             BOOLEAN     NOT NULL DEFAULT FALSE,
    sentence_years        INTEGER,
    sentence_months       INTEGER,
    sentence_life         BOOLEAN,
    merged_into           VARCHAR(64),
    version               BIGINT      NOT NULL
);
CREATE INDEX statistics_case_by_status ON statistics_case (status) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_ethnicity ON statistics_case (ethnicity) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_gender ON statistics_case (gender) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_hometown ON statistics_case (prefecture, county) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_county ON statistics_case (county) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_facility ON statistics_case (facility_id) WHERE merged_into IS NULL;
CREATE INDEX statistics_case_by_first_detention ON statistics_case (first_detention_start, first_detention_end)
    WHERE merged_into IS NULL;

-- The dated facts counted over time (detentions, releases, sentences, deaths), with the precision they were reported
-- in: a fact known to the year has no month here and is counted in its year.
CREATE TABLE statistics_fact (
    case_id     VARCHAR(64) NOT NULL,
    event_id    TEXT        NOT NULL,
    sequence    BIGINT      NOT NULL,
    kind        VARCHAR(20) NOT NULL,
    fact_date   VARCHAR(10),
    fact_start  DATE,
    fact_end    DATE,
    fact_year   INTEGER,
    fact_month  INTEGER,
    credible    BOOLEAN     NOT NULL,
    retracted   BOOLEAN     NOT NULL DEFAULT FALSE,
    term_years  INTEGER,
    term_months INTEGER,
    term_life   BOOLEAN,
    PRIMARY KEY (case_id, event_id)
);
CREATE INDEX statistics_fact_by_kind ON statistics_fact (kind, fact_year, fact_month);
