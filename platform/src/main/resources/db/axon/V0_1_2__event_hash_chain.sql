-- Every event carries a hash chained to its aggregate's previous event, so that anyone holding a copy of the store can
-- tell whether an event was altered, removed or moved since it was recorded (docs/ledger-proof.md).
--
-- The hash is computed here, by a BEFORE INSERT trigger, rather than by the service as Axon appends: it is then part of
-- the very INSERT that stores the event, in its transaction, whoever writes (Axon's batch, a test, a repair script),
-- and a service cannot leave it out or choose it — the trigger overwrites whatever an INSERT gives. A race for an
-- aggregate's next event is settled as before by the unique (aggregateidentifier, sequencenumber): the loser's
-- hash is computed over the same predecessor and thrown away with its row. The service's verifier recomputes
-- every hash in Java from the rows alone, so a mistake in this SQL cannot vouch for itself.
--
-- hash(event) = SHA-256( 'caseledger-event-chain-v1'             (UTF-8, 25 bytes)
--                      || hash of the aggregate's previous event (32 bytes; 32 zero bytes for sequence 0)
--                      || field(aggregateidentifier) || int8(sequencenumber) || field(type) || field(eventidentifier)
--                      || field(payloadtype) || field(payloadrevision) || field(timestamp)
--                      || field(metadata) || field(payload) )
-- where field(x) is x's length in bytes as a big-endian int4 followed by its bytes (texts in UTF-8), and -1 with no
-- bytes for NULL; int8 is big-endian. globalindex is left out: it is the store's position, not the event's (a
-- rolled-back insert leaves a gap, a copy may number rows anew); the order within an aggregate is its sequence.

ALTER TABLE domainevententry ADD COLUMN chainhash BYTEA;

CREATE FUNCTION ledger_field(value BYTEA) RETURNS BYTEA
    LANGUAGE sql IMMUTABLE AS
$$
SELECT CASE WHEN value IS NULL THEN int4send(-1) ELSE int4send(length(value)) || value END
$$;

CREATE FUNCTION ledger_event_hash(previous BYTEA, aggregateidentifier TEXT, sequencenumber BIGINT, type TEXT,
                                  eventidentifier TEXT, payloadtype TEXT, payloadrevision TEXT, "timestamp" TEXT,
                                  metadata BYTEA, payload BYTEA) RETURNS BYTEA
    LANGUAGE sql IMMUTABLE AS
$$
SELECT sha256(convert_to('caseledger-event-chain-v1', 'UTF8') || previous
              || ledger_field(convert_to(aggregateidentifier, 'UTF8')) || int8send(sequencenumber)
              || ledger_field(convert_to(type, 'UTF8')) || ledger_field(convert_to(eventidentifier, 'UTF8'))
              || ledger_field(convert_to(payloadtype, 'UTF8')) || ledger_field(convert_to(payloadrevision, 'UTF8'))
              || ledger_field(convert_to("timestamp", 'UTF8')) || ledger_field(metadata) || ledger_field(payload))
$$;

-- The hash the event at this position must chain to; refuses a position with no predecessor, since a chain with a
-- hole in it could never be verified.
CREATE FUNCTION ledger_previous_hash(aggregate TEXT, sequence BIGINT) RETURNS BYTEA
    LANGUAGE plpgsql AS
$$
DECLARE
    previous BYTEA;
BEGIN
    IF sequence = 0 THEN
        RETURN decode(repeat('00', 32), 'hex');
    END IF;
    SELECT chainhash INTO previous FROM domainevententry
     WHERE aggregateidentifier = aggregate AND sequencenumber = sequence - 1;
    IF previous IS NULL THEN
        RAISE EXCEPTION 'Event % of aggregate % cannot be chained: no event % of it is on record before it',
            sequence, aggregate, sequence - 1 USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN previous;
END
$$;

-- Events stored before this migration are chained by it, in the order of their sequence numbers: the proof covers
-- them from this upgrade on, and cannot tell whether one was altered before it.
DO $$
DECLARE
    event RECORD;
BEGIN
    FOR event IN SELECT * FROM domainevententry ORDER BY aggregateidentifier, sequencenumber LOOP
        UPDATE domainevententry
           SET chainhash = ledger_event_hash(ledger_previous_hash(event.aggregateidentifier, event.sequencenumber),
                   event.aggregateidentifier, event.sequencenumber, event.type, event.eventidentifier,
                   event.payloadtype, event.payloadrevision, event."timestamp", event.metadata, event.payload)
         WHERE globalindex = event.globalindex;
    END LOOP;
END
$$;

ALTER TABLE domainevententry ALTER COLUMN chainhash SET NOT NULL;

-- Volatile (the default for a trigger function), so that it sees the events inserted before it in the same
-- statement and transaction: a command's events are appended together and each chains to the one before.
CREATE FUNCTION ledger_chain_event() RETURNS TRIGGER
    LANGUAGE plpgsql AS
$$
BEGIN
    NEW.chainhash := ledger_event_hash(ledger_previous_hash(NEW.aggregateidentifier, NEW.sequencenumber),
        NEW.aggregateidentifier, NEW.sequencenumber, NEW.type, NEW.eventidentifier, NEW.payloadtype,
        NEW.payloadrevision, NEW."timestamp", NEW.metadata, NEW.payload);
    RETURN NEW;
END
$$;

CREATE TRIGGER chain_event BEFORE INSERT ON domainevententry
    FOR EACH ROW EXECUTE FUNCTION ledger_chain_event();
