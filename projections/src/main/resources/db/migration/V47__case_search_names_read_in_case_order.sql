-- A search reads only the keys it needs (V42), but every name of the last key it reads, since the names of one key
-- rank alike: the name a search is for most often is its best key alone, and on the local stack at 1,116,791 events
-- each generated name is a key of some 850 names, read and ranked whole for a page of 20 and a count up to a hundred.
-- The names of a key are now read in the order of their cases' numbers, the order a search ranks names of one score
-- by, so that it stops after the cases it needs (docs/search.md, "Names read in rank"); a duplicate's names, which
-- find the case they were merged into, in that case's number's order from an index of their own.
CREATE INDEX case_search_name_by_key_and_number ON case_search_name (search_key, case_number)
    INCLUDE (visibility, case_id, merged_into, into_number, into_visibility, into_merged);
CREATE INDEX case_search_name_merged_by_key ON case_search_name (search_key, into_number)
    INCLUDE (visibility, case_number, merged_into, into_visibility, into_merged)
    WHERE into_number IS NOT NULL;
DROP INDEX case_search_name_by_search_key_covering;
