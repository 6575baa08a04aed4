-- The events export redacts each line by its case's visibility now, its last CaseVisibilityChanged: this index holds
-- those events alone, a few among the history's millions, so that finding them reads the index instead of the whole
-- history at every export, however narrow its window.
CREATE INDEX case_history_visibility_changes ON case_history (case_id, sequence DESC)
    WHERE type = 'CaseVisibilityChanged';
