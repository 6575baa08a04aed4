-- Who wants to hear of what, and where. A subscription is never deleted: DELETE marks it, so that its deliveries
-- stay explainable. case_id NULL means every case; events holds the kinds asked for.
CREATE TABLE subscription (
    subscription_id       VARCHAR(64)  PRIMARY KEY,
    channel               VARCHAR(10)  NOT NULL CHECK (channel IN ('WEBHOOK', 'EMAIL')),
    url                   TEXT,
    address               TEXT,
    case_id               VARCHAR(64),
    events                TEXT[]       NOT NULL CHECK (cardinality(events) > 0),
    include_personal_data BOOLEAN      NOT NULL,
    state                 VARCHAR(10)  NOT NULL CHECK (state IN ('ACTIVE', 'DISABLED', 'DELETED')),
    state_reason          TEXT,
    created_at            TIMESTAMPTZ  NOT NULL,
    created_by            TEXT         NOT NULL,
    CHECK ((channel = 'WEBHOOK') = (url IS NOT NULL)),
    CHECK ((channel = 'EMAIL') = (address IS NOT NULL))
);
CREATE INDEX subscription_active_by_case ON subscription (case_id) WHERE state = 'ACTIVE';

-- Signing secrets of webhook subscriptions. The newest has no expiry; a rotated one signs alongside it until
-- expires_at, so that a receiver can switch secrets without losing a message.
CREATE TABLE subscription_secret (
    subscription_id VARCHAR(64) NOT NULL REFERENCES subscription,
    secret          TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ,
    PRIMARY KEY (subscription_id, created_at)
);

-- The few facts the service keeps from the topics, each guarded by its aggregate's event sequence.
CREATE TABLE known_case (
    case_id         VARCHAR(64) PRIMARY KEY,
    case_number     BIGINT      NOT NULL,
    status          VARCHAR(20),
    status_sequence BIGINT,
    visibility      VARCHAR(20),
    merged_into     VARCHAR(64),
    version         BIGINT      NOT NULL
);
CREATE INDEX known_case_merged_into ON known_case (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE known_appeal (
    appeal_id    VARCHAR(64) PRIMARY KEY,
    case_id      VARCHAR(64) NOT NULL,
    authority_id VARCHAR(64) NOT NULL,
    version      BIGINT      NOT NULL
);

CREATE TABLE known_authority (
    authority_id VARCHAR(64) PRIMARY KEY,
    name         TEXT        NOT NULL
);

-- The only personal data this service holds: the names of people whose cases a subscription that includes
-- personal data covers, and only while one does.
CREATE TABLE person_name (
    case_id       VARCHAR(64) PRIMARY KEY,
    name          TEXT,
    name_variants JSONB       NOT NULL DEFAULT '[]'
);

-- One delivery per subscription and event: the unique constraint is what keeps a replay of the topics, or an event
-- published twice, from notifying anyone twice. delivery_id is the webhook-id and the CloudEvent id.
CREATE TABLE delivery (
    delivery_id     VARCHAR(64)  PRIMARY KEY,
    subscription_id VARCHAR(64)  NOT NULL REFERENCES subscription,
    event_id        TEXT         NOT NULL,
    kind            VARCHAR(20)  NOT NULL,
    case_id         VARCHAR(64)  NOT NULL,
    event_time      TIMESTAMPTZ  NOT NULL,
    facts           JSON         NOT NULL,
    status          VARCHAR(10)  NOT NULL CHECK (status IN ('PENDING', 'DELIVERED', 'DEAD', 'CANCELLED')),
    attempts        INTEGER      NOT NULL DEFAULT 0,
    schedule_step   INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ,
    created_at      TIMESTAMPTZ  NOT NULL,
    finished_at     TIMESTAMPTZ,
    status_reason   TEXT,
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX delivery_by_status ON delivery (status, created_at);
CREATE INDEX delivery_by_event ON delivery (event_id);

-- Every attempt and what the receiver answered.
CREATE TABLE delivery_attempt (
    delivery_id  VARCHAR(64) NOT NULL REFERENCES delivery,
    attempt      INTEGER     NOT NULL,
    attempted_at TIMESTAMPTZ NOT NULL,
    duration_ms  BIGINT      NOT NULL,
    outcome      VARCHAR(10) NOT NULL CHECK (outcome IN ('DELIVERED', 'FAILED', 'GONE')),
    status_code  INTEGER,
    answer       TEXT,
    PRIMARY KEY (delivery_id, attempt)
);

-- db-scheduler's table, in the shape its JdbcTaskRepository reads and writes: every pending delivery waits here
-- for its next attempt.
CREATE TABLE scheduled_tasks (
    task_name            TEXT                     NOT NULL,
    task_instance        TEXT                     NOT NULL,
    task_data            BYTEA,
    execution_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    picked               BOOLEAN                  NOT NULL,
    picked_by            TEXT,
    last_success         TIMESTAMP WITH TIME ZONE,
    last_failure         TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER,
    last_heartbeat       TIMESTAMP WITH TIME ZONE,
    version              BIGINT                   NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time ON scheduled_tasks (priority DESC, execution_time ASC);
