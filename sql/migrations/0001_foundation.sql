-- 0001_foundation.sql: examinees, staff, sessions, batches and business windows.
-- 身份证号 and 手机号 are stored only as AES-256-GCM ciphertexts (*_enc) with an HMAC
-- blind index (*_index) for exact look-ups; the application holds the keys.

CREATE TABLE counties (
    code       char(6) PRIMARY KEY,
    name       text NOT NULL,
    city_code  char(6) NOT NULL,
    city_name  text NOT NULL
);

CREATE TABLE examinees (
    id                  bigserial PRIMARY KEY,
    name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
    id_number_enc       bytea NOT NULL,
    id_number_index     bytea NOT NULL UNIQUE,
    ticket_no           text UNIQUE CHECK (ticket_no ~ '^[0-9]{8,20}$'),
    gender              char(1) NOT NULL CHECK (gender IN ('M', 'F')),
    ethnicity           text,
    hukou               text,
    education           text,
    occupation          text,
    political_status    text,
    phone_enc           bytea,
    phone_index         bytea,
    county_code         char(6) REFERENCES counties (code),
    email               text,
    password_hash       text,
    identity_status     text NOT NULL DEFAULT 'unverified'
                        CHECK (identity_status IN ('unverified', 'pending', 'manual', 'verified', 'refused')),
    failed_logins       integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    locked_until        timestamptz,
    password_changed_at timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX examinees_phone_index ON examinees (phone_index);
CREATE INDEX examinees_county ON examinees (county_code);

CREATE TABLE staff (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9_.-]{3,32}$'),
    display_name   text NOT NULL,
    role           text NOT NULL CHECK (role IN ('county', 'city', 'province', 'admin')),
    county_code    char(6) REFERENCES counties (code),
    city_code      char(6),
    password_hash  text NOT NULL,
    failed_logins  integer NOT NULL DEFAULT 0,
    locked_until   timestamptz,
    active         boolean NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- Only the SHA-256 of the cookie token is stored: a dump of this table opens nothing.
CREATE TABLE sessions (
    id_hash       bytea PRIMARY KEY CHECK (length(id_hash) = 32),
    subject_kind  text NOT NULL CHECK (subject_kind IN ('examinee', 'staff')),
    subject_id    bigint NOT NULL,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX sessions_subject ON sessions (subject_kind, subject_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- An examination batch (e.g. 2025年下半年); exactly one is current.
CREATE TABLE batches (
    id          serial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    is_current  boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX batches_one_current ON batches (is_current) WHERE is_current;

-- The five businesses of 快捷入口; only 毕业申请 is served by this system, the others
-- link to wherever the province runs them.
CREATE TABLE businesses (
    code        text PRIMARY KEY,
    title       text NOT NULL,
    sort_order  integer NOT NULL,
    link        text NOT NULL
);
INSERT INTO businesses (code, title, sort_order, link) VALUES
    ('theory',     '理论课报名',     1, 'http://www.sxkszx.cn/'),
    ('transfer',   '转考申请',       2, 'http://www.sxkszx.cn/'),
    ('exemption',  '免考申请',       3, 'http://www.sxkszx.cn/'),
    ('practice',   '实践性环节报名', 4, 'http://www.sxkszx.cn/'),
    ('graduation', '毕业申请',       5, '/apply');

-- A window either has dates (开始/结束) or is open without dates (已开放); a business
-- with no row for the current batch is (未开放).
CREATE TABLE business_windows (
    batch_id       integer NOT NULL REFERENCES batches (id),
    business_code  text NOT NULL REFERENCES businesses (code),
    opens_at       timestamptz,
    closes_at      timestamptz,
    always_open    boolean NOT NULL DEFAULT false,
    PRIMARY KEY (batch_id, business_code),
    CHECK ((always_open AND opens_at IS NULL AND closes_at IS NULL)
        OR (NOT always_open AND opens_at IS NOT NULL AND closes_at IS NOT NULL AND closes_at > opens_at))
);
