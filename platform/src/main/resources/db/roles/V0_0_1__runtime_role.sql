-- The service runs as a role of its own, ${runtime_role}, not as the owner of its tables, who runs these migrations:
-- it may read and write rows, never change a table's shape, truncate it or read Flyway's history. Tables created from
-- here on give it that by default; one that must stay append-only takes back what it must not do (db/axon).
DO $$
BEGIN
    IF '${runtime_role}' = current_user THEN
        RAISE EXCEPTION 'The service must not run as %, the role that owns its tables and runs its migrations: '
                        'give spring.datasource.username a role of its own and spring.flyway.user this one', current_user;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO "${runtime_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${runtime_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO "${runtime_role}";

-- A database upgraded in place already has its tables: they get the same.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${runtime_role}";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "${runtime_role}";
REVOKE ALL ON "${flyway:table}" FROM "${runtime_role}";
