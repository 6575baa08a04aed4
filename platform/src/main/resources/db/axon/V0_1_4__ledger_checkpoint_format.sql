-- Which tree a checkpoint signed: since caseledger-checkpoint-v2 the leaves take the order of the aggregates' first
-- events, so that a checkpoint hashes again only the parts of the tree that changed (docs/ledger-proof.md). The
-- checkpoints signed before keep the order of the ids' bytes, and are verified as they were signed. The service names
-- the format of every checkpoint it stores; the default is the first format, what an instance of the version before
-- this one, still running beside a newer one while they are replaced, stores without naming it.
ALTER TABLE ledger_checkpoint ADD COLUMN format VARCHAR(40) NOT NULL DEFAULT 'caseledger-checkpoint-v1';
