-- A rebuild made its copy's tables with CREATE TABLE … (LIKE … INCLUDING ALL), which names the indexes it copies after
-- their columns, and switched the copy in under those names, until the rebuild came to give each copied index the name
-- of the live one it copies (RebuildTables). A database rebuilt before that keeps names such as
-- case_history_case_id_recorded_at_idx where V20 made case_history_by_recording, and every later rebuild keeps them
-- too; a migration that drops or alters an index by its name would fail there. So each index the migrations named on
-- a table a rebuild switches takes that name again: found on its table by what it is made of (its definition after
-- USING, as pg_get_indexdef gives it), unless an index of that name is there already, or it holds another name of this
-- list. A constraint the index backs takes the name with it. On a database never rebuilt it changes nothing.
DO
$$
DECLARE
    wanted RECORD;
    named  TEXT;
BEGIN
    CREATE TEMPORARY TABLE migrated_index (table_name TEXT, index_name TEXT, made_of TEXT) ON COMMIT DROP;
    INSERT INTO migrated_index (table_name, index_name, made_of)
    VALUES
        ('appeal', 'appeal_by_authority',
         'btree (authority_id)'),
        ('appeal', 'appeal_by_case',
         'btree (case_id, filed_on)'),
        ('appeal', 'appeal_silent_by_authority',
         'btree (authority_id, filed_on) WHERE ((first_response_on IS NULL) AND (closed_on IS NULL))'),
        ('appeal_history', 'appeal_history_by_case',
         'btree (case_id)'),
        ('appeal_history', 'appeal_history_in_ledger_order',
         'btree (recorded_at, case_id, appeal_id, sequence)'),
        ('case_history', 'case_history_by_recording',
         'btree (case_id, recorded_at)'),
        ('case_history', 'case_history_visibility_changes',
         'btree (case_id, sequence DESC) WHERE ((type)::text = ''CaseVisibilityChanged''::text)'),
        ('case_history', 'case_history_in_ledger_order',
         'btree (recorded_at, case_id, sequence)'),
        ('case_search_case', 'case_search_case_by_number',
         'btree (case_number)'),
        ('case_search_key', 'case_search_key_by_trigrams',
         'gin (search_key gin_trgm_ops)'),
        ('case_search_name', 'case_search_name_by_key_and_number',
         'btree (search_key, case_number) INCLUDE (visibility, case_id, merged_into, into_number, '
            || 'into_visibility, into_merged)'),
        ('case_search_name', 'case_search_name_merged_by_key',
         'btree (search_key, into_number) INCLUDE (visibility, case_number, merged_into, into_visibility, '
            || 'into_merged) WHERE (into_number IS NOT NULL)'),
        ('case_search_name', 'case_search_name_merged_into',
         'btree (merged_into) WHERE (merged_into IS NOT NULL)'),
        ('case_status', 'case_status_by_status',
         'btree (status, case_number)'),
        ('case_status', 'case_status_unmerged_by_status',
         'btree (status) WHERE (merged_into IS NULL)'),
        ('statistics_appeal', 'statistics_appeal_by_case',
         'btree (case_id)'),
        ('statistics_appeal', 'statistics_appeal_by_county',
         'btree (county) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_ethnicity',
         'btree (ethnicity) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_facility',
         'btree (facility_id) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_first_detention',
         'btree (first_detention_start, first_detention_end) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_gender',
         'btree (gender) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_hometown',
         'btree (prefecture, county) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_by_status',
         'btree (status) WHERE counted'),
        ('statistics_appeal', 'statistics_appeal_silent_by_authority',
         'btree (authority_id, filed_on) WHERE (counted AND (first_response_on IS NULL) AND (closed_on IS '
            || 'NULL))'),
        ('statistics_appeal_version', 'statistics_appeal_version_by_moment',
         'btree (recorded_from)'),
        ('statistics_appeal_version', 'statistics_appeal_version_open',
         'btree (appeal_id) WHERE (recorded_until IS NULL)'),
        ('statistics_case', 'statistics_case_by_county',
         'btree (county) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_ethnicity',
         'btree (ethnicity) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_facility',
         'btree (facility_id) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_first_detention',
         'btree (first_detention_start, first_detention_end) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_gender',
         'btree (gender) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_hometown',
         'btree (prefecture, county) WHERE (merged_into IS NULL)'),
        ('statistics_case', 'statistics_case_by_status',
         'btree (status) WHERE (merged_into IS NULL)'),
        ('statistics_case_version', 'statistics_case_version_by_moment',
         'btree (recorded_from)'),
        ('statistics_case_version', 'statistics_case_version_open',
         'btree (case_id) WHERE (recorded_until IS NULL)'),
        ('statistics_count', 'statistics_count_cell',
         'btree (breakdown, key, label) NULLS NOT DISTINCT'),
        ('statistics_fact', 'statistics_fact_by_county',
         'btree (county) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact', 'statistics_fact_by_ethnicity',
         'btree (ethnicity) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact', 'statistics_fact_by_facility',
         'btree (facility_id) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact', 'statistics_fact_by_first_detention',
         'btree (first_detention_start, first_detention_end) WHERE (counted AND credible AND (NOT '
            || 'retracted))'),
        ('statistics_fact', 'statistics_fact_by_gender',
         'btree (gender) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact', 'statistics_fact_by_hometown',
         'btree (prefecture, county) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact', 'statistics_fact_by_kind',
         'btree (kind, fact_year, fact_month)'),
        ('statistics_fact', 'statistics_fact_by_status',
         'btree (status) WHERE (counted AND credible AND (NOT retracted))'),
        ('statistics_fact_version', 'statistics_fact_version_by_case',
         'btree (case_id, recorded_from)'),
        ('statistics_fact_version', 'statistics_fact_version_open',
         'btree (case_id, event_id) WHERE (recorded_until IS NULL)'),
        ('statistics_filter_count', 'statistics_filter_count_cell',
         'btree (filter, value, breakdown, key, label) NULLS NOT DISTINCT'),
        ('statistics_filter_count', 'statistics_filter_count_detained_months',
         'btree (split_part(value, ''..''::text, 1) COLLATE "C", split_part(value, ''..''::text, 2) COLLATE '
            || '"C") WHERE ((filter)::text = ''detained''::text)')
    ;
    FOR wanted IN SELECT * FROM migrated_index ORDER BY table_name, index_name
    LOOP
        CONTINUE WHEN EXISTS (SELECT 1 FROM pg_indexes i
                               WHERE i.schemaname = current_schema() AND i.indexname = wanted.index_name);
        SELECT i.indexname INTO named
          FROM pg_indexes i
         WHERE i.schemaname = current_schema()
           AND i.tablename = wanted.table_name
           AND regexp_replace(i.indexdef, '^CREATE (UNIQUE )?INDEX \S+ ON \S+ USING ', '') = wanted.made_of
           AND i.indexname NOT IN (SELECT index_name FROM migrated_index)
         ORDER BY i.indexname
         LIMIT 1;
        IF named IS NOT NULL THEN
            EXECUTE format('ALTER INDEX %I.%I RENAME TO %I', current_schema(), named, wanted.index_name);
        END IF;
    END LOOP;
END
$$;
