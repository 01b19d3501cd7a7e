// import_institutions.cpp: `zikao-ctl import institutions` (code,name,sort_order): the
// 主考院校, by code. A name must stay unique across institutions.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include "common/store/import_institutions.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

void import_institutions(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    namespace table = store::import_institutions;
    std::map<std::string, table::Institution> existing;
    std::map<std::string, std::string> code_of_name;
    for (auto& i : table::all(tx)) {
        code_of_name[i.name] = i.code;
        existing[i.code] = std::move(i);
    }
    std::vector<table::Institution> items;
    std::map<std::string, int> seen_code, seen_name;
    std::map<std::string, std::string> file_name_of;
    for (const auto& row : rows) {
        const auto& f = row.f;
        bool ok = true;
        if (!code_like(f[0], 1, 10, true, true)) {
            ck.bad(row.line, "主考院校代码 '" + f[0] + "' 应为1至10位字母或数字");
            ok = false;
        }
        ok = check_name(ck, row.line, "主考院校名称", f[1], 100) && ok;
        auto sort = parse_int(f[2], -99999, 99999);
        if (!sort) {
            ck.bad(row.line, "排序（sort_order）应为整数（实际为 '" + f[2] + "'）");
            ok = false;
        }
        if (!ok || !ck.first(seen_code, f[0], row.line, "主考院校 " + f[0])) continue;
        if (!ck.first(seen_name, f[1], row.line, "主考院校名称 " + f[1])) continue;
        file_name_of[f[0]] = f[1];
        items.push_back({f[0], f[1], *sort});
    }
    // A name already held by another code clashes with UNIQUE (name), unless this file
    // renames that institution too (a straight swap of two names still fails in the
    // database, which rolls the whole file back).
    for (const auto& it : items) {
        auto owner = code_of_name.find(it.name);
        if (owner == code_of_name.end() || owner->second == it.code) continue;
        auto renamed = file_name_of.find(owner->second);
        if (renamed != file_name_of.end() && renamed->second != it.name) continue;
        for (const auto& row : rows)
            if (row.f[0] == it.code)
                ck.bad(row.line, "名称 " + it.name + " 已属于主考院校 " + owner->second);
    }
    if (!ck.ok()) return;
    for (const auto& it : items) upsert(tx, rep, existing, it.code, it, table::insert, table::update);
}

}  // namespace zk::ctl::import
