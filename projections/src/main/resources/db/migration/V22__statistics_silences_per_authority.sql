-- The longest silence of an authority needs only the earliest day one of its unanswered, open appeals was filed, and
-- the partial index below finds that day for each authority in a few page reads. Counting the silences by the day
-- filed, as V21 did, kept a count per authority and day: most of the appeal counts, and many of them fallen to zero,
-- which the unfiltered answer read every time. Now the silences are counted per authority only (appeal:silent without
-- a label), and the reader takes the earliest day from appeal itself, in the same statement as the counts.
CREATE OR REPLACE FUNCTION statistics_appeal_cells(a appeal)
    RETURNS TABLE (breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql IMMUTABLE AS
$$
SELECT v.breakdown, v.key, v.label, 1::NUMERIC, 0::BIGINT
  FROM (VALUES ('appeal:filed', a.authority_id::TEXT, NULL::TEXT, TRUE),
               ('appeal:answered', a.authority_id, NULL, a.first_response_on IS NOT NULL),
               ('appeal:days', a.authority_id, (a.first_response_on - a.filed_on)::TEXT, a.first_response_on IS NOT NULL),
               ('appeal:overdue', a.authority_id, NULL,
                a.overdue AND a.first_response_on IS NULL AND a.closed_on IS NULL),
               ('appeal:silent', a.authority_id, NULL, a.first_response_on IS NULL AND a.closed_on IS NULL),
               ('appeal:response', a.first_response_type, NULL, a.first_response_type IS NOT NULL)
       ) AS v (breakdown, key, label, counted)
 WHERE v.counted
$$;

CREATE INDEX appeal_silent_by_authority ON appeal (authority_id, filed_on)
    WHERE first_response_on IS NULL AND closed_on IS NULL;

-- The silences on record counted anew, once, per authority.
DELETE FROM statistics_count WHERE breakdown = 'appeal:silent';
DELETE FROM statistics_count_change WHERE breakdown = 'appeal:silent';
INSERT INTO statistics_count (breakdown, key, label, cases, disputed)
SELECT 'appeal:silent', a.authority_id, NULL, count(*), 0
  FROM appeal a
  JOIN statistics_case c ON c.case_id = a.case_id AND c.merged_into IS NULL
 WHERE a.first_response_on IS NULL AND a.closed_on IS NULL
 GROUP BY a.authority_id;

-- A count fallen to zero counts nothing; folding now deletes such counts (StatisticsCounts), and these go now.
DELETE FROM statistics_count WHERE cases = 0 AND disputed = 0;
