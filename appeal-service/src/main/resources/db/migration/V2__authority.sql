-- The authority register, kept from AuthorityRegistered events in the transaction that stores them.
CREATE TABLE authority (
    authority_id           VARCHAR(64)  PRIMARY KEY,
    name                   TEXT         NOT NULL,
    kind                   VARCHAR(30)  NOT NULL,
    country                CHAR(2),
    expected_response_days INTEGER      NOT NULL CHECK (expected_response_days > 0)
);
