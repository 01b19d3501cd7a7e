// import_courses.cpp: `zikao-ctl import courses` (code,name,credits,new_plan): the
// courses of the exam catalogue, by 5-digit code.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include "common/store/import_courses.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

void import_courses(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    namespace table = store::import_courses;
    std::map<std::string, table::Course> existing;
    for (auto& c : table::all(tx)) existing[c.code] = std::move(c);
    std::vector<table::Course> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = check_course_code(ck, row.line, f[0]);
        ok = check_name(ck, row.line, "课程名称", f[1], 100) && ok;
        auto credits = parse_int(f[2], 0, 30);
        if (!credits) {
            ck.bad(row.line, "学分（credits）应为 0 至 30 的整数（实际为 '" + f[2] + "'）");
            ok = false;
        }
        if (f[3] != "0" && f[3] != "1") {
            ck.bad(row.line, "新计划标记（new_plan）应为 0 或 1（实际为 '" + f[3] + "'）");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0], row.line, "课程 " + f[0])) continue;
        items.push_back({f[0], f[1], *credits, f[3] == "1"});
    }
    if (!ck.ok()) return;
    for (const auto& c : items) upsert(tx, rep, existing, c.code, c, table::insert, table::update);
}

}  // namespace zk::ctl::import
