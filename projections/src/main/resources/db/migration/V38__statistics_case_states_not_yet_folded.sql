-- The cells of the cases' states not yet folded (V36), as the readers sum them with the counts and their changes: said
-- once here rather than in each reader. It names the states' table without a schema, so it reads the table the
-- search path finds: the live model's for the readers, a rebuild's copy for one who reads the copy with its schema
-- first. It is typed by no row of the model's tables, so a rebuild neither copies nor moves it.
CREATE FUNCTION statistics_case_states_unfolded()
    RETURNS TABLE (filter TEXT, value TEXT, breakdown TEXT, key TEXT, label TEXT, cases NUMERIC, disputed BIGINT)
    LANGUAGE sql STABLE AS
$$
SELECT * FROM statistics_case_state_cells((SELECT jsonb_agg(s) FROM statistics_case_change s))
$$;
