// graduation.cpp: see graduation.hpp.
#include "common/domain/graduation.hpp"

#include "common/store/plans.hpp"

namespace zk::graduation {

db::Statements statements() {
    db::Statements s = {
        {"grad_window",
         "SELECT b.id, b.name, w.always_open, "
         "       to_char(w.opens_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS opens, "
         "       to_char(w.closes_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS closes, "
         "       (w.always_open OR now() BETWEEN w.opens_at AND w.closes_at) AS open_now "
         "FROM batches b JOIN business_windows w ON w.batch_id = b.id AND w.business_code = 'graduation' "
         "WHERE b.is_current"},
        {"grad_latest",
         "SELECT id, attempt, status, county_code, address, phone_enc, prereview_reason, "
         "       to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS submitted_at "
         "FROM applications WHERE examinee_id = $1 AND batch_id = $2 ORDER BY attempt DESC LIMIT 1"},
        {"grad_create_draft",
         "INSERT INTO applications (examinee_id, batch_id, attempt) VALUES ($1, $2, 1) "
         "ON CONFLICT (examinee_id, batch_id, attempt) DO NOTHING"},
        {"grad_lock_latest",
         "SELECT id, attempt, status, county_code, address, phone_enc, prereview_reason, "
         "       to_char(submitted_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') AS submitted_at "
         "FROM applications WHERE examinee_id = $1 AND batch_id = $2 ORDER BY attempt DESC LIMIT 1 FOR UPDATE"},
        {"grad_majors",
         "SELECT am.seq, am.institution_code, i.name AS institution_name, am.major_id, m.code AS major_code, "
         "       m.name AS major_name, m.level, am.eligible "
         "FROM application_majors am JOIN institutions i ON i.code = am.institution_code "
         "LEFT JOIN majors m ON m.id = am.major_id WHERE am.application_id = $1 ORDER BY am.seq"},
        {"grad_oldplan",
         "SELECT o.course_code, o.course_name, COALESCE(c.credits, 0) AS credits, "
         "       to_char(o.passed_on, 'YYYYMMDD')::int AS passed_on, o.score, o.verified "
         "FROM application_oldplan_courses o LEFT JOIN courses c ON c.code = o.course_code "
         "WHERE o.application_id = $1 ORDER BY o.course_code"},
        {"grad_substitutions",
         "SELECT rule_id, new_code, old_codes FROM application_substitutions WHERE application_id = $1 "
         "ORDER BY rule_id, new_code"},
        {"grad_english", "SELECT course_code FROM application_english_courses WHERE application_id = $1 ORDER BY course_code"},
        {"grad_major_level", "SELECT level FROM majors WHERE id = $1"},
        {"grad_chsi_records",
         "SELECT r.name, r.id_number_enc, r.gender, r.level, e.name AS examinee_name, e.id_number_enc AS examinee_id_enc, "
         "       e.gender AS examinee_gender "
         "FROM examinees e LEFT JOIN chsi_records r ON r.examinee_id = e.id WHERE e.id = $1 ORDER BY r.id"},
    };
    for (auto& st : store::plans::statements()) s.push_back(std::move(st));
    return s;
}

namespace {
std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : f.as<std::string>(); }

Application application_of(const pqxx::row& r) {
    Application a;
    a.id = r["id"].as<std::int64_t>();
    a.attempt = r["attempt"].as<int>();
    a.status = r["status"].as<std::string>();
    a.county_code = text(r["county_code"]);
    a.address = text(r["address"]);
    a.phone_enc = db::bytes_of(r["phone_enc"]);
    a.prereview_reason = text(r["prereview_reason"]);
    a.submitted_at = text(r["submitted_at"]);
    return a;
}

// Parses a PostgreSQL text[] literal of course codes ({13003,02331}); codes never need quoting.
std::vector<std::string> codes_of(const std::string& literal) {
    std::vector<std::string> out;
    std::string current;
    for (char c : literal) {
        if (c == '{' || c == '}' || c == '"') continue;
        if (c == ',') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) out.push_back(current);
    return out;
}
}  // namespace

std::optional<Window> window(pqxx::transaction_base& tx) {
    auto r = tx.exec_prepared("grad_window");
    if (r.empty()) return std::nullopt;
    Window w;
    w.batch_id = r[0]["id"].as<int>();
    w.batch_name = r[0]["name"].as<std::string>();
    w.opens = text(r[0]["opens"]);
    w.closes = text(r[0]["closes"]);
    w.open = r[0]["open_now"].as<bool>(false);
    return w;
}

std::optional<Application> latest_application(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    auto r = tx.exec_prepared("grad_latest", examinee_id, batch_id);
    if (r.empty()) return std::nullopt;
    return application_of(r[0]);
}

std::optional<Application> lock_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    tx.exec_prepared("grad_create_draft", examinee_id, batch_id);
    auto r = tx.exec_prepared("grad_lock_latest", examinee_id, batch_id);
    if (r.empty()) return std::nullopt;
    Application a = application_of(r[0]);
    if (a.status != "draft") return std::nullopt;
    return a;
}

std::vector<ChosenMajor> chosen_majors(pqxx::transaction_base& tx, std::int64_t application_id) {
    std::vector<ChosenMajor> out;
    for (const auto& r : tx.exec_prepared("grad_majors", application_id)) {
        ChosenMajor m;
        m.seq = r["seq"].as<int>();
        m.institution_code = r["institution_code"].as<std::string>();
        m.institution_name = r["institution_name"].as<std::string>();
        m.major_id = r["major_id"].is_null() ? 0 : r["major_id"].as<int>();
        m.major_code = text(r["major_code"]);
        m.major_name = text(r["major_name"]);
        m.level = text(r["level"]);
        if (!r["eligible"].is_null()) m.eligible = r["eligible"].as<bool>();
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<eligibility::PassedCourse> transcript(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                            std::int64_t application_id) {
    std::vector<eligibility::PassedCourse> out = store::plans::passed_courses(tx, examinee_id);
    if (application_id == 0) return out;
    for (const auto& r : tx.exec_prepared("grad_oldplan", application_id)) {
        eligibility::PassedCourse p;
        p.code = r["course_code"].as<std::string>();
        p.name = r["course_name"].as<std::string>();
        p.credits = r["credits"].as<int>();
        p.passed_on = r["passed_on"].as<int>();
        p.score = r["score"].as<std::string>();
        p.source = eligibility::Source::OldPlanCertificate;
        p.verified = r["verified"].as<bool>();
        out.push_back(std::move(p));
    }
    return out;
}

eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id) {
    eligibility::Choices c;
    for (const auto& r : tx.exec_prepared("grad_substitutions", application_id))
        c.substitutions.push_back({r["rule_id"].as<std::string>(), r["new_code"].as<std::string>(),
                                   codes_of(r["old_codes"].as<std::string>())});
    for (const auto& r : tx.exec_prepared("grad_english", application_id))
        c.english_replacement.push_back(r[0].as<std::string>());
    return c;
}

std::optional<MajorAudit> audit_major(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                      std::int64_t application_id, int major_id) {
    auto plan = store::plans::current_plan(tx, major_id);
    if (!plan) return std::nullopt;
    MajorAudit out;
    out.plan = std::move(plan->plan);
    out.result = eligibility::run(out.plan, transcript(tx, examinee_id, application_id), store::plans::rules(tx),
                            application_id ? choices(tx, application_id) : eligibility::Choices{});
    return out;
}

bool needs_prior_education(const std::string& major_level) { return major_level == "本科" || major_level == "专升本"; }

std::optional<std::string> prior_education_block(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                                                 std::int64_t examinee_id) {
    static const std::string kContact =
        "请尽早联系所在市（县、区）招办线下办理。";
    auto rows = tx.exec_prepared("grad_chsi_records", examinee_id);
    if (rows.empty() || rows[0]["name"].is_null())
        return "申请自学考试本科学历须先完成学信网学历验证授权（个人中心 → 学信网学历验证），授权完成后方可提交本科毕业申请。";
    const std::string examinee_id_number = cipher.decrypt(db::bytes_of(rows[0]["examinee_id_enc"]), "id_number");
    bool any_level_ok = false;
    for (const auto& r : rows) {
        const std::string level = r["level"].as<std::string>();
        const bool level_ok = level == "专科" || level == "本科" || level == "研究生" || level == "硕士研究生" ||
                              level == "博士研究生" || level == "第二学士学位";
        any_level_ok = any_level_ok || level_ok;
        if (!level_ok) continue;
        const bool same = r["name"].as<std::string>() == r["examinee_name"].as<std::string>() &&
                          cipher.decrypt(db::bytes_of(r["id_number_enc"]), "id_number") == examinee_id_number &&
                          r["gender"].as<std::string>() == r["examinee_gender"].as<std::string>();
        if (same) return std::nullopt;
    }
    if (!any_level_ok) return "学信网验证的前置学历层次低于专科，不能申请本科毕业。" + kContact;
    return "学信网验证的前置学历信息（姓名、身份证号、性别）与本人报考信息不完全一致，不能提交本科毕业申请。" + kContact;
}

}  // namespace zk::graduation
