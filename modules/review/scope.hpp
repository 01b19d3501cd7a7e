// scope.hpp: what part of the province a staff member may see (REV-1). A county clerk
// (县区招办) sees the examinees registered in its county, a city office (市招办) those of
// its city's counties, the provincial review group (省审定组) and administrators everyone.
// SECURITY: the scope is enforced inside SQL, in the WHERE clause of each statement of
// common/store/review_queue, with the role and codes of the logged-in staff member passed
// as parameters; nothing is read first and filtered in C++. An unknown role or a missing
// code matches no row (fail closed). Trusts the session (loaded from the staff table on
// every request).
#pragma once
#include <string>

#include "common/web/session.hpp"

namespace zk::review {

// The role and codes every review_queue function limits its rows by.
const session::StaffProfile& scope_of(const session::Session& s);

// 县区招办 / 市招办 / 省审定组 / 管理员 (the role names of REV-1).
const char* role_label(const std::string& role);

}  // namespace zk::review
