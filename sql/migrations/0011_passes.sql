-- 0011_passes.sql: every pass of a course is kept (LEG-1, AUD-3, AUD-5). Until now
-- passed_courses held one row per examinee and course, so a re-taken course imported
-- later overwrote the first pass's date and score, and re-importing the older file put
-- the old date back. The audit needs every pass: a substitution rule counts only a pass
-- inside its validity window, and an earlier graduation may have used one pass of a
-- course but not another.
-- A pass is now one row per examinee, course, date and source, with its own score,
-- `verified` and `used_by_graduation`. `zikao-ctl import passed` inserts a pass it does
-- not know and updates the score or flags of one it does; it never deletes a pass and
-- never moves one to another date, so re-importing an older file leaves a newer pass
-- alone. The rows already stored keep their values; their import columns stay NULL
-- (imported before this migration, from an unknown file).

ALTER TABLE passed_courses DROP CONSTRAINT passed_courses_pkey;

-- id: a surrogate key, so that a later table can name the one pass it means (which pass
-- an application or a graduation used) without repeating the four columns.
-- imported_at / import_file: when and from which file (as named on the command line, or
-- the demo file's name) the pass was first imported. changed_at / change_file: the last
-- import that changed its score or flags; NULL when none has.
ALTER TABLE passed_courses
    ADD COLUMN id           bigserial PRIMARY KEY,
    ADD COLUMN imported_at  timestamptz,
    ADD COLUMN import_file  text CHECK (import_file <> ''),
    ADD COLUMN changed_at   timestamptz,
    ADD COLUMN change_file  text CHECK (change_file <> ''),
    ADD CONSTRAINT passed_courses_one_row_per_pass UNIQUE (examinee_id, course_code, passed_on, source),
    -- A score is a number or a word such as 合格/免考 (the import checks which).
    ADD CONSTRAINT passed_courses_score CHECK (length(score) BETWEEN 1 AND 10),
    -- The self-study examinations began in 1981; the import refuses earlier dates.
    ADD CONSTRAINT passed_courses_passed_on CHECK (passed_on >= DATE '1981-01-01'),
    -- Only an old-plan certificate (红卡/绿卡/实践课考核卡) awaits verification: exam
    -- results and 免考 are recorded by the examination office itself, so they are the
    -- verified record and can never be provisional.
    ADD CONSTRAINT passed_courses_only_certificates_unverified CHECK (verified OR source = 'old_plan_certificate'),
    ADD CONSTRAINT passed_courses_change_after_import
        CHECK (changed_at IS NULL OR imported_at IS NULL OR changed_at >= imported_at);

-- Rows imported from now on; those imported before this migration keep NULL (when is
-- unknown), which is why the default comes after the column.
ALTER TABLE passed_courses ALTER COLUMN imported_at SET DEFAULT now();
