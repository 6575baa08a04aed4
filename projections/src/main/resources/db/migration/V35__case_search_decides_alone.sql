-- A search cuts its page from the search model alone: each name's row repeats what decides whether its case is found
-- and where it ranks (the case's number, its visibility as stated, the case it was merged into) and, for a duplicate's
-- name, the same of the case it was merged into (number, visibility, whether that case was merged away in turn). The
-- case status is then read only for the page's cases, not three times for every case a name finds. The search's
-- consumer keeps these from the events it reads (search/CaseSearchProjection), one row per case in case_search_case,
-- since a case merged into may have no name and may be seen after its duplicate (its row then has no number until
-- its opening is read).
CREATE TABLE case_search_case (
    case_id     VARCHAR(64) PRIMARY KEY,
    case_number BIGINT,
    visibility  VARCHAR(20),
    merged_into VARCHAR(64)
);
CREATE INDEX case_search_case_by_number ON case_search_case (case_number);

ALTER TABLE case_search_name
    ADD COLUMN case_number     BIGINT,
    ADD COLUMN visibility      VARCHAR(20),
    ADD COLUMN merged_into     VARCHAR(64),
    ADD COLUMN into_number     BIGINT,
    ADD COLUMN into_visibility VARCHAR(20),
    ADD COLUMN into_merged     BOOLEAN NOT NULL DEFAULT FALSE;
CREATE INDEX case_search_name_merged_into ON case_search_name (merged_into) WHERE merged_into IS NOT NULL;

-- The names kept so far take these from the case status once; a rebuild of the search takes them from the events.
INSERT INTO case_search_case (case_id, case_number, visibility, merged_into)
SELECT case_id, case_number, visibility, merged_into FROM case_status;

UPDATE case_search_name n
   SET case_number     = c.case_number,
       visibility      = c.visibility,
       merged_into     = c.merged_into,
       into_number     = t.case_number,
       into_visibility = t.visibility,
       into_merged     = t.merged_into IS NOT NULL
  FROM case_search_case c
  LEFT JOIN case_search_case t ON t.case_id = c.merged_into
 WHERE c.case_id = n.case_id;

-- That is the case status's view at this moment, not the events': where its consumer was behind the search's, a name
-- keeps an older visibility, and a case whose opening only the search had read keeps no number, so nothing finds it,
-- and the search's consumer, past those events, never reads them again. So a search model that held names is also
-- rebuilt from the events, beside the live one, on the service's next start (read_model_rebuild, V27: a rebuild on
-- record without its copy starts again). A copy begun before this version has the old shape and is dropped for that.
DROP SCHEMA IF EXISTS rebuild_projections_case_search CASCADE;

INSERT INTO read_model_rebuild (read_model, building_in, retired_into, state, requested_by, started_at)
SELECT 'projections.case-search', 'rebuild_projections_case_search', 'retired_projections_case_search', 'BUILDING',
       'V35__case_search_decides_alone', now()
 WHERE EXISTS (SELECT 1 FROM case_search_name)
    ON CONFLICT (read_model) DO UPDATE SET state = 'BUILDING', requested_by = EXCLUDED.requested_by,
                                           started_at = EXCLUDED.started_at, switched_at = NULL;
