// plans.hpp: reads what the audit engine needs from PostgreSQL — a major's plan version in
// force today (China time), the substitution rules, an examinee's passed courses — and
// turns it into the engine's plain structs. The engine itself stays free of I/O.
// SECURITY: trusts the database; every query is a prepared statement with parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/domain/eligibility/engine.hpp"
#include "common/base/db.hpp"

namespace zk::store::plans {

db::Statements statements();

struct MajorPlan {
    int major_id = 0;
    std::string institution_code, institution_name;
    eligibility::Plan plan;
};

// The plan version of majors.id in force today; nullopt when the major has none.
std::optional<MajorPlan> current_plan(pqxx::transaction_base& tx, int major_id);
// Every major of an institution that has a plan in force today, in major-code order.
std::vector<MajorPlan> institution_plans(pqxx::transaction_base& tx, const std::string& institution_code);
std::vector<eligibility::SubstitutionRule> rules(pqxx::transaction_base& tx);
std::vector<eligibility::PassedCourse> passed_courses(pqxx::transaction_base& tx, std::int64_t examinee_id);

}  // namespace zk::store::plans
