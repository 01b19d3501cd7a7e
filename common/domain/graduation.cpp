// graduation.cpp: see graduation.hpp.
#include "common/domain/graduation.hpp"

#include "common/store/plans.hpp"

namespace zk::graduation {

namespace {
std::vector<eligibility::PassedCourse> with_oldplan(std::vector<eligibility::PassedCourse> passed,
                                                    const std::vector<store::applications::OldPlanCourse>& oldplan) {
    for (const auto& o : oldplan) {
        // A certificate a clerk refused is no pass at all: left out, so the requirement it
        // claimed is missing (an unchecked one still counts, provisionally).
        if (o.refused) continue;
        eligibility::PassedCourse p;
        p.code = o.code;
        p.name = o.name;
        p.credits = o.credits;
        p.passed_on = o.passed_on;
        p.score = o.score;
        p.source = eligibility::Source::OldPlanCertificate;
        p.verified = o.verified;
        passed.push_back(std::move(p));
    }
    return passed;
}
}  // namespace

std::optional<Window> window(pqxx::transaction_base& tx) { return store::applications::graduation_window(tx); }

std::optional<Application> latest_application(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    return store::applications::latest(tx, examinee_id, batch_id);
}

std::optional<Application> lock_draft(pqxx::transaction_base& tx, std::int64_t examinee_id, int batch_id) {
    store::applications::create_draft(tx, examinee_id, batch_id);
    auto a = store::applications::lock_latest(tx, examinee_id, batch_id);
    if (!a || a->status != "draft") return std::nullopt;
    return a;
}

std::vector<ChosenMajor> chosen_majors(pqxx::transaction_base& tx, std::int64_t application_id) {
    return store::applications::majors(tx, application_id);
}

std::vector<eligibility::PassedCourse> transcript(pqxx::transaction_base& tx, std::int64_t examinee_id,
                                                  std::int64_t application_id) {
    auto passed = store::plans::passed_courses(tx, examinee_id);
    if (application_id == 0) return passed;
    return with_oldplan(std::move(passed), store::applications::oldplan_courses(tx, application_id));
}

eligibility::Choices choices(pqxx::transaction_base& tx, std::int64_t application_id) {
    return store::applications::choices(tx, application_id);
}

AuditInputs audit_inputs(pqxx::transaction_base& tx, std::int64_t examinee_id, std::int64_t application_id) {
    AuditInputs in;
    if (application_id != 0) {
        in.oldplan = store::applications::oldplan_courses(tx, application_id);
        in.choices = store::applications::choices(tx, application_id);
    }
    in.transcript = with_oldplan(store::plans::passed_courses(tx, examinee_id), in.oldplan);
    in.rules = store::plans::rules(tx);
    return in;
}

MajorAudit audit(eligibility::Plan plan, const AuditInputs& inputs) {
    MajorAudit out;
    out.plan = std::move(plan);
    out.result = eligibility::run(out.plan, inputs.transcript, inputs.rules, inputs.choices);
    return out;
}

std::map<int, MajorAudit> audit_majors(pqxx::transaction_base& tx, const AuditInputs& inputs,
                                       const std::vector<int>& major_ids) {
    std::map<int, MajorAudit> out;
    for (auto& [id, mp] : store::plans::current_plans(tx, major_ids)) out.emplace(id, audit(std::move(mp.plan), inputs));
    return out;
}

std::map<int, store::plans::MajorPlan> chosen_plans(pqxx::transaction_base& tx,
                                                    const std::vector<ChosenMajor>& majors) {
    std::vector<int> ids;
    for (const auto& m : majors)
        if (m.major_id != 0) ids.push_back(m.major_id);
    return store::plans::current_plans(tx, ids);
}

bool needs_prior_education(const std::string& major_level) { return major_level == "本科" || major_level == "专升本"; }

std::optional<std::string> prior_education_block(pqxx::transaction_base& tx, const crypto::FieldCipher& cipher,
                                                 std::int64_t examinee_id) {
    static const std::string kContact = "请尽早联系所在市（县、区）招办线下办理。";
    auto prior = store::applications::prior_education(tx, examinee_id);
    if (!prior || prior->records.empty())
        return "申请自学考试本科学历须先完成学信网学历验证授权（个人中心 → 学信网学历验证），授权完成后方可提交本科毕业申请。";
    const std::string examinee_id_number = cipher.decrypt(prior->id_number_enc, "id_number");
    bool any_level_ok = false;
    for (const auto& r : prior->records) {
        const bool level_ok = r.level == "专科" || r.level == "本科" || r.level == "研究生" ||
                              r.level == "硕士研究生" || r.level == "博士研究生" || r.level == "第二学士学位";
        any_level_ok = any_level_ok || level_ok;
        if (!level_ok) continue;
        const bool same = r.name == prior->name && cipher.decrypt(r.id_number_enc, "id_number") == examinee_id_number &&
                          r.gender == prior->gender;
        if (same) return std::nullopt;
    }
    if (!any_level_ok) return "学信网验证的前置学历层次低于专科，不能申请本科毕业。" + kContact;
    return "学信网验证的前置学历信息（姓名、身份证号、性别）与本人报考信息不完全一致，不能提交本科毕业申请。" + kContact;
}

}  // namespace zk::graduation
