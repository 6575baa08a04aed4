-- Signed checkpoints: every so often the service signs the Merkle root over every aggregate's head up to a global
-- index (docs/ledger-proof.md). For "every event up to global index H" to mean the same set of events whenever it is
-- checked, no event may ever be stored below H after the checkpoint read H. Global indexes come from a sequence, and
-- a transaction can take one and commit it after another transaction took and committed a higher one. So an event
-- takes its global index only while it holds, to the end of its transaction, a shared lock that the checkpoint takes
-- exclusively for the moment it reads H: every index handed out before is then committed or rolled back, and every
-- later one is above H. Appends do not wait for each other, only for that moment.
ALTER TABLE domainevententry ALTER COLUMN globalindex DROP DEFAULT;

CREATE OR REPLACE FUNCTION ledger_chain_event() RETURNS TRIGGER
    LANGUAGE plpgsql AS
$$
BEGIN
    -- The key is the checkpoint's and no other lock's of this database (platform/…/ledger/Checkpointer).
    PERFORM pg_advisory_xact_lock_shared(7316480001);
    NEW.globalindex := nextval('domainevententry_globalindex_seq');
    NEW.chainhash := ledger_event_hash(ledger_previous_hash(NEW.aggregateidentifier, NEW.sequencenumber),
        NEW.aggregateidentifier, NEW.sequencenumber, NEW.type, NEW.eventidentifier, NEW.payloadtype,
        NEW.payloadrevision, NEW."timestamp", NEW.metadata, NEW.payload);
    RETURN NEW;
END
$$;

-- What was signed, kept as it was signed; the service may add checkpoints, never change or remove one.
CREATE TABLE ledger_checkpoint (
    number             BIGINT       NOT NULL PRIMARY KEY,
    service            VARCHAR(100) NOT NULL,
    up_to_global_index BIGINT       NOT NULL,
    events             BIGINT       NOT NULL,
    aggregates         BIGINT       NOT NULL,
    merkle_root        VARCHAR(64)  NOT NULL,
    created_at         VARCHAR(40)  NOT NULL,
    key_id             VARCHAR(16)  NOT NULL,
    signature          VARCHAR(100) NOT NULL
);
REVOKE ALL ON ledger_checkpoint FROM "${runtime_role}";
GRANT SELECT, INSERT ON ledger_checkpoint TO "${runtime_role}";

-- Which checkpoints reached the topic: a checkpoint made while Kafka is away is sent once it is back.
CREATE TABLE ledger_checkpoint_publication (
    number       BIGINT      NOT NULL PRIMARY KEY REFERENCES ledger_checkpoint (number),
    published_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
REVOKE ALL ON ledger_checkpoint_publication FROM "${runtime_role}";
GRANT SELECT, INSERT ON ledger_checkpoint_publication TO "${runtime_role}";
