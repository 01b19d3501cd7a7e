// import_majors.hpp: the majors table (专业 of a 主考院校) as `zikao-ctl import majors`
// reads and writes it; plans, rules and `zikao-ctl audit` look majors up here.
// SECURITY: trusts its caller to have checked every value; values go as parameters.
#pragma once
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <vector>

namespace zk::store::import_majors {

struct Major {
    long id = 0;  // majors.id; unused by insert
    std::string institution, code, name, level;
    // The same major with the same values, whatever the ids say.
    bool operator==(const Major& o) const {
        return institution == o.institution && code == o.code && name == o.name && level == o.level;
    }
};

std::vector<Major> all(pqxx::transaction_base& tx);
// majors.id of the major `code` of `institution`; nullopt when there is none.
std::optional<int> find_id(pqxx::transaction_base& tx, const std::string& institution, const std::string& code);
void insert(pqxx::transaction_base& tx, const Major& m);
// Name and level of the major m.institution/m.code.
void update(pqxx::transaction_base& tx, const Major& m);

}  // namespace zk::store::import_majors
