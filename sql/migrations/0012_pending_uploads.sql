-- 0012_pending_uploads.sql: uploads that passed their checks on a form that was refused
-- for another reason, so the examinee need not choose the files again (issue 17).
-- A row is bound to the browser that sent it: `binding` is the SHA-256 of the session id
-- hash, or of the pre-login cookie on /register/new (never the cookie itself, so a dump
-- cannot be replayed). One row per form and field; rows expire after an hour and
-- `zikao-ctl purge-sessions` deletes them. Like the photos table, the data is the checked
-- content only: photos re-encoded (no metadata), archives as inspected.
CREATE TABLE pending_uploads (
    binding       bytea NOT NULL CHECK (length(binding) = 32),
    form          text NOT NULL CHECK (form IN ('register_new', 'oldplan')),
    field         text NOT NULL CHECK (field IN ('portrait', 'id_front', 'id_in_hand', 'archive')),
    file_name     text NOT NULL DEFAULT '',
    content_type  text NOT NULL,
    sha256        bytea NOT NULL CHECK (length(sha256) = 32),
    data          bytea NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    PRIMARY KEY (binding, form, field)
);
CREATE INDEX pending_uploads_expires ON pending_uploads (expires_at);
