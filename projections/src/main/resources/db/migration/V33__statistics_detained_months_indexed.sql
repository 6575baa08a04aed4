-- The counts of a detention period of whole months (V32: filter 'detained', value 'YYYY-MM..YYYY-MM', the months the
-- first detention may have begun and ended in) are found by their months. Without this index the reader's condition
-- on the months, split_part(value, '..', 1) COLLATE "C" >= :from and split_part(value, '..', 2) COLLATE "C" <= :to,
-- fits no index and the planner scanned every count of every filter (171,509 at 135,000 cases) to keep the detained
-- ones within the period. Along this index the reader takes only the detained counts whose first month lies in the
-- period (a detention that ends by the period's last month begins by it too, so the reader bounds the first month by
-- both edges) and checks the last month in the index before it reads a row. The months are compared byte by byte
-- ("C"), as 'YYYY-MM' sorts so whatever the database's collation; the index is partial, so no other filter's counts
-- are written to it.
CREATE INDEX statistics_filter_count_detained_months ON statistics_filter_count
    ((split_part(value, '..', 1)) COLLATE "C", (split_part(value, '..', 2)) COLLATE "C")
    WHERE filter = 'detained';
