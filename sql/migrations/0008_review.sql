-- 0008_review.sql: what happens to an application after its graduation photo (APP-5 …
-- APP-7, REV-1 … REV-4): 系统审核 or 县区招办预审, 旧计划 certificate verification,
-- 材料已交回, 审定; the status timeline; and what administrators set (fees, notices).

-- Who passed 预审 and why an application was refused. prereview_by_system: 系统审核通过
-- (no manual items, passed by a fresh audit when the photo was verified); false when a
-- clerk decided. The reason code is one of the list the clerk chooses from; the text
-- shown to the examinee (prereview_reason) is "<label>：<free text>".
ALTER TABLE applications
    ADD COLUMN prereview_by_system   boolean NOT NULL DEFAULT false,
    ADD COLUMN prereview_reason_code text CHECK (prereview_reason_code IN (
                   'score', 'substitution', 'oldplan', 'photo', 'education', 'other')),
    ADD COLUMN final_reason          text CHECK (final_reason IS NULL OR length(final_reason) BETWEEN 1 AND 600),
    ADD CONSTRAINT applications_prereview_failed_has_reason
        CHECK (status <> 'prereview_failed' OR prereview_reason IS NOT NULL),
    ADD CONSTRAINT applications_rejected_has_reason
        CHECK (status <> 'rejected' OR final_reason IS NOT NULL);

-- The status timeline: one row per transition, written by the same statement that makes
-- the transition (a CTE over the conditional UPDATE), so a transition without its row
-- cannot exist. actor: the examinee (提交, 重新申请), the system (系统审核, a verified
-- photo) or a staff member (staff_id).
CREATE TABLE application_events (
    id              bigserial PRIMARY KEY,
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    at              timestamptz NOT NULL DEFAULT now(),
    from_status     text NOT NULL,
    to_status       text NOT NULL,
    actor           text NOT NULL CHECK (actor IN ('examinee', 'system', 'staff')),
    staff_id        bigint REFERENCES staff (id),
    note            text NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    CHECK ((actor = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX application_events_application ON application_events (application_id, id);

-- 旧计划 certificate verification: who marked a claimed course, and when. `verified`
-- (0005) stays the fact the audit reads; checked_by NULL means nobody has looked yet.
ALTER TABLE application_oldplan_courses
    ADD COLUMN checked_by  bigint REFERENCES staff (id),
    ADD COLUMN checked_at  timestamptz,
    ADD CONSTRAINT application_oldplan_courses_checked CHECK ((checked_by IS NULL) = (checked_at IS NULL)),
    ADD CONSTRAINT application_oldplan_courses_verified_by_staff CHECK (NOT verified OR checked_by IS NOT NULL);

-- 毕业申请费用 (PAY-1): per batch, a default for every major (major_id NULL) and
-- overrides per major. Amounts in integer 分.
CREATE TABLE fees (
    id          serial PRIMARY KEY,
    batch_id    integer NOT NULL REFERENCES batches (id),
    major_id    integer REFERENCES majors (id),
    amount_fen  integer NOT NULL CHECK (amount_fen BETWEEN 0 AND 10000000),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX fees_batch_default ON fees (batch_id) WHERE major_id IS NULL;
CREATE UNIQUE INDEX fees_batch_major ON fees (batch_id, major_id) WHERE major_id IS NOT NULL;

-- 通知公告 (CTR-3): shown on /notices from published_at on, unless withdrawn.
CREATE TABLE notices (
    id            bigserial PRIMARY KEY,
    title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
    body          text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    published_at  timestamptz NOT NULL,
    withdrawn_at  timestamptz,
    created_by    bigint NOT NULL REFERENCES staff (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notices_published ON notices (published_at DESC) WHERE withdrawn_at IS NULL;

-- Staff accounts managed by administrators: when the password was last set (a reset
-- ends the account's sessions like a disable does).
ALTER TABLE staff ADD COLUMN password_changed_at timestamptz;
