-- One row per data subject (a case's person, a testimony giver, a relative). The key is stored only wrapped by a
-- key-encryption key given from outside; erasing removes it and keeps when and why.
CREATE TABLE data_key (
    subject_id     text PRIMARY KEY,
    kek_id         text,
    wrapped_key    bytea,
    created_at     timestamptz NOT NULL DEFAULT now(),
    erased_at      timestamptz,
    erasure_reason text,
    CONSTRAINT key_or_erasure CHECK ((wrapped_key IS NULL) = (erased_at IS NOT NULL)
                                     AND (wrapped_key IS NULL) = (kek_id IS NULL))
);
