// import_plans.cpp: see import_plans.hpp.
#include "common/store/import_plans.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_plans {
const db::Statement kFindVersion{"import_plans_find_version", R"sql(
    SELECT id, to_char(effective_from, 'YYYY-MM-DD'), COALESCE(to_char(effective_to, 'YYYY-MM-DD'), ''),
     min_total_credits FROM plans WHERE major_id = $1 AND version = $2
)sql"};
std::optional<Version> find_version(pqxx::transaction_base& tx, long major_id, const std::string& version) {
    auto r = kFindVersion(tx, major_id, version);
    if (r.empty()) return std::nullopt;
    return Version{r[0][0].as<long>(), db::text(r[0][1]), db::text(r[0][2]), r[0][3].as<long>()};
}

const db::Statement kInsertVersion{"import_plans_insert_version", R"sql(
    INSERT INTO plans (major_id, version, effective_from, effective_to, min_total_credits)
     VALUES ($1, $2, $3::date, NULLIF($4, '')::date, $5) RETURNING id
)sql"};
long insert_version(pqxx::transaction_base& tx, long major_id, const std::string& version, const Version& v) {
    return kInsertVersion(tx, major_id, version, v.from, v.to, v.min_total)[0][0].as<long>();
}

const db::Statement kUpdateVersion{"import_plans_update_version", R"sql(
    UPDATE plans SET effective_from = $2::date, effective_to = NULLIF($3, '')::date,
     min_total_credits = $4 WHERE id = $1
)sql"};
void update_version(pqxx::transaction_base& tx, const Version& v) { kUpdateVersion(tx, v.id, v.from, v.to, v.min_total); }

const db::Statement kGroups{"import_plans_groups", R"sql(
    SELECT group_id, title, min_credits, min_count FROM plan_groups WHERE plan_id = $1
)sql"};
std::vector<Group> groups(pqxx::transaction_base& tx, long plan_id) {
    std::vector<Group> out;
    for (const auto& r : kGroups(tx, plan_id))
        out.push_back({db::text(r[0]), db::text(r[1]), r[2].as<long>(), r[3].as<long>()});
    return out;
}

const db::Statement kInsertGroup{"import_plans_insert_group", R"sql(
    INSERT INTO plan_groups (plan_id, group_id, title, min_credits, min_count) VALUES ($1, $2, $3, $4, $5)
)sql"};
void insert_group(pqxx::transaction_base& tx, long plan_id, const Group& g) {
    kInsertGroup(tx, plan_id, g.id, g.title, g.min_credits, g.min_count);
}

const db::Statement kUpdateGroup{"import_plans_update_group", R"sql(
    UPDATE plan_groups SET title = $3, min_credits = $4, min_count = $5 WHERE plan_id = $1 AND group_id = $2
)sql"};
void update_group(pqxx::transaction_base& tx, long plan_id, const Group& g) {
    kUpdateGroup(tx, plan_id, g.id, g.title, g.min_credits, g.min_count);
}

const db::Statement kDeleteGroup{"import_plans_delete_group", R"sql(
    DELETE FROM plan_groups WHERE plan_id = $1 AND group_id = $2
)sql"};
void delete_group(pqxx::transaction_base& tx, long plan_id, const std::string& group_id) {
    kDeleteGroup(tx, plan_id, group_id);
}

const db::Statement kCourses{"import_plans_courses", R"sql(
    SELECT course_code, requirement, COALESCE(group_id, ''), sort_order FROM plan_courses WHERE plan_id = $1
)sql"};
std::vector<Course> courses(pqxx::transaction_base& tx, long plan_id) {
    std::vector<Course> out;
    for (const auto& r : kCourses(tx, plan_id))
        out.push_back({db::text(r[0]), db::text(r[1]), db::text(r[2]), r[3].as<long>()});
    return out;
}

const db::Statement kInsertCourse{"import_plans_insert_course", R"sql(
    INSERT INTO plan_courses (plan_id, course_code, requirement, group_id, sort_order)
     VALUES ($1, $2, $3, NULLIF($4, ''), $5)
)sql"};
void insert_course(pqxx::transaction_base& tx, long plan_id, const Course& c) {
    kInsertCourse(tx, plan_id, c.code, c.requirement, c.group_id, c.sort_order);
}

const db::Statement kUpdateCourse{"import_plans_update_course", R"sql(
    UPDATE plan_courses SET requirement = $3, group_id = NULLIF($4, ''), sort_order = $5
     WHERE plan_id = $1 AND course_code = $2
)sql"};
void update_course(pqxx::transaction_base& tx, long plan_id, const Course& c) {
    kUpdateCourse(tx, plan_id, c.code, c.requirement, c.group_id, c.sort_order);
}

const db::Statement kDeleteCourse{"import_plans_delete_course", R"sql(
    DELETE FROM plan_courses WHERE plan_id = $1 AND course_code = $2
)sql"};
void delete_course(pqxx::transaction_base& tx, long plan_id, const std::string& course_code) {
    kDeleteCourse(tx, plan_id, course_code);
}

}  // namespace zk::store::import_plans
