-- A search reads the names of the keys it found by their key (V42), and with a common key that is thousands of names,
-- each on a page of its own in the table, since names are stored as their cases are opened: on the local stack at
-- 1,003,052 events (518,960 names, 1,011 keys) one search of a generated name read 5,925 names from 5,639 of the
-- table's pages, 16 of the statement's 26 ms. The index of the names' keys now holds what a search reads of a name
-- besides its key, so that the search reads the names from the index alone (an index-only scan, 123 pages, 4 ms),
-- where the table's pages are marked all-visible, as vacuuming marks them (docs/search.md, "Names read from their
-- index"). The index serves every lookup by key the one it replaces did.
--
-- Columns an index holds are ones an update cannot change in place (a HOT update), and every name used to be updated
-- once right after it was stored, to take its case's number and visibility: the search's consumer now stores a name
-- with them, and updates a name only where its case's values differ from those it holds (search/CaseSearchProjection).
CREATE INDEX case_search_name_by_search_key_covering ON case_search_name (search_key)
    INCLUDE (visibility, case_number, case_id, merged_into, into_number, into_visibility, into_merged);
DROP INDEX case_search_name_by_search_key;
