// import_rules.cpp: see import_rules.hpp.
#include "common/store/import_rules.hpp"

#include "common/base/db.hpp"

namespace zk::store::import_rules {
const db::Statement kFind{"import_rules_find", R"sql(
    SELECT kind, new_code, COALESCE(to_char(valid_from, 'YYYY-MM-DD'), ''),
     COALESCE(to_char(valid_to, 'YYYY-MM-DD'), ''), note FROM substitution_rules WHERE id = $1
)sql"};
std::optional<Rule> find(pqxx::transaction_base& tx, const std::string& id) {
    auto r = kFind(tx, id);
    if (r.empty()) return std::nullopt;
    return Rule{id, db::text(r[0][0]), db::text(r[0][1]), db::text(r[0][2]), db::text(r[0][3]), db::text(r[0][4])};
}

const db::Statement kInsert{"import_rules_insert", R"sql(
    INSERT INTO substitution_rules (id, kind, new_code, valid_from, valid_to, note)
     VALUES ($1, $2, $3, NULLIF($4, '')::date, NULLIF($5, '')::date, $6)
)sql"};
void insert(pqxx::transaction_base& tx, const Rule& r) { kInsert(tx, r.id, r.kind, r.new_code, r.from, r.to, r.note); }
const db::Statement kUpdate{"import_rules_update", R"sql(
    UPDATE substitution_rules SET kind = $2, new_code = $3, valid_from = NULLIF($4, '')::date,
     valid_to = NULLIF($5, '')::date, note = $6 WHERE id = $1
)sql"};
void update(pqxx::transaction_base& tx, const Rule& r) { kUpdate(tx, r.id, r.kind, r.new_code, r.from, r.to, r.note); }

const db::Statement kOldCourses{"import_rules_old_courses", R"sql(
    SELECT course_code FROM substitution_rule_old_courses WHERE rule_id = $1
)sql"};
const db::Statement kMajors{"import_rules_majors", "SELECT major_code FROM substitution_rule_majors WHERE rule_id = $1"};
std::vector<std::string> list(pqxx::transaction_base& tx, List which, const std::string& rule_id) {
    std::vector<std::string> out;
    for (const auto& r : (which == List::OldCourses ? kOldCourses : kMajors)(tx, rule_id)) out.push_back(db::text(r[0]));
    return out;
}

const db::Statement kAddOldCourse{"import_rules_add_old_course", R"sql(
    INSERT INTO substitution_rule_old_courses (rule_id, course_code) VALUES ($1, $2)
)sql"};
const db::Statement kAddMajor{"import_rules_add_major", R"sql(
    INSERT INTO substitution_rule_majors (rule_id, major_code) VALUES ($1, $2)
)sql"};
void add_to_list(pqxx::transaction_base& tx, List which, const std::string& rule_id, const std::string& code) {
    (which == List::OldCourses ? kAddOldCourse : kAddMajor)(tx, rule_id, code);
}

const db::Statement kRemoveOldCourse{"import_rules_remove_old_course", R"sql(
    DELETE FROM substitution_rule_old_courses WHERE rule_id = $1 AND course_code = $2
)sql"};
const db::Statement kRemoveMajor{"import_rules_remove_major", R"sql(
    DELETE FROM substitution_rule_majors WHERE rule_id = $1 AND major_code = $2
)sql"};
void remove_from_list(pqxx::transaction_base& tx, List which, const std::string& rule_id, const std::string& code) {
    (which == List::OldCourses ? kRemoveOldCourse : kRemoveMajor)(tx, rule_id, code);
}

}  // namespace zk::store::import_rules
