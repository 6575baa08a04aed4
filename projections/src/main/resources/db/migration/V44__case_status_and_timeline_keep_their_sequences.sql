-- The case status's and the timeline's consumers read each case's last sequence applied from the case's row (its
-- version, moved by every event of the case applied in order) instead of keeping it again in applied_sequence: what
-- they kept there goes. A case's version was left behind where an event of a type the consumer did not know moved the
-- guard alone; such a version is moved up to the guard first, so that the case's next event is expected where it was.
-- A record parked for either consumer stays parked, and is applied when the records before it arrive.
UPDATE case_status SET version = guard.last_sequence
  FROM applied_sequence guard
 WHERE guard.consumer_name = 'projections.case-status' AND guard.aggregate_id = case_status.case_id
   AND guard.last_sequence > case_status.version;
UPDATE timeline_case SET version = guard.last_sequence
  FROM applied_sequence guard
 WHERE guard.consumer_name = 'projections.timeline' AND guard.aggregate_id = timeline_case.case_id
   AND guard.last_sequence > timeline_case.version;
DELETE FROM applied_sequence WHERE consumer_name IN ('projections.case-status', 'projections.timeline');
