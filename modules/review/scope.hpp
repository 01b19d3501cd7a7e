// scope.hpp: what part of the province a staff member may see (REV-1), and how every
// query of this module says so. A county clerk (县区招办) sees the examinees registered
// in its county, a city office (市招办) those of its city's counties, the provincial
// review group (省审定组) and administrators everyone.
// SECURITY: the scope is enforced inside SQL, in the WHERE clause of each statement, with
// the role and codes of the logged-in staff member passed as parameters; nothing is read
// first and filtered in C++. An unknown role or a missing code matches no row (fail
// closed). Trusts the session (loaded from the staff table on every request).
#pragma once
#include <string>

#include "common/web/session.hpp"

namespace zk::review {

struct Scope {
    std::string role;         // county / city / province / admin
    std::string county_code;  // for role county
    std::string city_code;    // for role city
};

Scope scope_of(const session::Session& s);

// The SQL condition limiting rows to a scope, over an examinee row aliased `e` joined to
// its county aliased `c` (LEFT JOIN counties c ON c.code = e.county_code). It uses three
// parameters, $first (role), $first+1 (county code), $first+2 (city code), which the
// caller passes from Scope in that order. The text is built from constants at start-up.
std::string scope_condition(int first);

// 县区招办 / 市招办 / 省审定组 / 管理员 (the role names of REV-1).
const char* role_label(const std::string& role);

}  // namespace zk::review
