-- 0006_recovery.sql: account recovery that cannot be taken over (ACC-7), failed logins
-- that slow the attacker rather than lock the owner out (ACC-8), limits on the identity
-- look-ups that answer "registered?" and "does this name match?", and the outbox of
-- messages to examinees (SMS and e-mail).

-- A forgotten-password request ('reset') waits in status 'manual' until a clerk decides.
-- The owner can end it first: by the one-time link sent to the registered phone and
-- e-mail ('link'), or by logging in with the old password ('login'): status 'cancelled'.
ALTER TABLE identity_verifications DROP CONSTRAINT identity_verifications_status_check;
ALTER TABLE identity_verifications ADD CONSTRAINT identity_verifications_status_check
    CHECK (status IN ('manual', 'approved', 'refused', 'superseded', 'cancelled'));
ALTER TABLE identity_verifications
    -- SHA-256 of the cancel link's token; only for 'reset'.
    ADD COLUMN cancel_token_hash bytea CHECK (cancel_token_hash IS NULL OR length(cancel_token_hash) = 32),
    ADD COLUMN cancelled_at timestamptz,
    ADD COLUMN cancelled_by text CHECK (cancelled_by IN ('link', 'login')),
    ADD CONSTRAINT identity_verifications_cancel_only_reset CHECK (cancel_token_hash IS NULL OR path = 'reset'),
    ADD CONSTRAINT identity_verifications_cancelled_how CHECK ((status = 'cancelled') = (cancelled_by IS NOT NULL));

-- Failed logins: consecutive failures and when the last one happened. The delay they
-- impose is computed from both (common/throttle.hpp); there is no lock any more.
ALTER TABLE examinees ADD COLUMN last_failed_login_at timestamptz;
ALTER TABLE examinees DROP COLUMN locked_until;
ALTER TABLE staff ADD COLUMN last_failed_login_at timestamptz;
ALTER TABLE staff DROP COLUMN locked_until;

-- Counted events for limits that must hold across processes and hosts: identity
-- look-ups and reset requests, keyed by the 身份证号's blind index or the client address
-- (never the plain number). Rows older than two days are purged with expired sessions.
CREATE TABLE limit_events (
    action   text NOT NULL CHECK (action IN ('identity_lookup', 'reset_request')),
    subject  bytea NOT NULL,
    at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX limit_events_lookup ON limit_events (action, subject, at);
CREATE INDEX limit_events_age ON limit_events (at);

-- Messages to examinees, written in the transaction that causes them and delivered
-- afterwards (zikao-ctl deliver-messages). Recipient and body are encrypted like the
-- other personal data: the body of a reset notice holds a one-time cancel link.
CREATE TABLE outbound_messages (
    id               bigserial PRIMARY KEY,
    channel          text NOT NULL CHECK (channel IN ('sms', 'mail')),
    purpose          text NOT NULL,
    examinee_id      bigint REFERENCES examinees (id),
    recipient_enc    bytea NOT NULL,   -- FieldCipher context "outbox_recipient"
    subject          text NOT NULL DEFAULT '',
    body_enc         bytea NOT NULL,   -- FieldCipher context "outbox_body"
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    failed_at        timestamptz,      -- given up after the last attempt
    last_error       text,
    CHECK (sent_at IS NULL OR failed_at IS NULL)
);
CREATE INDEX outbound_messages_due ON outbound_messages (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbound_messages_examinee ON outbound_messages (examinee_id);
