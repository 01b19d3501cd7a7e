-- 0010_registration_forms.sql: 《毕业生登记表》 (REG-1 … REG-3), one per paid application:
-- 毕业登记信息填写 (saved at 下一步), 个人简历 with its rows (saved at 保存并导出PDF), and
-- when it was exported. 手机号, 详细住址 and the family members are personal data and are
-- stored only as AES-256-GCM ciphertexts (contexts regform_phone, regform_address,
-- regform_family), like the examinee's 身份证号 and 手机号.
-- The form can be changed while the application is 'paid' or 'regform_filled'; the
-- regform module checks that under the application's row lock before every write.
CREATE TABLE registration_forms (
    application_id     bigint PRIMARY KEY REFERENCES applications (id),
    examinee_id        bigint NOT NULL REFERENCES examinees (id),
    ethnicity          text NOT NULL CHECK (length(ethnicity) BETWEEN 2 AND 10),
    occupation         text NOT NULL CHECK (length(occupation) BETWEEN 1 AND 30),
    political_status   text NOT NULL CHECK (length(political_status) BETWEEN 2 AND 10),
    phone_enc          bytea NOT NULL,
    education          text NOT NULL CHECK (length(education) BETWEEN 1 AND 30),
    health             text NOT NULL CHECK (length(health) BETWEEN 1 AND 20),
    work_start         date NOT NULL,
    overseas_relative  boolean NOT NULL,                -- 是否华侨、港澳、台属
    native_place       text NOT NULL CHECK (length(native_place) BETWEEN 3 AND 30),
    employer           text NOT NULL CHECK (length(employer) BETWEEN 1 AND 60),
    address_enc        bytea NOT NULL,
    -- 个人简历 (NULL until it is saved the first time)
    family_enc         bytea,                           -- may hold no member
    rewards            text CHECK (length(rewards) <= 200),
    self_evaluation    text CHECK (length(self_evaluation) <= 2000),
    handwritten        boolean,                         -- 自我鉴定 打印后手写
    personal_saved_at  timestamptz NOT NULL DEFAULT now(),
    resume_saved_at    timestamptz,
    first_exported_at  timestamptz,
    last_exported_at   timestamptz,
    exports            integer NOT NULL DEFAULT 0 CHECK (exports >= 0),
    CHECK ((resume_saved_at IS NULL) = (family_enc IS NULL)),
    CHECK ((resume_saved_at IS NULL) = (handwritten IS NULL)),
    CHECK ((resume_saved_at IS NULL) = (self_evaluation IS NULL)),
    CHECK ((resume_saved_at IS NULL) = (rewards IS NULL)),
    CHECK ((first_exported_at IS NULL) = (exports = 0)),
    CHECK ((first_exported_at IS NULL) = (last_exported_at IS NULL)),
    CHECK (first_exported_at IS NULL OR resume_saved_at IS NOT NULL)
);
CREATE INDEX registration_forms_examinee ON registration_forms (examinee_id);

-- 学习或工作经历: 1 to 10 rows in time order; *_month_only when only 年 and 月 were given
-- (the date is then the 1st); to_date NULL is 至今.
CREATE TABLE registration_form_resume (
    application_id   bigint NOT NULL REFERENCES registration_forms (application_id) ON DELETE CASCADE,
    seq              smallint NOT NULL CHECK (seq BETWEEN 1 AND 10),
    from_date        date NOT NULL,
    from_month_only  boolean NOT NULL,
    to_date          date,
    to_month_only    boolean NOT NULL DEFAULT false,
    place            text NOT NULL CHECK (length(place) BETWEEN 1 AND 60),
    PRIMARY KEY (application_id, seq),
    CHECK (to_date IS NULL OR from_date <= to_date),
    CHECK (to_date IS NOT NULL OR NOT to_month_only)
);
