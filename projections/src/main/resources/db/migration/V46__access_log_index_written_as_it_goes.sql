-- Every read that shows a person writes an access log entry, and the index of its case ids took each entry into a
-- pending list first (GIN's fastupdate), which the write that found the list full (4 MB) merged into the index itself:
-- one read in some tens of thousands waited 200 to 350 ms for it. Each entry now goes into the index as it is written,
-- a few microseconds more a write; what was pending goes in now.
ALTER INDEX access_log_by_case SET (fastupdate = off);
SELECT gin_clean_pending_list('access_log_by_case');
