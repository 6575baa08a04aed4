-- The case status's and the timeline's consumers read each case's last sequence applied from the case's row (its
-- version, moved by every event of the case applied in order) instead of keeping it again in applied_sequence: what
-- they kept there goes. A record parked for either stays parked, and is applied when the records before it arrive.
DELETE FROM applied_sequence WHERE consumer_name IN ('projections.case-status', 'projections.timeline');
