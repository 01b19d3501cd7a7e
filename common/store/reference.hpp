// reference.hpp: the fixed lists of the database that forms offer and validate against:
// 主考院校 (institutions) and Shanxi's counties grouped by city (all, or those of a staff
// member's scope).
// SECURITY: trusts the database; a code from a request is only ever a parameter.
#pragma once
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/store/profiles.hpp"

namespace zk::store::reference {

struct Institution {
    std::string code, name;
};
// Every 主考院校 in display order (sort_order, code).
std::vector<Institution> institutions(pqxx::transaction_base& tx);

struct County {
    std::string code, name, city_code, city_name;
};
// Every county in city-code, code order.
std::vector<County> counties(pqxx::transaction_base& tx);
bool county_exists(pqxx::transaction_base& tx, const std::string& code);
// The counties a staff member's scope covers (the back office's county filter), same order.
std::vector<County> counties_in_scope(pqxx::transaction_base& tx, const StaffProfile& staff);
// "长治市潞州区" ("" when the code is unknown).
std::string county_name(pqxx::transaction_base& tx, const std::string& code);

}  // namespace zk::store::reference
