-- A search compared the searched key with every name's key the trigram index handed over, one name at a time, though
-- many people share a name: on a ledger of 29,000 generated people, 58,000 names had 1,011 keys among them, and a
-- common name had the index hand over 1,878 names. Each key is now kept once, with how many names hold it, and indexed
-- for trigrams there; a search compares the keys, then reads the names of those found by their key
-- (search/NameSearch). What is found and its score depend on the key alone, so a search finds what it found before
-- (docs/search.md, "Each key compared once").
--
-- The count is kept by a trigger on the names, so that a key leaves with the last name that held it: an erased
-- person's name leaves no key behind (that another person's name holds the same key is that person's). Two writers
-- of one key take turns on its row, so the last name's leaving and another's coming cannot both miss the other.
CREATE TABLE case_search_key (
    search_key TEXT    PRIMARY KEY,
    names      INTEGER NOT NULL
);

INSERT INTO case_search_key (search_key, names)
SELECT search_key, count(*) FROM case_search_name GROUP BY search_key;

CREATE INDEX case_search_key_by_trigrams ON case_search_key USING gin (search_key gin_trgm_ops);
CREATE INDEX case_search_name_by_search_key ON case_search_name (search_key);
DROP INDEX case_search_name_by_key;

CREATE FUNCTION case_search_keys_counted() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE case_search_key SET names = names - 1 WHERE search_key = OLD.search_key;
        DELETE FROM case_search_key WHERE search_key = OLD.search_key AND names = 0;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO case_search_key (search_key, names) VALUES (NEW.search_key, 1)
            ON CONFLICT (search_key) DO UPDATE SET names = case_search_key.names + 1;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_search_keys_counted AFTER INSERT OR DELETE ON case_search_name
    FOR EACH ROW EXECUTE FUNCTION case_search_keys_counted();
CREATE TRIGGER case_search_keys_counted_updated AFTER UPDATE OF search_key ON case_search_name
    FOR EACH ROW WHEN (OLD.search_key IS DISTINCT FROM NEW.search_key) EXECUTE FUNCTION case_search_keys_counted();

CREATE FUNCTION case_search_keys_cleared() RETURNS TRIGGER LANGUAGE plpgsql AS
$$
BEGIN
    TRUNCATE case_search_key;
    RETURN NULL;
END
$$;

CREATE TRIGGER case_search_keys_cleared AFTER TRUNCATE ON case_search_name
    FOR EACH STATEMENT EXECUTE FUNCTION case_search_keys_cleared();
