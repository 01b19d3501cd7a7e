// import_rules.cpp: `zikao-ctl import rules` (rule_id,kind,new_code,old_codes,valid_from,
// valid_to,majors,note): the substitution rules (课程顶替). old_codes and majors are lists
// separated by spaces; each rule's lists are replaced exactly.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include <algorithm>
#include <set>

#include "common/base/strings.hpp"
#include "common/store/import_majors.hpp"
#include "common/store/import_rules.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

void import_rules(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    namespace table = store::import_rules;
    const auto courses = course_credits(tx);
    std::set<std::string> major_codes;
    for (const auto& m : store::import_majors::all(tx)) major_codes.insert(m.code);
    struct Rule {
        table::Rule rule;
        std::vector<std::string> olds, majors;  // sorted
    };
    std::vector<Rule> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true;
        if (!code_like(f[0], 1, 40, true, true, "_-")) {
            ck.bad(line, "规则编号（rule_id）应为1至40位字母、数字、'_' 或 '-'（实际为 '" + f[0] + "'）");
            ok = false;
        }
        const std::string& kind = f[1];
        if (kind != "one_to_one" && kind != "one_for_many" && kind != "any_one_of") {
            ck.bad(line, "规则类型（kind）应为 one_to_one、one_for_many 或 any_one_of（实际为 '" + kind + "'）");
            ok = false;
        }
        ok = known_course(ck, line, courses, f[2]).has_value() && ok;
        auto olds = split_spaces(f[3]);
        std::sort(olds.begin(), olds.end());
        for (std::size_t i = 0; i < olds.size(); ++i) {
            ok = known_course(ck, line, courses, olds[i]).has_value() && ok;
            if (i > 0 && olds[i] == olds[i - 1]) {
                ck.bad(line, "旧课程 " + olds[i] + " 列了两次");
                ok = false;
            }
            if (olds[i] == f[2]) {
                ck.bad(line, "课程 " + f[2] + " 不能顶替它自己");
                ok = false;
            }
        }
        if (kind == "one_to_one" && olds.size() != 1) {
            ck.bad(line, "one_to_one（一对一）须恰有一门旧课程（实际 " + std::to_string(olds.size()) + " 门）");
            ok = false;
        } else if ((kind == "one_for_many" || kind == "any_one_of") && olds.size() < 2) {
            ck.bad(line, kind + " 须至少有两门旧课程（实际 " + std::to_string(olds.size()) + " 门）");
            ok = false;
        }
        const int from = optional_date(ck, line, "有效期起（valid_from）", f[4], ok);
        const int to = optional_date(ck, line, "有效期止（valid_to）", f[5], ok);
        if (from && to && to < from) {
            ck.bad(line, "有效期止（valid_to）" + f[5] + " 早于有效期起（valid_from）" + f[4]);
            ok = false;
        }
        auto majors = split_spaces(f[6]);
        std::sort(majors.begin(), majors.end());
        for (std::size_t i = 0; i < majors.size(); ++i) {
            if (!major_codes.count(majors[i])) {
                ck.bad(line, "专业 " + majors[i] + " 不存在");
                ok = false;
            } else if (i > 0 && majors[i] == majors[i - 1]) {
                ck.bad(line, "专业 " + majors[i] + " 列了两次");
                ok = false;
            }
        }
        if (strings::utf8_length(f[7]) > 500) {
            ck.bad(line, "备注（note）超过 500 个字");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0], line, "规则 " + f[0])) continue;
        items.push_back({{f[0], kind, f[2], f[4], f[5], f[7]}, olds, majors});
    }
    if (!ck.ok()) return;

    // Makes the stored list of the rule exactly `wanted`; true when it changed.
    auto replace_list = [&tx](const std::string& id, table::List which, const std::vector<std::string>& wanted) {
        bool changed = false;
        const auto stored = table::list(tx, which, id);
        const std::set<std::string> have(stored.begin(), stored.end());
        for (const auto& code : have)
            if (!std::binary_search(wanted.begin(), wanted.end(), code)) {
                table::remove_from_list(tx, which, id, code);
                changed = true;
            }
        for (const auto& code : wanted)
            if (!have.count(code)) {
                table::add_to_list(tx, which, id, code);
                changed = true;
            }
        return changed;
    };
    for (const auto& item : items) {
        const table::Rule& r = item.rule;
        Change change = Change::Unchanged;
        if (auto found = table::find(tx, r.id); !found) {
            table::insert(tx, r);
            change = Change::Added;
        } else if (found->kind != r.kind || found->new_code != r.new_code || found->from != r.from ||
                   found->to != r.to || found->note != r.note) {
            table::update(tx, r);
            change = Change::Changed;
        }
        const bool olds_changed = replace_list(r.id, table::List::OldCourses, item.olds);
        const bool majors_changed = replace_list(r.id, table::List::Majors, item.majors);
        if (change == Change::Unchanged && (olds_changed || majors_changed)) change = Change::Changed;
        count(rep, change);
    }
}

}  // namespace zk::ctl::import
