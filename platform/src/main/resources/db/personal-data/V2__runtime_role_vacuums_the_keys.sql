-- An erasure vacuums data_key right after it removed the key, so that the removed bytes do not stay in the table's file
-- as a dead row version until autovacuum comes by. VACUUM is the table owner's, or a role's with MAINTAIN (PostgreSQL
-- 17): without it the runtime role's VACUUM is skipped with no more than a warning.
GRANT MAINTAIN ON data_key TO "${runtime_role}";
