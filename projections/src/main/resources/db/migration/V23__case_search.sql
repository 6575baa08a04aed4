-- Every name recorded for a case's person — the name and each variant, in whatever script — with the key it is
-- searched by (search/NameKey: transliterated by ICU and folded in the service, since PostgreSQL has no
-- transliteration), fed by a consumer of its own (projections.case-search). pg_trgm compares the keys: a trigram index
-- finds the names near a searched one and similarity ranks them. The names are personal data: only a search that
-- answers with the person as the reader's role may see it reads them (casestatus/CaseStatusQueries).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE case_search_name (
    case_id    VARCHAR(64) NOT NULL,
    name       TEXT        NOT NULL,
    search_key TEXT        NOT NULL,
    PRIMARY KEY (case_id, name)
);
CREATE INDEX case_search_name_by_key ON case_search_name USING gin (search_key gin_trgm_ops);
