// application_review.cpp: see application_review.hpp.
#include "common/domain/application_review.hpp"

#include "common/base/json.hpp"
#include "common/base/strings.hpp"
#include "common/domain/application_record.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/store/application_reviews.hpp"
#include "common/store/graduation_photos.hpp"

namespace zk::application_review {

namespace reviews = store::application_reviews;

namespace {

// Two notes at most per major: enough for a clerk to see where to look, short enough for
// the timeline.
constexpr std::size_t kMaxReasons = 8;

void add_reason(Verdict& v, std::string line) {
    if (v.reasons.size() < kMaxReasons) v.reasons.push_back(std::move(line));
}

std::string join(const std::vector<std::string>& lines, const char* separator) {
    std::string out;
    for (const auto& l : lines) out += (out.empty() ? "" : separator) + l;
    return out;
}

struct Audited {
    std::vector<graduation::ChosenMajor> majors;
    graduation::AuditInputs inputs;
    std::map<int, graduation::MajorAudit> audits;
};

// Audits every chosen major afresh and stores the audits (application_majors) for the
// reviewers and the examinee's status page.
Audited audit_and_store(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id) {
    Audited a;
    a.majors = graduation::chosen_majors(tx, application_id);
    a.inputs = graduation::audit_inputs(tx, examinee_id, application_id);
    std::vector<int> ids;
    for (const auto& m : a.majors)
        if (m.major_id != 0) ids.push_back(m.major_id);
    a.audits = graduation::audit_majors(tx, a.inputs, ids);
    std::vector<store::applications::MajorAudit> stored;
    for (const auto& m : a.majors) {
        const auto it = a.audits.find(m.major_id);
        if (it == a.audits.end()) continue;
        stored.push_back({m.seq, m.major_id, it->second.result.eligible, application_record::audit_json(it->second.result)});
    }
    store::applications::store_audits(tx, application_id, stored);
    return a;
}

std::vector<MajorOutcome> outcomes(const Audited& a) {
    std::vector<MajorOutcome> out;
    for (const auto& m : a.majors) {
        const auto it = a.audits.find(m.major_id);
        out.push_back({m.institution_name + " " + m.major_name, it == a.audits.end() ? nullptr : &it->second.result});
    }
    return out;
}

bool all_met(const std::vector<MajorOutcome>& majors) {
    if (majors.empty()) return false;
    for (const auto& m : majors)
        if (!m.result || !m.result->eligible || !m.result->problems.empty()) return false;
    return true;
}

// One line in the staff audit log for a decision on an application.
void log_decision(pqxx::transaction_base& tx, std::int64_t staff_id, const char* action, std::int64_t application_id,
                  const std::string& from, const std::string& to, const std::string& extra = "") {
    staff_audit::record(tx, staff_id, action, "application:" + std::to_string(application_id),
                        "{\"status\":" + json::quote(from) + "}",
                        "{\"status\":" + json::quote(to) + (extra.empty() ? "" : "," + extra) + "}");
}

std::optional<std::string> text_error(const std::string& text, std::size_t min) {
    if (!strings::is_clean_utf8(text)) return "原因中含有无法识别的字符，请重新输入。";
    const std::size_t n = strings::utf8_length(text);
    if (n < min) return min <= 1 ? "请填写原因。" : "请填写不通过原因（至少" + std::to_string(min) + "个字）。";
    if (n > kMaxReason) return "原因不能超过" + std::to_string(kMaxReason) + "个字（现为" + std::to_string(n) + "个字）。";
    return std::nullopt;
}

}  // namespace

// ---- 系统审核 ----

Verdict judge(const graduation::AuditInputs& inputs, const std::vector<MajorOutcome>& majors) {
    Verdict v;
    if (majors.empty()) add_reason(v, "未选择申请专业");
    for (const auto& m : majors) {
        if (!m.result) {
            add_reason(v, m.name + "：暂无现行的专业计划");
            continue;
        }
        if (!m.result->problems.empty()) add_reason(v, m.name + "：所选顶替课程有误");
        else if (!m.result->eligible) add_reason(v, m.name + "：按现行计划重新审核不符合毕业条件");
    }
    if (!inputs.oldplan.empty()) add_reason(v, "已添加旧计划课程" + std::to_string(inputs.oldplan.size()) + "门，需核验证书");
    if (!inputs.choices.substitutions.empty()) add_reason(v, "已选择一门顶多门或任选一门新计划顶替课程");
    if (!inputs.choices.english_replacement.empty()) add_reason(v, "已选择顶替英语二课程");
    v.pass = v.reasons.empty() && all_met(majors);
    return v;
}

std::optional<std::string> photo_verified(pqxx::transaction_base& tx, std::int64_t application_id,
                                          std::int64_t examinee_id) {
    const Audited a = audit_and_store(tx, application_id, examinee_id);
    const Verdict v = judge(a.inputs, outcomes(a));
    if (v.pass) {
        if (!reviews::system_pass(tx, application_id, "毕业照片已认证；系统审核通过")) return std::nullopt;
        return "prereview_passed";
    }
    if (!reviews::system_to_prereview(tx, application_id, "毕业照片已认证；转县区招办预审：" + join(v.reasons, "；")))
        return std::nullopt;
    return "prereview";
}

// ---- 预审 ----

const std::vector<ReasonCode>& prereview_reasons() {
    static const std::vector<ReasonCode> list = {
        {"score", "成绩不符"},           {"substitution", "顶替课程不符"}, {"oldplan", "旧计划材料不全"},
        {"photo", "照片不合格"},         {"education", "学历信息不一致"},  {"other", "其他"},
    };
    return list;
}

const char* reason_label(const std::string& code) {
    for (const auto& r : prereview_reasons())
        if (code == r.code) return r.label;
    return nullptr;
}

std::optional<std::string> prereview_reason_error(const std::string& code, const std::string& text) {
    if (!reason_label(code)) return "请选择不通过原因。";
    if (code == "other") return text_error(text, 2);
    if (text.empty()) return std::nullopt;
    return text_error(text, 1);
}

std::optional<std::string> final_reason_error(const std::string& text) { return text_error(text, 2); }

std::string prereview_reason_text(const std::string& code, const std::string& text) {
    const char* label = reason_label(code);
    const std::string head = label ? label : "";
    return text.empty() ? head : head + "：" + text;
}

bool approve_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id) {
    if (!reviews::staff_move(tx, application_id, "prereview", "prereview_passed", staff_id)) return false;
    log_decision(tx, staff_id, "application.prereview.approve", application_id, "prereview", "prereview_passed");
    return true;
}

bool refuse_prereview(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                      const std::string& code, const std::string& text) {
    const std::string reason = prereview_reason_text(code, text);
    if (!reviews::refuse_prereview(tx, application_id, staff_id, code, reason)) return false;
    log_decision(tx, staff_id, "application.prereview.refuse", application_id, "prereview", "prereview_failed",
                 "\"reason_code\":" + json::quote(code) + ",\"reason\":" + json::quote(reason));
    return true;
}

std::optional<bool> check_oldplan(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id,
                                  const std::string& course_code, bool verified, std::int64_t staff_id) {
    const auto before = reviews::check_oldplan(tx, application_id, course_code, verified, staff_id);
    if (!before) return std::nullopt;
    const bool met = reaudit(tx, application_id, examinee_id);
    const auto state = [](bool checked, bool ok) { return std::string(!checked ? "\"unchecked\"" : ok ? "\"verified\"" : "\"refused\""); };
    staff_audit::record(tx, staff_id, "application.oldplan.check",
                        "application:" + std::to_string(application_id) + ":course:" + course_code,
                        "{\"certificate\":" + state(before->checked, before->verified) + "}",
                        "{\"certificate\":" + state(true, verified) + ",\"all_majors_met\":" + (met ? "true" : "false") +
                            "}");
    return met;
}

bool reaudit(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t examinee_id) {
    return all_met(outcomes(audit_and_store(tx, application_id, examinee_id)));
}

// ---- after payment ----

bool mark_materials_returned(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id) {
    if (!reviews::staff_move(tx, application_id, "regform_filled", "materials_returned", staff_id)) return false;
    log_decision(tx, staff_id, "application.materials_returned", application_id, "regform_filled",
                 "materials_returned");
    return true;
}

bool registration_form_locked(const std::string& status) {
    return status == "materials_returned" || status == "approved" || status == "rejected";
}

bool approve_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id) {
    if (!reviews::staff_move(tx, application_id, "materials_returned", "approved", staff_id)) return false;
    log_decision(tx, staff_id, "application.final.approve", application_id, "materials_returned", "approved");
    return true;
}

bool refuse_final(pqxx::transaction_base& tx, std::int64_t application_id, std::int64_t staff_id,
                  const std::string& reason) {
    if (!reviews::refuse_final(tx, application_id, staff_id, reason)) return false;
    log_decision(tx, staff_id, "application.final.refuse", application_id, "materials_returned", "rejected",
                 "\"reason\":" + json::quote(reason));
    return true;
}

// ---- 重新申请 ----

std::optional<std::int64_t> start_second_attempt(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id,
                                                 const store::applications::Application& first) {
    const auto id = store::applications::create_second_attempt(tx, examinee_id, batch_id, first);
    if (id && first.prereview_reason_code != "photo") store::graduation_photos::carry_approved(tx, first.id, *id);
    return id;
}

}  // namespace zk::application_review
