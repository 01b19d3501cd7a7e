// plans.cpp: see plans.hpp. Dates travel as yyyymmdd integers, the engine's format.
#include "common/store/plans.hpp"

#include <map>

namespace zk::store::plans {

namespace {
const char* const kToday = "(now() AT TIME ZONE 'Asia/Shanghai')::date";

int yyyymmdd(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int>(); }

eligibility::RequirementKind requirement_kind(const std::string& r) {
    if (r == "thesis") return eligibility::RequirementKind::Thesis;
    if (r == "practice") return eligibility::RequirementKind::Practice;
    return eligibility::RequirementKind::Required;
}

MajorPlan build(pqxx::transaction_base& tx, const pqxx::row& head) {
    MajorPlan mp;
    mp.major_id = head["major_id"].as<int>();
    mp.institution_code = head["institution_code"].as<std::string>();
    mp.institution_name = head["institution_name"].as<std::string>();
    eligibility::Plan& p = mp.plan;
    p.major_code = head["major_code"].as<std::string>();
    p.major_name = head["major_name"].as<std::string>();
    p.level = head["level"].as<std::string>();
    p.min_total_credits = head["min_total_credits"].as<int>();
    const int plan_id = head["plan_id"].as<int>();
    std::map<std::string, size_t> group_index;
    for (const auto& g : tx.exec_prepared("audit_store_groups", plan_id)) {
        eligibility::ElectiveGroup group;
        group.id = g["group_id"].as<std::string>();
        group.title = g["title"].as<std::string>();
        group.min_credits = g["min_credits"].as<int>();
        group.min_count = g["min_count"].as<int>();
        group_index[group.id] = p.electives.size();
        p.electives.push_back(std::move(group));
    }
    for (const auto& c : tx.exec_prepared("audit_store_courses", plan_id)) {
        const std::string requirement = c["requirement"].as<std::string>();
        if (requirement == "elective") {
            auto it = group_index.find(c["group_id"].as<std::string>());
            if (it != group_index.end()) p.electives[it->second].course_codes.push_back(c["course_code"].as<std::string>());
            continue;
        }
        p.required.push_back({c["course_code"].as<std::string>(), c["name"].as<std::string>(), c["credits"].as<int>(),
                              requirement_kind(requirement)});
    }
    return mp;
}
}  // namespace

db::Statements statements() {
    const std::string head =
        "SELECT p.id AS plan_id, p.effective_from, p.min_total_credits, m.id AS major_id, m.code AS major_code, m.name AS major_name, "
        "       m.level, i.code AS institution_code, i.name AS institution_name "
        "FROM plans p JOIN majors m ON m.id = p.major_id JOIN institutions i ON i.code = m.institution_code ";
    const std::string in_force = std::string("p.effective_from <= ") + kToday + " AND (p.effective_to IS NULL OR p.effective_to >= " +
                                 kToday + ") ";
    return {
        {"audit_store_plan", head + "WHERE p.major_id = $1 AND " + in_force + "ORDER BY p.effective_from DESC LIMIT 1"},
        {"audit_store_institution_plans",
         "SELECT DISTINCT ON (q.major_code) q.* FROM (" + head + "WHERE " + in_force +
             ") q WHERE q.institution_code = $1 ORDER BY q.major_code, q.effective_from DESC"},
        {"audit_store_groups",
         "SELECT group_id, title, min_credits, min_count FROM plan_groups WHERE plan_id = $1 ORDER BY group_id"},
        {"audit_store_courses",
         "SELECT pc.course_code, c.name, c.credits, pc.requirement, pc.group_id FROM plan_courses pc "
         "JOIN courses c ON c.code = pc.course_code WHERE pc.plan_id = $1 ORDER BY pc.sort_order, pc.course_code"},
        {"audit_store_rules",
         "SELECT id, kind, new_code, to_char(valid_from, 'YYYYMMDD')::int AS valid_from, "
         "       to_char(valid_to, 'YYYYMMDD')::int AS valid_to FROM substitution_rules ORDER BY id"},
        {"audit_store_rule_old", "SELECT rule_id, course_code FROM substitution_rule_old_courses ORDER BY rule_id, course_code"},
        {"audit_store_rule_majors", "SELECT rule_id, major_code FROM substitution_rule_majors ORDER BY rule_id, major_code"},
        {"audit_store_passed",
         "SELECT pc.course_code, c.name, c.credits, to_char(pc.passed_on, 'YYYYMMDD')::int AS passed_on, pc.score, "
         "       pc.source, pc.verified, pc.used_by_graduation "
         "FROM passed_courses pc JOIN courses c ON c.code = pc.course_code WHERE pc.examinee_id = $1 "
         "ORDER BY pc.course_code"},
    };
}

std::optional<MajorPlan> current_plan(pqxx::transaction_base& tx, int major_id) {
    auto r = tx.exec_prepared("audit_store_plan", major_id);
    if (r.empty()) return std::nullopt;
    return build(tx, r[0]);
}

std::vector<MajorPlan> institution_plans(pqxx::transaction_base& tx, const std::string& institution_code) {
    std::vector<MajorPlan> out;
    for (const auto& row : tx.exec_prepared("audit_store_institution_plans", institution_code)) out.push_back(build(tx, row));
    return out;
}

std::vector<eligibility::SubstitutionRule> rules(pqxx::transaction_base& tx) {
    std::vector<eligibility::SubstitutionRule> out;
    std::map<std::string, size_t> index;
    for (const auto& r : tx.exec_prepared("audit_store_rules")) {
        eligibility::SubstitutionRule rule;
        rule.id = r["id"].as<std::string>();
        const std::string kind = r["kind"].as<std::string>();
        rule.kind = kind == "one_for_many" ? eligibility::RuleKind::OneForMany
                    : kind == "any_one_of" ? eligibility::RuleKind::AnyOneOf
                                           : eligibility::RuleKind::OneToOne;
        rule.new_codes = {r["new_code"].as<std::string>()};
        rule.valid_from = yyyymmdd(r["valid_from"]);
        rule.valid_to = yyyymmdd(r["valid_to"]);
        index[rule.id] = out.size();
        out.push_back(std::move(rule));
    }
    for (const auto& r : tx.exec_prepared("audit_store_rule_old"))
        if (auto it = index.find(r["rule_id"].as<std::string>()); it != index.end())
            out[it->second].old_codes.push_back(r["course_code"].as<std::string>());
    for (const auto& r : tx.exec_prepared("audit_store_rule_majors"))
        if (auto it = index.find(r["rule_id"].as<std::string>()); it != index.end())
            out[it->second].majors.push_back(r["major_code"].as<std::string>());
    return out;
}

std::vector<eligibility::PassedCourse> passed_courses(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<eligibility::PassedCourse> out;
    for (const auto& r : tx.exec_prepared("audit_store_passed", examinee_id)) {
        eligibility::PassedCourse p;
        p.code = r["course_code"].as<std::string>();
        p.name = r["name"].as<std::string>();
        p.credits = r["credits"].as<int>();
        p.passed_on = r["passed_on"].as<int>();
        p.score = r["score"].as<std::string>();
        const std::string source = r["source"].as<std::string>();
        p.source = source == "exemption"              ? eligibility::Source::Exemption
                   : source == "old_plan_certificate" ? eligibility::Source::OldPlanCertificate
                                                      : eligibility::Source::Exam;
        p.verified = r["verified"].as<bool>();
        p.used_by_earlier_graduation = r["used_by_graduation"].as<bool>();
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace zk::store::plans
