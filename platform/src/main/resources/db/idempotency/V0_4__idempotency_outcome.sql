-- A retry is answered from what the first request recorded (its events and its handlers' answers), no longer from
-- a stored HTTP response: the service renders the same answer from the same request and outcome.
--
-- Keys used before this version keep their rows, so that their requests are still not recorded twice; having no
-- outcome, a retry with one of them is refused rather than answered.
ALTER TABLE idempotency_record
    ADD COLUMN outcome TEXT,
    DROP COLUMN status,
    DROP COLUMN location,
    DROP COLUMN etag,
    DROP COLUMN body;
