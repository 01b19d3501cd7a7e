// plans.hpp: what the eligibility engine needs from PostgreSQL — the plan version of a
// major in force today (China time), the substitution rules, an examinee's passed
// courses — turned into the engine's plain structs. The engine itself stays free of I/O.
// Plans are read for a set of majors or institutions at once, in a fixed number of
// statements however many there are, so a request reads them once, not once per major.
// SECURITY: trusts the database; every query is a prepared statement with parameters.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/base/db.hpp"
#include "common/domain/eligibility/engine.hpp"

namespace zk::store::plans {

struct MajorPlan {
    int major_id = 0;
    std::string institution_code, institution_name;
    eligibility::Plan plan;
};

// The plan version of majors.id in force today; nullopt when the major has none.
std::optional<MajorPlan> current_plan(pqxx::transaction_base& tx, int major_id);
// The plans in force today of these majors, by major id (majors without one are absent).
std::map<int, MajorPlan> current_plans(pqxx::transaction_base& tx, const std::vector<int>& major_ids);
// Every major of an institution that has a plan in force today, in major-code order.
std::vector<MajorPlan> institution_plans(pqxx::transaction_base& tx, const std::string& institution_code);
// The same for several institutions at once, by institution code.
std::map<std::string, std::vector<MajorPlan>> institution_plans(pqxx::transaction_base& tx,
                                                                const std::vector<std::string>& institution_codes);
std::vector<eligibility::SubstitutionRule> rules(pqxx::transaction_base& tx);

// The plan version of a major in force today as the 专业计划查询 page shows it.
struct Version {
    int plan_id = 0;
    std::string version, effective_from, effective_to;  // YYYY-MM-DD; effective_to "" when open
    int min_total_credits = 0;
};
std::optional<Version> current_version(pqxx::transaction_base& tx, int major_id);
// The courses of plans, in plan, then the plan's sort order (then code).
struct PlanCourse {
    int plan_id = 0;
    std::string code, name;
    int credits = 0;
    std::string requirement;  // required, thesis, practice, elective
    std::string group_id;     // elective only
    int sort_order = 0;
};
std::vector<PlanCourse> courses_of(pqxx::transaction_base& tx, const std::vector<int>& plan_ids);
// The elective groups of plans, in plan, then group-id order.
struct PlanGroup {
    int plan_id = 0;
    std::string id, title;
    int min_credits = 0, min_count = 0;
};
std::vector<PlanGroup> groups_of(pqxx::transaction_base& tx, const std::vector<int>& plan_ids);
// Every pass of the examinee, in course-code, then date order: a course passed more than
// once (re-taken, or 免考 besides an exam pass) comes once per pass, each with its own
// date, score, source, verified and used_by_graduation. The engine picks the pass that
// helps (e.g. the one inside a substitution rule's validity window); a page listing
// courses must list such a course, and count its credits, once.
std::vector<eligibility::PassedCourse> passed_courses(pqxx::transaction_base& tx, std::int64_t examinee_id);

// A date of the engine's yyyymmdd format as pages show it: 20240413 → 2024-04-13.
std::string iso_date(int yyyymmdd);

}  // namespace zk::store::plans
