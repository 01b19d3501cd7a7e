-- 0004_plans.sql: courses, 主考院校, majors, versioned major plans, substitution rules and
-- passed-course records (AUD-1, AUD-2, AUD-5, LEG-1). Fed by `zikao-ctl import`.

CREATE TABLE institutions (
    code        text PRIMARY KEY CHECK (code ~ '^[0-9A-Za-z]{1,10}$'),
    name        text NOT NULL UNIQUE,
    sort_order  integer NOT NULL DEFAULT 0
);

CREATE TABLE courses (
    code      text PRIMARY KEY CHECK (code ~ '^[0-9]{5}$'),
    name      text NOT NULL,
    credits   integer NOT NULL CHECK (credits BETWEEN 0 AND 30),
    new_plan  boolean NOT NULL DEFAULT false  -- passed from 2024 上半年 on under the new plan
);

CREATE TABLE majors (
    id                serial PRIMARY KEY,
    institution_code  text NOT NULL REFERENCES institutions (code),
    code              text NOT NULL CHECK (code ~ '^[0-9A-Z]{4,10}$'),
    name              text NOT NULL,
    level             text NOT NULL CHECK (level IN ('专科', '本科', '专升本')),
    UNIQUE (institution_code, code)
);

-- A plan version is valid from effective_from until effective_to (open when NULL).
CREATE TABLE plans (
    id                 serial PRIMARY KEY,
    major_id           integer NOT NULL REFERENCES majors (id),
    version            text NOT NULL,
    effective_from     date NOT NULL,
    effective_to       date,
    min_total_credits  integer NOT NULL CHECK (min_total_credits >= 0),
    UNIQUE (major_id, version),
    CHECK (effective_to IS NULL OR effective_to >= effective_from)
);

CREATE TABLE plan_groups (
    plan_id      integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    group_id     text NOT NULL,
    title        text NOT NULL,
    min_credits  integer NOT NULL DEFAULT 0 CHECK (min_credits >= 0),
    min_count    integer NOT NULL DEFAULT 0 CHECK (min_count >= 0),
    PRIMARY KEY (plan_id, group_id)
);

-- requirement: 必考 (required), 毕业论文/设计 (thesis), 实践 (practice) or 选考 (elective, in a group).
CREATE TABLE plan_courses (
    plan_id      integer NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    course_code  text NOT NULL REFERENCES courses (code),
    requirement  text NOT NULL CHECK (requirement IN ('required', 'thesis', 'practice', 'elective')),
    group_id     text,
    sort_order   integer NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, course_code),
    FOREIGN KEY (plan_id, group_id) REFERENCES plan_groups (plan_id, group_id) ON DELETE CASCADE,
    CHECK ((requirement = 'elective') = (group_id IS NOT NULL))
);

-- 顶替规则: one_to_one is applied automatically; one_for_many (一门顶多门) and any_one_of
-- (任选一门) only when the examinee chooses them.
CREATE TABLE substitution_rules (
    id          text PRIMARY KEY CHECK (id ~ '^[0-9A-Za-z_-]{1,40}$'),
    kind        text NOT NULL CHECK (kind IN ('one_to_one', 'one_for_many', 'any_one_of')),
    new_code    text NOT NULL REFERENCES courses (code),
    valid_from  date,
    valid_to    date,
    note        text NOT NULL DEFAULT '',
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);

CREATE TABLE substitution_rule_old_courses (
    rule_id      text NOT NULL REFERENCES substitution_rules (id) ON DELETE CASCADE,
    course_code  text NOT NULL REFERENCES courses (code),
    PRIMARY KEY (rule_id, course_code)
);

-- No rows: the rule applies to every major.
CREATE TABLE substitution_rule_majors (
    rule_id     text NOT NULL REFERENCES substitution_rules (id) ON DELETE CASCADE,
    major_code  text NOT NULL,
    PRIMARY KEY (rule_id, major_code)
);

-- 合格成绩: one row per examinee and course. Old-plan certificates entered by the
-- examinee (source 'old_plan_certificate') count only provisionally until verified.
CREATE TABLE passed_courses (
    examinee_id          bigint NOT NULL REFERENCES examinees (id),
    course_code          text NOT NULL REFERENCES courses (code),
    passed_on            date NOT NULL,
    score                text NOT NULL,
    source               text NOT NULL CHECK (source IN ('exam', 'exemption', 'old_plan_certificate')),
    verified             boolean NOT NULL DEFAULT true,
    used_by_graduation   boolean NOT NULL DEFAULT false,
    PRIMARY KEY (examinee_id, course_code)
);
