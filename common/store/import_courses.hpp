// import_courses.hpp: the courses table (课程) as `zikao-ctl import courses` reads and
// writes it; the other imports read the codes and credits from here.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_courses {

struct Course {
    std::string code, name;
    long credits = 0;
    bool new_plan = false;
    bool operator==(const Course&) const = default;
};

std::vector<Course> all(pqxx::transaction_base& tx);
void insert(pqxx::transaction_base& tx, const Course& c);
// Name, credits and new_plan of the course with c.code.
void update(pqxx::transaction_base& tx, const Course& c);

}  // namespace zk::store::import_courses
