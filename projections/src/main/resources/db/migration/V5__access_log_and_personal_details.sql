-- Every answer of this service that contains personal data leaves one row here: who read it, with which role,
-- about which cases, through which endpoint, which classes of data, when. Written in the transaction that reads the
-- data, so there is no answer without its row. Append-only in the database: the service's role may add rows and
-- read them, never change, remove or truncate one.
CREATE TABLE access_log (
    entry_id     BIGSERIAL    PRIMARY KEY,
    accessed_at  TIMESTAMPTZ  NOT NULL,
    username     TEXT         NOT NULL,
    role         VARCHAR(20)  NOT NULL,
    endpoint     TEXT         NOT NULL,
    case_ids     TEXT[]       NOT NULL,
    data_classes TEXT[]       NOT NULL
);
CREATE INDEX access_log_by_time ON access_log (accessed_at);
CREATE INDEX access_log_by_user ON access_log (username, accessed_at);
CREATE INDEX access_log_by_case ON access_log USING GIN (case_ids);
REVOKE ALL ON access_log FROM "${runtime_role}";
GRANT SELECT, INSERT ON access_log TO "${runtime_role}";
GRANT USAGE ON SEQUENCE access_log_entry_id_seq TO "${runtime_role}";

-- What the timeline shows of a testimony and a relative beyond its one-line summary: the giver's relation and name,
-- the testimony's language, text and visibility, the relative's name. Personal data, kept apart from the summaries
-- so that erasing a person rewrites only these rows. Entries projected before this table existed have no row here
-- until the timeline is rebuilt from the topic.
CREATE TABLE timeline_detail (
    case_id    VARCHAR(64) NOT NULL,
    event_id   TEXT        NOT NULL,
    relation   VARCHAR(30),
    name       TEXT,
    language   TEXT,
    text       TEXT,
    visibility VARCHAR(20),
    PRIMARY KEY (case_id, event_id)
);

-- The case's visibility as the timeline last saw it change; null until it is stated, which reads as RESTRICTED.
ALTER TABLE timeline_case ADD COLUMN visibility VARCHAR(20);
UPDATE timeline_case t SET visibility = s.visibility FROM case_status s WHERE s.case_id = t.case_id;
