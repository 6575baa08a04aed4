-- The gauge of open cases by status (CaseStatusGauges) counts the cases not merged away, every 15 s. Read from the
-- table, that was a scan of every case row, on every core PostgreSQL could give it; the count is read from this index
-- alone, a fraction of the table's size, in status order.
CREATE INDEX case_status_unmerged_by_status ON case_status (status) WHERE merged_into IS NULL;
