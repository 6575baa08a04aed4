-- A single row: the last citable case number issued. Updated only inside the transaction that opens a case.
CREATE TABLE case_number_counter (
    id          SMALLINT PRIMARY KEY CHECK (id = 1),
    last_issued BIGINT   NOT NULL
);
INSERT INTO case_number_counter (id, last_issued) VALUES (1, 0);
