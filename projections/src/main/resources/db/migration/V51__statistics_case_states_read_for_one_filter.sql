-- A reader of the statistics sums the counts, their changes and the cells of the cases' states not yet folded (V38).
-- statistics_case_states_unfolded() worked out every cell of those states, the unfiltered ones and those of every
-- filter value, and the reader kept the unfiltered ones or one filter's: under an import, with a second's states
-- waiting for the fold, that was most of the time of an answer. With 2,000 states (1,000 cases changed in a
-- transaction rolled back, at 1,173,580 cases) it took 189 ms, where the unfiltered cells alone took 62 ms and one
-- filter's 77 ms. So a reader now names what it reads: no filter (NULL) for the unfiltered cells, a filter's name for
-- that filter's. The states are netted out as the fold nets them (V36). The functions that work the cells out are
-- strict, as V40 made the fold's, so that with no states they are neither called nor planned; the netted states are
-- MATERIALIZED, so that each state's row is made once, not once for every column a cell reads of it. The function of
-- every cell stays for whoever wants them all.
CREATE FUNCTION statistics_case_unfiltered_state_cells(states JSONB)
    RETURNS TABLE (breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE STRICT AS
$$
WITH netted AS MATERIALIZED (
    SELECT jsonb_populate_record(NULL::statistics_case, s.state - 'sign') AS c,
           sum(CAST(s.state ->> 'sign' AS INTEGER)) AS net
      FROM jsonb_array_elements(states) AS s (state)
     GROUP BY s.state - 'sign'
    HAVING sum(CAST(s.state ->> 'sign' AS INTEGER)) <> 0)
SELECT x.breakdown, x.key, x.label, sum(n.net * x.cases), sum(n.net * x.disputed)
  FROM netted n
 CROSS JOIN LATERAL statistics_case_cells(n.c) x
 GROUP BY x.breakdown, x.key, x.label
HAVING sum(n.net * x.cases) <> 0 OR sum(n.net * x.disputed) <> 0
$$;

CREATE FUNCTION statistics_case_filter_state_cells(states JSONB, of_filter TEXT)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE STRICT AS
$$
WITH netted AS MATERIALIZED (
    SELECT jsonb_populate_record(NULL::statistics_case, s.state - 'sign') AS c,
           sum(CAST(s.state ->> 'sign' AS INTEGER)) AS net
      FROM jsonb_array_elements(states) AS s (state)
     GROUP BY s.state - 'sign'
    HAVING sum(CAST(s.state ->> 'sign' AS INTEGER)) <> 0)
SELECT x.filter, x.value, x.breakdown, x.key, x.label, sum(n.net * x.cases), sum(n.net * x.disputed)
  FROM netted n
 CROSS JOIN LATERAL statistics_filter_case_cells(n.c) x
 WHERE x.filter = of_filter
 GROUP BY x.filter, x.value, x.breakdown, x.key, x.label
HAVING sum(n.net * x.cases) <> 0 OR sum(n.net * x.disputed) <> 0
$$;

CREATE FUNCTION statistics_case_states_unfolded(of_filter TEXT)
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE AS
$$
SELECT NULL, NULL, u.breakdown, u.key, u.label, u.cases, u.disputed
  FROM statistics_case_unfiltered_state_cells((SELECT jsonb_agg(s) FROM statistics_case_change s)) u
 WHERE of_filter IS NULL
UNION ALL
SELECT * FROM statistics_case_filter_state_cells((SELECT jsonb_agg(s) FROM statistics_case_change s), of_filter)
$$;
