// applications.cpp: see applications.hpp.
#include "common/store/applications.hpp"

#include "common/base/db.hpp"
#include "common/store/arrays.hpp"

namespace zk::store::applications {
namespace {

const std::string kLatest =
    "SELECT id, examinee_id, attempt, status, county_code, address, phone_enc, prereview_reason, "
    "       prereview_reason_code, prereview_by_system, final_reason, "
    "       to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS submitted_at "
    "FROM applications WHERE examinee_id = $1 AND batch_id = $2 ORDER BY attempt DESC LIMIT 1";

// $2: [{"seq":1,"major_id":7,"eligible":true,"audit":{…}}, …]

std::optional<Application> application_of(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    const auto& row = r[0];
    Application a;
    a.id = row["id"].as<std::int64_t>();
    a.examinee_id = row["examinee_id"].as<std::int64_t>();
    a.attempt = row["attempt"].as<int>();
    a.status = row["status"].as<std::string>();
    a.county_code = db::text(row["county_code"]);
    a.address = db::text(row["address"]);
    a.phone_enc = db::bytes_of(row["phone_enc"]);
    a.prereview_reason = db::text(row["prereview_reason"]);
    a.prereview_reason_code = db::text(row["prereview_reason_code"]);
    a.prereview_by_system = row["prereview_by_system"].as<bool>();
    a.final_reason = db::text(row["final_reason"]);
    a.submitted_at = db::text(row["submitted_at"]);
    return a;
}

}  // namespace

const db::Statement kWindow{"applications_window", R"sql(
    SELECT b.id, b.name, w.always_open,
           to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opens,
           to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closes,
           (w.always_open OR now() BETWEEN w.opens_at AND w.closes_at) AS open_now
    FROM batches b JOIN business_windows w ON w.batch_id = b.id AND w.business_code = 'graduation'
    WHERE b.is_current
)sql"};
std::optional<Window> graduation_window(pqxx::transaction_base& tx) {
    auto r = kWindow(tx);
    if (r.empty()) return std::nullopt;
    Window w;
    w.batch_id = r[0]["id"].as<int>();
    w.batch_name = r[0]["name"].as<std::string>();
    w.opens = db::text(r[0]["opens"]);
    w.closes = db::text(r[0]["closes"]);
    w.open = r[0]["open_now"].as<bool>(false);
    return w;
}

const db::Statement kLatestApplication{"applications_latest", kLatest};
std::optional<Application> latest(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    return application_of(kLatestApplication(tx, examinee_id, batch_id));
}

const db::Statement kLockLatest{"applications_lock_latest", kLatest + " FOR UPDATE"};
std::optional<Application> lock_latest(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    return application_of(kLockLatest(tx, examinee_id, batch_id));
}

const db::Statement kCreateDraft{"applications_create_draft", R"sql(
    INSERT INTO applications (examinee_id, batch_id, attempt) VALUES ($1, $2, 1)
    ON CONFLICT (examinee_id, batch_id, attempt) DO NOTHING
)sql"};
void create_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    kCreateDraft(tx, examinee_id, batch_id);
}

const db::Statement kUpdateDraft{"applications_update_draft", R"sql(
    UPDATE applications SET county_code = $2, phone_enc = $3, address = $4, updated_at = now()
    WHERE id = $1 AND status = 'draft'
)sql"};
void update_draft(pqxx::transaction_base& tx, std::int64_t application_id, const std::string& county_code,
                  const std::string& phone_enc, const std::string& address) {
    kUpdateDraft(tx, application_id, county_code, db::bytes(phone_enc), address);
}

// The transition and its line in the timeline are one statement.
const db::Statement kSubmit{"applications_submit", R"sql(
    WITH moved AS (
        UPDATE applications SET status = 'submitted', submitted_at = now(), updated_at = now()
        WHERE id = $1 AND status = 'draft' RETURNING id)
    INSERT INTO application_events (application_id, from_status, to_status, actor)
    SELECT id, 'draft', 'submitted', 'examinee' FROM moved
)sql"};
bool submit(pqxx::transaction_base& tx, std::int64_t application_id) {
    return kSubmit(tx, application_id).affected_rows() == 1;
}

const db::Statement kLockStatus{"applications_lock_status", R"sql(
    SELECT status FROM applications WHERE id = $1 FOR UPDATE
)sql"};
std::optional<std::string> lock_status(pqxx::transaction_base& tx, std::int64_t application_id) {
    const auto r = kLockStatus(tx, application_id);
    if (r.empty()) return std::nullopt;
    return db::text(r[0]["status"]);
}

const db::Statement kSecondAttempt{"applications_second_attempt", R"sql(
    INSERT INTO applications (examinee_id, batch_id, attempt, county_code, phone_enc, address)
    VALUES ($1, $2, 2, $3, $4, $5) ON CONFLICT (examinee_id, batch_id, attempt) DO NOTHING RETURNING id
)sql"};
const db::Statement kCopyMajors{"applications_copy_majors", R"sql(
    INSERT INTO application_majors (application_id, seq, institution_code, major_id)
    SELECT $2, seq, institution_code, major_id FROM application_majors WHERE application_id = $1
)sql"};
// The 新计划顶替 and 英语(二) choices go along (the audit re-checks them at 提交); the 旧计划
// courses do not: their certificates are verified per application, and a refusal is often
// about them.
const db::Statement kCopySubstitutions{"applications_copy_substitutions", R"sql(
    INSERT INTO application_substitutions (application_id, rule_id, new_code, old_codes)
    SELECT $2, rule_id, new_code, old_codes FROM application_substitutions WHERE application_id = $1
)sql"};
const db::Statement kCopyEnglish{"applications_copy_english", R"sql(
    INSERT INTO application_english_courses (application_id, course_code)
    SELECT $2, course_code FROM application_english_courses WHERE application_id = $1
)sql"};
std::optional<std::int64_t> create_second_attempt(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id,
                                                  const Application& first) {
    auto created = kSecondAttempt(tx, examinee_id, batch_id, first.county_code, db::bytes(first.phone_enc), first.address);
    if (created.empty()) return std::nullopt;
    const auto id = created[0][0].as<std::int64_t>();
    kCopyMajors(tx, first.id, id);
    kCopySubstitutions(tx, first.id, id);
    kCopyEnglish(tx, first.id, id);
    return id;
}

const db::Statement kMajors{"applications_majors", R"sql(
    SELECT am.seq, am.institution_code, i.name AS institution_name, am.major_id, m.code AS major_code,
           m.name AS major_name, m.level, m.institution_code AS major_institution_code, am.eligible
    FROM application_majors am JOIN institutions i ON i.code = am.institution_code
    LEFT JOIN majors m ON m.id = am.major_id WHERE am.application_id = $1 ORDER BY am.seq
)sql"};
std::vector<ChosenMajor> majors(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<ChosenMajor> out;
    for (const auto& r : kMajors(tx, application_id)) {
        ChosenMajor m;
        m.seq = r["seq"].as<int>();
        m.institution_code = r["institution_code"].as<std::string>();
        m.institution_name = r["institution_name"].as<std::string>();
        m.major_id = r["major_id"].is_null() ? 0 : r["major_id"].as<int>();
        m.major_code = db::text(r["major_code"]);
        m.major_name = db::text(r["major_name"]);
        m.level = db::text(r["level"]);
        m.major_institution_code = db::text(r["major_institution_code"]);
        if (!r["eligible"].is_null()) m.eligible = r["eligible"].as<bool>();
        out.push_back(std::move(m));
    }
    return out;
}

const db::Statement kClearMajors{"applications_clear_majors", "DELETE FROM application_majors WHERE application_id = $1"};
const db::Statement kInsertMajor{"applications_insert_major", R"sql(
    INSERT INTO application_majors (application_id, seq, institution_code, major_id)
    VALUES ($1, $2, $3, NULLIF($4, 0))
)sql"};
void set_institutions(pqxx::transaction_base& tx, std::int64_t application_id,
                      const std::vector<InstitutionChoice>& institutions) {
    kClearMajors(tx, application_id);
    int seq = 0;
    for (const auto& i : institutions) kInsertMajor(tx, application_id, ++seq, i.institution_code, i.major_id);
}

const db::Statement kChooseMajor{"applications_choose_major", R"sql(
    UPDATE application_majors SET major_id = $3, eligible = NULL, audit_json = NULL
    WHERE application_id = $1 AND seq = $2
)sql"};
void choose_major(pqxx::transaction_base& tx, std::int64_t application_id, int seq, int major_id) {
    kChooseMajor(tx, application_id, seq, major_id);
}

const db::Statement kStoreAudits{"applications_store_audits", R"sql(
    UPDATE application_majors am SET major_id = (x->>'major_id')::int, eligible = (x->>'eligible')::boolean,
           audit_json = x->'audit'
    FROM jsonb_array_elements($2::jsonb) x WHERE am.application_id = $1 AND am.seq = (x->>'seq')::int
)sql"};
void store_audits(pqxx::transaction_base& tx, std::int64_t application_id, const std::vector<MajorAudit>& audits) {
    if (audits.empty()) return;
    std::string list = "[";
    for (std::size_t i = 0; i < audits.size(); ++i) {
        const auto& a = audits[i];
        list += std::string(i ? "," : "") + "{\"seq\":" + std::to_string(a.seq) +
                ",\"major_id\":" + std::to_string(a.major_id) + ",\"eligible\":" + (a.eligible ? "true" : "false") +
                ",\"audit\":" + a.audit_json + "}";
    }
    kStoreAudits(tx, application_id, list + "]");
}

const db::Statement kStoredSummary{"applications_stored_summary", R"sql(
    SELECT seq, (audit_json->>'credits_used') AS credits_used, (audit_json->>'min_total_credits') AS min_total,
           COALESCE((audit_json->>'eligible')::boolean, false) AS eligible,
           ARRAY(SELECT jsonb_array_elements_text(COALESCE(audit_json->'reasons', '[]'::jsonb))) AS reasons
    FROM application_majors WHERE application_id = $1 AND audit_json IS NOT NULL ORDER BY seq
)sql"};
const db::Statement kStoredGroups{"applications_stored_groups", R"sql(
    SELECT am.seq, g.item->>'title' AS title, g.item->>'credits' AS credits, g.item->>'min_credits' AS min_credits,
           g.item->>'count' AS count, g.item->>'min_count' AS min_count,
           COALESCE((g.item->>'satisfied')::boolean, false) AS satisfied,
           ARRAY(SELECT jsonb_array_elements_text(COALESCE(g.item->'by', '[]'::jsonb))) AS by_codes
    FROM application_majors am
    CROSS JOIN LATERAL jsonb_array_elements(COALESCE(am.audit_json->'groups', '[]'::jsonb)) WITH ORDINALITY AS g(item, ord)
    WHERE am.application_id = $1 ORDER BY am.seq, g.ord
)sql"};
const db::Statement kStoredCourses{"applications_stored_courses", R"sql(
    SELECT am.seq, r.ord, r.item->>'code' AS code, r.item->>'name' AS name, r.item->>'credits' AS credits,
           r.item->>'how' AS how, r.item->>'note' AS note
    FROM application_majors am
    CROSS JOIN LATERAL jsonb_array_elements(COALESCE(am.audit_json->'required', '[]'::jsonb))
         WITH ORDINALITY AS r(item, ord)
    WHERE am.application_id = $1 ORDER BY am.seq, r.ord
)sql"};
std::vector<StoredAudit> stored_audits(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<StoredAudit> out;
    const auto courses = kStoredCourses(tx, application_id);
    for (const auto& r : kStoredSummary(tx, application_id)) {
        StoredAudit a;
        a.seq = r["seq"].as<int>();
        a.credits_used = db::text(r["credits_used"]);
        a.min_total = db::text(r["min_total"]);
        a.eligible = r["eligible"].as<bool>();
        a.reasons = text_array(r["reasons"]);
        for (const auto& c : courses) {
            if (c["seq"].as<int>() != a.seq) continue;
            a.required.push_back({db::text(c["code"]), db::text(c["name"]), db::text(c["credits"]),
                                  c["how"].is_null() ? "missing" : c["how"].as<std::string>(), db::text(c["note"])});
        }
        out.push_back(std::move(a));
    }
    return out;
}

std::vector<StoredAudit> stored_audits_with_groups(pqxx::transaction_base& tx, std::int64_t application_id) {
    auto out = stored_audits(tx, application_id);
    for (const auto& g : kStoredGroups(tx, application_id))
        for (auto& a : out)
            if (a.seq == g["seq"].as<int>())
                a.groups.push_back({db::text(g["title"]), db::text(g["credits"]), db::text(g["min_credits"]),
                                    db::text(g["count"]), db::text(g["min_count"]), g["satisfied"].as<bool>(),
                                    text_array(g["by_codes"])});
    return out;
}

const db::Statement kOldPlan{"applications_oldplan", R"sql(
    SELECT o.course_code, o.course_name, COALESCE(c.credits, 0) AS credits,
           to_char(o.passed_on, 'YYYYMMDD')::int AS passed_on, o.score, o.verified,
           (o.checked_by IS NOT NULL AND NOT o.verified) AS refused
    FROM application_oldplan_courses o LEFT JOIN courses c ON c.code = o.course_code
    WHERE o.application_id = $1 ORDER BY o.course_code
)sql"};
std::vector<OldPlanCourse> oldplan_courses(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<OldPlanCourse> out;
    for (const auto& r : kOldPlan(tx, application_id))
        out.push_back({r["course_code"].as<std::string>(), r["course_name"].as<std::string>(), r["credits"].as<int>(),
                       r["passed_on"].as<int>(), r["score"].as<std::string>(), r["verified"].as<bool>(),
                       r["refused"].as<bool>()});
    return out;
}

const db::Statement kSubstitutions{"applications_substitutions", R"sql(
    SELECT rule_id, new_code, old_codes FROM application_substitutions WHERE application_id = $1
    ORDER BY rule_id, new_code
)sql"};
const db::Statement kEnglish{"applications_english", R"sql(
    SELECT course_code FROM application_english_courses WHERE application_id = $1 ORDER BY course_code
)sql"};
eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id) {
    eligibility::Choices c;
    for (const auto& r : kSubstitutions(tx, application_id))
        c.substitutions.push_back(
            {r["rule_id"].as<std::string>(), r["new_code"].as<std::string>(), text_array(r["old_codes"])});
    for (const auto& r : kEnglish(tx, application_id)) c.english_replacement.push_back(r[0].as<std::string>());
    return c;
}

const db::Statement kPriorEducation{"applications_prior_education", R"sql(
    SELECT r.name, r.id_number_enc, r.gender, r.level, e.name AS examinee_name, e.id_number_enc AS examinee_id_enc,
           e.gender AS examinee_gender
    FROM examinees e LEFT JOIN chsi_records r ON r.examinee_id = e.id WHERE e.id = $1 ORDER BY r.id
)sql"};
std::optional<PriorEducation> prior_education(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto rows = kPriorEducation(tx, examinee_id);
    if (rows.empty()) return std::nullopt;
    PriorEducation p;
    p.name = rows[0]["examinee_name"].as<std::string>();
    p.id_number_enc = db::bytes_of(rows[0]["examinee_id_enc"]);
    p.gender = db::text(rows[0]["examinee_gender"]);
    for (const auto& r : rows) {
        if (r["name"].is_null()) continue;  // no record: the LEFT JOIN's one empty row
        p.records.push_back({r["name"].as<std::string>(), db::bytes_of(r["id_number_enc"]),
                             r["gender"].as<std::string>(), r["level"].as<std::string>()});
    }
    return p;
}

}  // namespace zk::store::applications
