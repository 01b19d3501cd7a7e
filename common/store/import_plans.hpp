// import_plans.hpp: the tables of a teaching plan version (plans, plan_groups,
// plan_courses) as `zikao-ctl import plans` reads and replaces them. Reading plans for
// the eligibility engine is common/store/plans.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
// Dates are YYYY-MM-DD text; "" is NULL for effective_to and for a course's group.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_plans {

struct Version {
    long id = 0;
    std::string from, to;  // effective_from, effective_to ("" = open)
    long min_total = 0;
};

std::optional<Version> find_version(pqxx::transaction_base& tx, long major_id, const std::string& version);
// Returns plans.id of the new version.
long insert_version(pqxx::transaction_base& tx, long major_id, const std::string& version, const Version& v);
void update_version(pqxx::transaction_base& tx, const Version& v);

struct Group {
    std::string id, title;
    long min_credits = 0, min_count = 0;
};

std::vector<Group> groups(pqxx::transaction_base& tx, long plan_id);
void insert_group(pqxx::transaction_base& tx, long plan_id, const Group& g);
void update_group(pqxx::transaction_base& tx, long plan_id, const Group& g);
void delete_group(pqxx::transaction_base& tx, long plan_id, const std::string& group_id);

struct Course {
    std::string code, requirement, group_id;  // group_id "" = none
    long sort_order = 0;
};

std::vector<Course> courses(pqxx::transaction_base& tx, long plan_id);
void insert_course(pqxx::transaction_base& tx, long plan_id, const Course& c);
void update_course(pqxx::transaction_base& tx, long plan_id, const Course& c);
void delete_course(pqxx::transaction_base& tx, long plan_id, const std::string& course_code);

}  // namespace zk::store::import_plans
