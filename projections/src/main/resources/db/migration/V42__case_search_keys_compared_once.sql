-- A search compared the searched key with every name's key the trigram index handed over, one name at a time, though
-- many people share a name: on a ledger of 29,000 generated people, 58,000 names had 1,011 keys among them, and a
-- common name had the index hand over 1,878 names. Each key is now kept once, with how many names hold it, and indexed
-- for trigrams there; a search compares the keys, then reads the names of those found by their key
-- (search/NameSearch). What is found and its score depend on the key alone, so a search finds what it found before
-- (docs/search.md, "Each key compared once").
--
-- The search's consumer keeps the count as it keeps and erases names, so that a key leaves with the last name that
-- held it: an erased person's name leaves no key behind (that another person's name holds the same key is that
-- person's). It writes a transaction's counts as it commits, in the keys' order (search/CaseSearchProjection).
CREATE TABLE case_search_key (
    search_key TEXT    PRIMARY KEY,
    names      INTEGER NOT NULL
);

INSERT INTO case_search_key (search_key, names)
SELECT search_key, count(*) FROM case_search_name GROUP BY search_key;

CREATE INDEX case_search_key_by_trigrams ON case_search_key USING gin (search_key gin_trgm_ops);
CREATE INDEX case_search_name_by_search_key ON case_search_name (search_key);
DROP INDEX case_search_name_by_key;
