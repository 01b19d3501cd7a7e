-- 0005_applications.sql: graduation applications (APP), the substitutions chosen for them
-- (SUB), and 学信网 prior-education verification (CHSI).

-- One application per examinee, batch and attempt. Attempt 1 is the application; attempt
-- 2 exists only as the single 重新申请 after 预审未通过 (APP-7). Steps 1–3 fill a draft;
-- 提交 turns the draft into 'submitted' with one UPDATE … WHERE status = 'draft', so a
-- double click or 20 concurrent requests submit it exactly once.
CREATE TABLE applications (
    id               bigserial PRIMARY KEY,
    examinee_id      bigint NOT NULL REFERENCES examinees (id),
    batch_id         integer NOT NULL REFERENCES batches (id),
    attempt          smallint NOT NULL DEFAULT 1 CHECK (attempt IN (1, 2)),
    status           text NOT NULL DEFAULT 'draft' CHECK (status IN (
                         'draft', 'submitted', 'photo_verified', 'prereview', 'prereview_passed',
                         'prereview_failed', 'paid', 'regform_filled', 'materials_returned',
                         'approved', 'rejected')),
    county_code      char(6) REFERENCES counties (code),   -- 毕业申请区县
    phone_enc        bytea,                                 -- AES-256-GCM, context "phone"
    address          text CHECK (address IS NULL OR length(address) BETWEEN 2 AND 200),
    prereview_reason text,                                  -- 预审未通过 reason shown to the examinee
    submitted_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (examinee_id, batch_id, attempt),
    CHECK (status = 'draft' OR (submitted_at IS NOT NULL AND county_code IS NOT NULL AND phone_enc IS NOT NULL
                                AND address IS NOT NULL))
);
CREATE INDEX applications_status ON applications (status, county_code);

-- 申请院校 and 申请专业: at most two institutions, one major at each (APP-2, APP-3).
-- audit_json is the audit's result at submit time, kept for the reviewers.
CREATE TABLE application_majors (
    application_id    bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    seq               smallint NOT NULL CHECK (seq IN (1, 2)),
    institution_code  text NOT NULL REFERENCES institutions (code),
    major_id          integer REFERENCES majors (id),
    eligible          boolean,
    audit_json        jsonb,
    PRIMARY KEY (application_id, seq),
    UNIQUE (application_id, institution_code)
);

-- 添加一门顶多门或任选一门新计划顶替课程 (SUB-2): old_codes are the plan courses replaced.
CREATE TABLE application_substitutions (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    rule_id         text NOT NULL REFERENCES substitution_rules (id),
    new_code        text NOT NULL REFERENCES courses (code),
    old_codes       text[] NOT NULL CHECK (cardinality(old_codes) >= 1),
    PRIMARY KEY (application_id, rule_id, new_code)
);

-- 添加顶替英语二课程 (SUB-1, AUD-3).
CREATE TABLE application_english_courses (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    course_code     text NOT NULL REFERENCES courses (code),
    PRIMARY KEY (application_id, course_code)
);

-- 添加旧计划课程（实践课考核卡）(SUB-3, AUD-5): counted provisionally until staff verify
-- them against the scans in the archive.
CREATE TABLE application_oldplan_courses (
    application_id  bigint NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    course_code     text NOT NULL CHECK (course_code ~ '^[0-9]{5}$'),
    course_name     text NOT NULL CHECK (length(course_name) BETWEEN 1 AND 60),
    passed_on       date NOT NULL,
    score           text NOT NULL CHECK (length(score) BETWEEN 1 AND 10),
    verified        boolean NOT NULL DEFAULT false,
    PRIMARY KEY (application_id, course_code)
);

-- The one zip or rar of scans for the old-plan courses, stored as uploaded after it was
-- listed and checked (never extracted to disk); `entries` lists what is inside.
CREATE TABLE application_archives (
    application_id  bigint PRIMARY KEY REFERENCES applications (id) ON DELETE CASCADE,
    file_name       text NOT NULL,
    format          text NOT NULL CHECK (format IN ('zip', 'rar')),
    size_bytes      integer NOT NULL CHECK (size_bytes > 0),
    sha256          bytea NOT NULL CHECK (length(sha256) = 32),
    entries         jsonb NOT NULL,
    data            bytea NOT NULL,
    uploaded_at     timestamptz NOT NULL DEFAULT now()
);

-- 学信网 authorisations (CHSI-1, CHSI-2): the QR code carries `state`; the callback must
-- name the same state, be signed by 学信网's key, and arrive while the authorisation is
-- pending. A repeated callback for a completed authorisation changes nothing.
CREATE TABLE chsi_authorizations (
    id            bigserial PRIMARY KEY,
    examinee_id   bigint NOT NULL REFERENCES examinees (id),
    state         text NOT NULL UNIQUE CHECK (state ~ '^[0-9a-f]{32,64}$'),
    status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'expired')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    completed_at  timestamptz
);
CREATE INDEX chsi_authorizations_examinee ON chsi_authorizations (examinee_id, created_at DESC);

-- 已验证学历信息 (CHSI-3), as 学信网 sent them. The 证件号码 is stored encrypted like every
-- other 身份证号.
CREATE TABLE chsi_records (
    id                bigserial PRIMARY KEY,
    authorization_id  bigint NOT NULL REFERENCES chsi_authorizations (id),
    examinee_id       bigint NOT NULL REFERENCES examinees (id),
    name              text NOT NULL,
    id_number_enc     bytea NOT NULL,
    gender            char(1) NOT NULL CHECK (gender IN ('M', 'F')),
    school            text NOT NULL,
    major             text NOT NULL,
    level             text NOT NULL,   -- 专科 / 本科 / 研究生 …
    study_form        text NOT NULL,   -- 普通全日制 / 成人教育 / 网络教育 / 自学考试 …
    category          text NOT NULL,   -- 学历类别: 普通 / 成人 …
    entry_year        integer NOT NULL,
    graduation_year   integer NOT NULL,
    conclusion        text NOT NULL,   -- 毕业 / 结业 …
    verified_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX chsi_records_examinee ON chsi_records (examinee_id);
