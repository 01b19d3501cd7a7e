-- 0007_graduation_photos.sql: 毕业证书电子注册图像采集 (PHO-1 … PHO-4, APP-5, APP-6).
-- One row per graduation photo an examinee submitted for an application and that passed
-- the picture checks; refused pictures leave no row. `photo_id` is the normalised 480×640
-- JPEG (photos.kind 'graduation'). The verifier's outcome is kept beside the final
-- decision, as for identity verifications.
-- `original` is the upload exactly as received, kept only while a clerk may still want
-- it (status 'manual'); every decision clears it, and the CHECK makes that a rule.
CREATE TABLE graduation_photos (
    id                bigserial PRIMARY KEY,
    application_id    bigint NOT NULL REFERENCES applications (id),
    examinee_id       bigint NOT NULL REFERENCES examinees (id),
    photo_id          bigint NOT NULL REFERENCES photos (id),
    status            text NOT NULL CHECK (status IN ('manual', 'approved', 'refused')),
    verifier          text NOT NULL,
    verifier_outcome  text NOT NULL CHECK (verifier_outcome IN ('pass', 'fail', 'manual')),
    verifier_reason   text NOT NULL DEFAULT '',
    original          bytea,
    original_type     text CHECK (original_type IN ('image/jpeg', 'image/png')),
    decided_by        bigint REFERENCES staff (id),
    decided_at        timestamptz,
    refusal_reason    text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((status = 'manual') = (original IS NOT NULL)),
    CHECK ((original IS NULL) = (original_type IS NULL)),
    CHECK (status <> 'refused' OR refusal_reason IS NOT NULL)
);
-- At most one photo waiting for a clerk, and at most one verified photo, per application.
CREATE UNIQUE INDEX graduation_photos_one_open ON graduation_photos (application_id) WHERE status = 'manual';
CREATE UNIQUE INDEX graduation_photos_one_approved ON graduation_photos (application_id) WHERE status = 'approved';
CREATE INDEX graduation_photos_application ON graduation_photos (application_id, created_at DESC);
CREATE INDEX graduation_photos_queue ON graduation_photos (status, created_at);
