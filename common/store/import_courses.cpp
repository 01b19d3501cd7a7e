// import_courses.cpp: see import_courses.hpp.
#include "common/store/import_courses.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_courses {
const db::Statement kAll{"import_courses_all", "SELECT code, name, credits, new_plan FROM courses"};
std::vector<Course> all(pqxx::transaction_base& tx) {
    std::vector<Course> out;
    for (const auto& r : kAll(tx)) out.push_back({db::text(r[0]), db::text(r[1]), r[2].as<long>(), r[3].as<bool>()});
    return out;
}

const db::Statement kInsert{"import_courses_insert", R"sql(
    INSERT INTO courses (code, name, credits, new_plan) VALUES ($1, $2, $3, $4)
)sql"};
void insert(pqxx::transaction_base& tx, const Course& c) { kInsert(tx, c.code, c.name, c.credits, c.new_plan); }
const db::Statement kUpdate{"import_courses_update", R"sql(
    UPDATE courses SET name = $2, credits = $3, new_plan = $4 WHERE code = $1
)sql"};
void update(pqxx::transaction_base& tx, const Course& c) { kUpdate(tx, c.code, c.name, c.credits, c.new_plan); }

}  // namespace zk::store::import_courses
