-- A read model being built afresh beside the live one: its copy's tables are in a schema of their own until the
-- switch moves them into public and the live ones into the retired schema, which is dropped after. One row per read
-- model: a second rebuild of the same model is refused while this one stands. The row outlives a crash, so that a
-- restarted service resumes the rebuild (state BUILDING) or drops what the switch retired (state SWITCHED).
CREATE TABLE read_model_rebuild (
    read_model     VARCHAR(100) PRIMARY KEY,
    building_in    VARCHAR(63)  NOT NULL,
    retired_into   VARCHAR(63)  NOT NULL,
    state          VARCHAR(20)  NOT NULL,
    requested_by   TEXT,
    started_at     TIMESTAMPTZ  NOT NULL,
    switched_at    TIMESTAMPTZ
);
