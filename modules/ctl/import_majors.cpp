// import_majors.cpp: `zikao-ctl import majors` (institution_code,major_code,name,level):
// the majors of each 主考院校; the institution must exist.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include <algorithm>
#include <set>

#include "common/store/import_institutions.hpp"
#include "common/store/import_majors.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {
namespace {
const char* const kLevels[] = {"专科", "本科", "专升本"};

bool is_level(const std::string& s) {
    return std::any_of(std::begin(kLevels), std::end(kLevels), [&](const char* l) { return s == l; });
}
}  // namespace

void import_majors(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    namespace table = store::import_majors;
    std::set<std::string> institutions;
    for (const auto& i : store::import_institutions::all(tx)) institutions.insert(i.code);
    std::map<std::string, table::Major> existing;
    for (auto& m : table::all(tx)) existing[m.institution + "/" + m.code] = std::move(m);
    std::vector<table::Major> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = true;
        if (!institutions.count(f[0])) {
            ck.bad(row.line, "主考院校 " + (f[0].empty() ? std::string("（空）") : f[0]) + " 不存在（先导入主考院校）");
            ok = false;
        }
        if (!code_like(f[1], 4, 10, true, false)) {
            ck.bad(row.line, "专业代码 '" + f[1] + "' 应为4至10位数字或大写字母");
            ok = false;
        }
        ok = check_name(ck, row.line, "专业名称", f[2], 100) && ok;
        if (!is_level(f[3])) {
            ck.bad(row.line, "层次（level）应为 专科、本科 或 专升本（实际为 '" + f[3] + "'）");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0] + "/" + f[1], row.line, "专业 " + f[0] + "/" + f[1])) continue;
        items.push_back({0, f[0], f[1], f[2], f[3]});
    }
    if (!ck.ok()) return;
    for (const auto& m : items)
        upsert(tx, rep, existing, m.institution + "/" + m.code, m, table::insert, table::update);
}

}  // namespace zk::ctl::import
