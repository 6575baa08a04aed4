-- What was sent and what the receiver answered stays on the record: the service adds attempts and reads them, and
-- cannot change or remove one, so the attempt log shown to an operator is the one that happened.
REVOKE UPDATE, DELETE ON delivery_attempt FROM "${runtime_role}";

-- A subscription and a delivery end by their state (DELETED, DISABLED; DELIVERED, DEAD, CANCELLED), never by going
-- away, so that every notice sent can be traced to who asked for it.
REVOKE DELETE ON subscription, delivery FROM "${runtime_role}";
