-- The event store is append-only in the database, not only in code: the service's role adds events and reads them,
-- and cannot change, remove or truncate one. A mistake is corrected by a later event.
REVOKE ALL ON domainevententry FROM "${runtime_role}";
GRANT SELECT, INSERT ON domainevententry TO "${runtime_role}";
GRANT USAGE ON SEQUENCE domainevententry_globalindex_seq TO "${runtime_role}";

-- A snapshot is not history but a cache of an aggregate's state, rebuilt from its events; Axon deletes the older
-- snapshots of an aggregate when it stores a newer one.
REVOKE ALL ON snapshotevententry FROM "${runtime_role}";
GRANT SELECT, INSERT, DELETE ON snapshotevententry TO "${runtime_role}";

-- Processors' tokens move on and are claimed and released by instances.
REVOKE ALL ON tokenentry FROM "${runtime_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON tokenentry TO "${runtime_role}";
