// reference.cpp: see reference.hpp.
#include "common/store/reference.hpp"

#include "common/base/db.hpp"
#include "common/store/scope.hpp"

namespace zk::store::reference {
const db::Statement kInstitutions{"reference_institutions", "SELECT code, name FROM institutions ORDER BY sort_order, code"};
std::vector<Institution> institutions(pqxx::transaction_base& tx) {
    std::vector<Institution> out;
    for (const auto& r : kInstitutions(tx)) out.push_back({r["code"].as<std::string>(), r["name"].as<std::string>()});
    return out;
}

const db::Statement kCounties{"reference_counties", R"sql(
    SELECT code, name, city_code, city_name FROM counties ORDER BY city_code, code
)sql"};
namespace {
std::vector<County> counties_of(const pqxx::result& result) {
    std::vector<County> out;
    for (const auto& r : result)
        out.push_back({r["code"].as<std::string>(), r["name"].as<std::string>(), r["city_code"].as<std::string>(),
                       r["city_name"].as<std::string>()});
    return out;
}
}  // namespace

std::vector<County> counties(pqxx::transaction_base& tx) { return counties_of(kCounties(tx)); }

const db::Statement kCountiesInScope{"reference_counties_in_scope",
    "SELECT c.code, c.name, c.city_code, c.city_name FROM counties c WHERE " + scope::condition(1, "c.code") +
        " ORDER BY c.city_code, c.code"};
std::vector<County> counties_in_scope(pqxx::transaction_base& tx, const StaffProfile& staff) {
    return counties_of(kCountiesInScope(tx, staff.role, staff.county_code, staff.city_code));
}

const db::Statement kCountyName{"reference_county_name", "SELECT city_name || name FROM counties WHERE code = $1"};
bool county_exists(pqxx::transaction_base& tx, const std::string& code) {
    return code.size() == 6 && !kCountyName(tx, code).empty();
}

std::string county_name(pqxx::transaction_base& tx, const std::string& code) {
    if (code.empty()) return "";
    auto r = kCountyName(tx, code);
    return r.empty() ? std::string() : db::text(r[0][0]);
}

}  // namespace zk::store::reference
