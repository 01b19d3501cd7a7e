// scope.cpp: see scope.hpp.
#include "modules/review/scope.hpp"

namespace zk::review {

Scope scope_of(const session::Session& s) { return {s.staff.role, s.staff.county_code, s.staff.city_code}; }

std::string scope_condition(int first) {
    const std::string role = "$" + std::to_string(first) + "::text";
    const std::string county = "$" + std::to_string(first + 1) + "::text";
    const std::string city = "$" + std::to_string(first + 2) + "::text";
    // NULLIF turns an empty code into NULL, and "= NULL" is never true: a county clerk
    // without a county sees nothing rather than everything. The casts to char(6) keep the
    // comparisons on the indexed column types.
    return "(" + role + " IN ('province', 'admin') OR (" + role + " = 'county' AND e.county_code = CAST(NULLIF(" +
           county + ", '') AS char(6))) OR (" + role + " = 'city' AND c.city_code = CAST(NULLIF(" + city +
           ", '') AS char(6))))";
}

const char* role_label(const std::string& role) {
    if (role == "county") return "县区招办";
    if (role == "city") return "市招办";
    if (role == "province") return "省审定组";
    if (role == "admin") return "管理员";
    return "未知角色";
}

}  // namespace zk::review
