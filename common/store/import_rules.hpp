// import_rules.hpp: the substitution rules (课程顶替) and their lists of old courses and
// majors, as `zikao-ctl import rules` reads and replaces them. Reading rules for the
// eligibility engine is common/store/plans.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
// Dates are YYYY-MM-DD text, "" for NULL.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_rules {

struct Rule {
    std::string id, kind, new_code, from, to, note;
};

std::optional<Rule> find(pqxx::transaction_base& tx, const std::string& id);
void insert(pqxx::transaction_base& tx, const Rule& r);
void update(pqxx::transaction_base& tx, const Rule& r);

// The two lists of a rule: which old courses it replaces, which majors it is limited to.
enum class List { OldCourses, Majors };
std::vector<std::string> list(pqxx::transaction_base& tx, List which, const std::string& rule_id);
void add_to_list(pqxx::transaction_base& tx, List which, const std::string& rule_id, const std::string& code);
void remove_from_list(pqxx::transaction_base& tx, List which, const std::string& rule_id, const std::string& code);

}  // namespace zk::store::import_rules
