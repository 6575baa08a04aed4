-- The statistics' consumer reads each case's last sequence applied from the case's row in statistics_case (its
-- version, moved by every event of the case applied in order) instead of keeping it again in applied_sequence: what it
-- kept there goes. A case's version was left behind where an event the statistics had nothing to do with moved the
-- guard alone; such a version is moved up to the guard first, so that the case's next event is expected where it was.
-- The same is done for a rebuild's copy of the statistics under way, which goes on after the upgrade from its rows.
-- A record parked for either consumer stays parked, and is applied when the records before it arrive.
UPDATE statistics_case SET version = guard.last_sequence
  FROM applied_sequence guard
 WHERE guard.consumer_name = 'projections.statistics' AND guard.aggregate_id = statistics_case.case_id
   AND guard.last_sequence > statistics_case.version;
DELETE FROM applied_sequence WHERE consumer_name = 'projections.statistics';

DO $$
BEGIN
    IF to_regclass('rebuild_projections_statistics.statistics_case') IS NOT NULL THEN
        UPDATE rebuild_projections_statistics.statistics_case copy SET version = guard.last_sequence
          FROM applied_sequence guard
         WHERE guard.consumer_name = 'projections.rebuild.statistics' AND guard.aggregate_id = copy.case_id
           AND guard.last_sequence > copy.version;
    END IF;
END
$$;
DELETE FROM applied_sequence WHERE consumer_name = 'projections.rebuild.statistics';
