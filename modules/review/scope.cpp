// scope.cpp: see scope.hpp.
#include "modules/review/scope.hpp"

namespace zk::review {

const session::StaffProfile& scope_of(const session::Session& s) { return s.staff; }

const char* role_label(const std::string& role) {
    if (role == "county") return "县区招办";
    if (role == "city") return "市招办";
    if (role == "province") return "省审定组";
    if (role == "admin") return "管理员";
    return "未知角色";
}

}  // namespace zk::review
