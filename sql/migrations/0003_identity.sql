-- 0003_identity.sql: registration photos, identity verification (ACC-3..ACC-5) and the
-- staff audit log (REV-3).

-- Photos live in the database so they commit or roll back with the row that uses them,
-- reach every application host, and are never under a web root. `data` is the
-- re-encoded JPEG (no metadata); `sha256` is of the bytes the examinee uploaded, to
-- notice the same picture on two accounts.
CREATE TABLE photos (
    id            bigserial PRIMARY KEY,
    examinee_id   bigint NOT NULL REFERENCES examinees (id),
    kind          text NOT NULL CHECK (kind IN ('portrait', 'id_front', 'id_in_hand', 'graduation')),
    content_type  text NOT NULL CHECK (content_type = 'image/jpeg'),
    width         integer NOT NULL CHECK (width > 0),
    height        integer NOT NULL CHECK (height > 0),
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX photos_sha256 ON photos (sha256);
CREATE INDEX photos_examinee ON photos (examinee_id);

-- One row per submission of 三照 (path 'new') or 两照 ('enrolled' sets the first password,
-- 'reset' replaces a forgotten one). The automatic verifier's outcome is kept beside the
-- final decision; at most one submission per examinee is open at a time.
CREATE TABLE identity_verifications (
    id                     bigserial PRIMARY KEY,
    examinee_id            bigint NOT NULL REFERENCES examinees (id),
    path                   text NOT NULL CHECK (path IN ('new', 'enrolled', 'reset')),
    status                 text NOT NULL CHECK (status IN ('manual', 'approved', 'refused', 'superseded')),
    portrait_photo_id      bigint REFERENCES photos (id),
    id_front_photo_id      bigint NOT NULL REFERENCES photos (id),
    id_in_hand_photo_id    bigint NOT NULL REFERENCES photos (id),
    -- For 'reset': the new password takes effect only when the identity is confirmed.
    pending_password_hash  text,
    verifier               text NOT NULL,
    verifier_outcome       text NOT NULL CHECK (verifier_outcome IN ('pass', 'fail', 'manual')),
    verifier_reason        text,
    decided_by             bigint REFERENCES staff (id),
    decided_at             timestamptz,
    refusal_reason         text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    CHECK (path <> 'new' OR portrait_photo_id IS NOT NULL),
    CHECK (status <> 'refused' OR refusal_reason IS NOT NULL)
);
CREATE UNIQUE INDEX identity_verifications_one_open ON identity_verifications (examinee_id) WHERE status = 'manual';
CREATE INDEX identity_verifications_queue ON identity_verifications (status, created_at);

-- How an examinee record came to exist: imported from the exam system (在籍考生) or
-- self-registered (新考生).
ALTER TABLE examinees ADD COLUMN origin text NOT NULL DEFAULT 'imported' CHECK (origin IN ('imported', 'registered'));

-- Append-only, tamper-evident log of staff actions: each row's hash covers its content
-- and the previous row's hash, so an edited or deleted row breaks the chain. UPDATE and
-- DELETE are refused outright.
CREATE TABLE staff_audit_log (
    id          bigserial PRIMARY KEY,
    staff_id    bigint NOT NULL REFERENCES staff (id),
    action      text NOT NULL,
    subject     text NOT NULL,
    before      jsonb,
    after       jsonb,
    at          timestamptz NOT NULL DEFAULT now(),
    prev_hash   bytea NOT NULL,
    hash        bytea NOT NULL UNIQUE
);

CREATE FUNCTION staff_audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous bytea;
BEGIN
    -- One writer at a time, so two concurrent actions cannot both chain to the same row.
    PERFORM pg_advisory_xact_lock(2025110102);
    SELECT hash INTO previous FROM staff_audit_log ORDER BY id DESC LIMIT 1;
    NEW.prev_hash := COALESCE(previous, '\x'::bytea);
    NEW.at := now();
    NEW.hash := sha256(NEW.prev_hash || convert_to(
        concat_ws(E'\x1f', NEW.staff_id::text, NEW.action, NEW.subject,
                  COALESCE(NEW.before::text, ''), COALESCE(NEW.after::text, ''),
                  to_char(NEW.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US')), 'UTF8'));
    RETURN NEW;
END $$;

CREATE TRIGGER staff_audit_log_chain BEFORE INSERT ON staff_audit_log
    FOR EACH ROW EXECUTE FUNCTION staff_audit_log_chain();

CREATE FUNCTION staff_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'staff_audit_log is append-only';
END $$;

CREATE TRIGGER staff_audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON staff_audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION staff_audit_log_append_only();
