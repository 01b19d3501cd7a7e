// plans.cpp: see plans.hpp. Dates travel as yyyymmdd integers, the engine's format. A set
// of plans is read in three statements (heads, then the groups and courses of every head
// at once); which version is in force is decided in one place (kInForce; of several, the
// latest effective_from, then the highest id).
#include "common/store/plans.hpp"

#include <cctype>
#include <cstdio>

#include "common/store/arrays.hpp"

namespace zk::store::plans {

namespace {
// The plan versions in force today (China time), with their major and institution.
const std::string kInForce =
    "SELECT p.id AS plan_id, p.effective_from, p.min_total_credits, m.id AS major_id, m.code AS major_code, "
    "       m.name AS major_name, m.level, i.code AS institution_code, i.name AS institution_name "
    "FROM plans p JOIN majors m ON m.id = p.major_id JOIN institutions i ON i.code = m.institution_code "
    "WHERE p.effective_from <= (now() AT TIME ZONE 'Asia/Shanghai')::date "
    "  AND (p.effective_to IS NULL OR p.effective_to >= (now() AT TIME ZONE 'Asia/Shanghai')::date)";

// One row per major: the version in force today.

int yyyymmdd(const pqxx::field& f) { return f.is_null() ? 0 : f.as<int>(); }

const db::Statement kMajorPlans{"plans_of_majors",
    "SELECT DISTINCT ON (q.major_id) q.* FROM (" + kInForce + ") q "
    "WHERE q.major_id = ANY($1::int[]) ORDER BY q.major_id, q.effective_from DESC, q.plan_id DESC"};
const db::Statement kInstitutionPlans{"plans_of_institutions",
    "SELECT DISTINCT ON (q.institution_code, q.major_code) q.* FROM (" + kInForce + ") q "
    "WHERE q.institution_code = ANY($1::text[]) "
    "ORDER BY q.institution_code, q.major_code, q.effective_from DESC, q.plan_id DESC"};
eligibility::RequirementKind requirement_kind(const std::string& r) {
    if (r == "thesis") return eligibility::RequirementKind::Thesis;
    if (r == "practice") return eligibility::RequirementKind::Practice;
    return eligibility::RequirementKind::Required;
}

// The plans of `heads` (rows of kMajorPlans / kInstitutionPlans), in the heads' order,
// with their groups and courses read in two statements.
std::vector<MajorPlan> build(pqxx::transaction_base& tx, const pqxx::result& heads) {
    std::vector<MajorPlan> out;
    if (heads.empty()) return out;
    std::vector<int> plan_ids;
    std::map<int, std::size_t> index;  // plan id → position in out
    for (const auto& head : heads) {
        MajorPlan mp;
        mp.major_id = head["major_id"].as<int>();
        mp.institution_code = head["institution_code"].as<std::string>();
        mp.institution_name = head["institution_name"].as<std::string>();
        mp.plan.major_code = head["major_code"].as<std::string>();
        mp.plan.major_name = head["major_name"].as<std::string>();
        mp.plan.level = head["level"].as<std::string>();
        mp.plan.min_total_credits = head["min_total_credits"].as<int>();
        const int plan_id = head["plan_id"].as<int>();
        plan_ids.push_back(plan_id);
        index[plan_id] = out.size();
        out.push_back(std::move(mp));
    }
    std::map<std::pair<int, std::string>, std::size_t> group_index;  // (plan, group) → position in electives
    for (auto& g : groups_of(tx, plan_ids)) {
        eligibility::Plan& p = out[index.at(g.plan_id)].plan;
        group_index[{g.plan_id, g.id}] = p.electives.size();
        p.electives.push_back({g.id, g.title, {}, g.min_credits, g.min_count, {}});
    }
    for (auto& c : courses_of(tx, plan_ids)) {
        eligibility::Plan& p = out[index.at(c.plan_id)].plan;
        if (c.requirement == "elective") {
            auto it = group_index.find({c.plan_id, c.group_id});
            if (it != group_index.end()) {
                p.electives[it->second].course_codes.push_back(c.code);
                p.electives[it->second].course_credits.push_back(c.credits);
            }
            continue;
        }
        p.required.push_back({c.code, c.name, c.credits, requirement_kind(c.requirement)});
    }
    return out;
}

std::string code_array(const std::vector<std::string>& codes) {
    std::string out = "{";
    for (std::size_t i = 0; i < codes.size(); ++i) out += (i ? "," : "") + codes[i];
    return out + "}";
}
}  // namespace

std::optional<MajorPlan> current_plan(pqxx::transaction_base& tx, int major_id) {
    auto plans = current_plans(tx, {major_id});
    if (plans.empty()) return std::nullopt;
    return std::move(plans.begin()->second);
}

std::map<int, MajorPlan> current_plans(pqxx::transaction_base& tx, const std::vector<int>& major_ids) {
    std::map<int, MajorPlan> out;
    if (major_ids.empty()) return out;
    for (auto& mp : build(tx, kMajorPlans(tx, id_array(major_ids)))) out.emplace(mp.major_id, std::move(mp));
    return out;
}

std::vector<MajorPlan> institution_plans(pqxx::transaction_base& tx, const std::string& institution_code) {
    auto all = institution_plans(tx, std::vector<std::string>{institution_code});
    return std::move(all[institution_code]);
}

std::map<std::string, std::vector<MajorPlan>> institution_plans(pqxx::transaction_base& tx,
                                                                const std::vector<std::string>& institution_codes) {
    std::map<std::string, std::vector<MajorPlan>> out;
    for (const auto& code : institution_codes) out[code];
    // Institution codes are [0-9A-Za-z]{1,10} (schema CHECK); anything else matches nothing.
    std::vector<std::string> safe;
    for (const auto& code : institution_codes) {
        bool ok = !code.empty();
        for (char c : code) ok = ok && std::isalnum(static_cast<unsigned char>(c));
        if (ok) safe.push_back(code);
    }
    if (safe.empty()) return out;
    for (auto& mp : build(tx, kInstitutionPlans(tx, code_array(safe)))) out[mp.institution_code].push_back(std::move(mp));
    return out;
}

const db::Statement kRules{"plans_rules", R"sql(
    SELECT r.id, r.kind, r.new_code, to_char(r.valid_from, 'YYYYMMDD')::int AS valid_from,
           to_char(r.valid_to, 'YYYYMMDD')::int AS valid_to,
           ARRAY(SELECT o.course_code FROM substitution_rule_old_courses o WHERE o.rule_id = r.id
                 ORDER BY o.course_code) AS old_codes,
           ARRAY(SELECT rm.major_code FROM substitution_rule_majors rm WHERE rm.rule_id = r.id
                 ORDER BY rm.major_code) AS majors
    FROM substitution_rules r ORDER BY r.id
)sql"};
std::vector<eligibility::SubstitutionRule> rules(pqxx::transaction_base& tx) {
    std::vector<eligibility::SubstitutionRule> out;
    for (const auto& r : kRules(tx)) {
        eligibility::SubstitutionRule rule;
        rule.id = r["id"].as<std::string>();
        const std::string kind = r["kind"].as<std::string>();
        rule.kind = kind == "one_for_many" ? eligibility::RuleKind::OneForMany
                    : kind == "any_one_of" ? eligibility::RuleKind::AnyOneOf
                                           : eligibility::RuleKind::OneToOne;
        rule.new_codes = {r["new_code"].as<std::string>()};
        rule.valid_from = yyyymmdd(r["valid_from"]);
        rule.valid_to = yyyymmdd(r["valid_to"]);
        rule.old_codes = text_array(r["old_codes"]);
        rule.majors = text_array(r["majors"]);
        out.push_back(std::move(rule));
    }
    return out;
}

const db::Statement kVersion{"plans_current_version",
    "SELECT q.plan_id, p.version, to_char(p.effective_from, 'YYYY-MM-DD') AS effective_from, "
    "       to_char(p.effective_to, 'YYYY-MM-DD') AS effective_to, p.min_total_credits "
    "FROM (" + kInForce + ") q JOIN plans p ON p.id = q.plan_id "
    "WHERE q.major_id = $1 ORDER BY q.effective_from DESC, q.plan_id DESC LIMIT 1"};
std::optional<Version> current_version(pqxx::transaction_base& tx, int major_id) {
    auto r = kVersion(tx, major_id);
    if (r.empty()) return std::nullopt;
    return Version{r[0]["plan_id"].as<int>(), r[0]["version"].as<std::string>(), db::text(r[0]["effective_from"]),
                   db::text(r[0]["effective_to"]), r[0]["min_total_credits"].as<int>()};
}

const db::Statement kCourses{"plans_courses_of", R"sql(
    SELECT pc.plan_id, pc.course_code, c.name, c.credits, pc.requirement, pc.group_id, pc.sort_order
    FROM plan_courses pc
    JOIN courses c ON c.code = pc.course_code WHERE pc.plan_id = ANY($1::int[])
    ORDER BY pc.plan_id, pc.sort_order, pc.course_code
)sql"};
std::vector<PlanCourse> courses_of(pqxx::transaction_base& tx, const std::vector<int>& plan_ids) {
    std::vector<PlanCourse> out;
    if (plan_ids.empty()) return out;
    for (const auto& c : kCourses(tx, id_array(plan_ids)))
        out.push_back({c["plan_id"].as<int>(), c["course_code"].as<std::string>(), c["name"].as<std::string>(),
                       c["credits"].as<int>(), c["requirement"].as<std::string>(), db::text(c["group_id"]),
                       c["sort_order"].as<int>()});
    return out;
}

const db::Statement kGroups{"plans_groups_of", R"sql(
    SELECT plan_id, group_id, title, min_credits, min_count FROM plan_groups WHERE plan_id = ANY($1::int[])
    ORDER BY plan_id, group_id
)sql"};
std::vector<PlanGroup> groups_of(pqxx::transaction_base& tx, const std::vector<int>& plan_ids) {
    std::vector<PlanGroup> out;
    if (plan_ids.empty()) return out;
    for (const auto& g : kGroups(tx, id_array(plan_ids)))
        out.push_back({g["plan_id"].as<int>(), g["group_id"].as<std::string>(), g["title"].as<std::string>(),
                       g["min_credits"].as<int>(), g["min_count"].as<int>()});
    return out;
}

const db::Statement kPassed{"plans_passed", R"sql(
    SELECT pc.course_code, c.name, c.credits, to_char(pc.passed_on, 'YYYYMMDD')::int AS passed_on, pc.score,
           pc.source, pc.verified, pc.used_by_graduation
    FROM passed_courses pc JOIN courses c ON c.code = pc.course_code WHERE pc.examinee_id = $1
    ORDER BY pc.course_code, pc.passed_on, pc.id
)sql"};
std::vector<eligibility::PassedCourse> passed_courses(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    std::vector<eligibility::PassedCourse> out;
    for (const auto& r : kPassed(tx, examinee_id)) {
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

std::string iso_date(int yyyymmdd) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100);
    return buf;
}

}  // namespace zk::store::plans
