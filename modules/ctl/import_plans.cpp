// import_plans.cpp: `zikao-ctl import plans` (one row per course of a plan version:
// institution_code,major_code,version,effective_from,effective_to,min_total_credits,
// course_code,requirement,group_id,group_title,group_min_credits,group_min_count).
// Rows of one version must agree on its header, rows of one elective group on the
// group's title and minimums; one odd row is reported against what the majority says.
// Each version in the file replaces the stored one exactly (courses and groups the file
// no longer lists are removed).
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include <algorithm>
#include <set>

#include "common/store/import_majors.hpp"
#include "common/store/import_plans.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {
namespace {

const char* const kRequirements[] = {"required", "thesis", "practice", "elective"};

struct PlanCourse {
    int line = 0;
    std::string code, requirement, group_id;
    int credits = 0;
};

struct PlanGroup {
    int line = 0;  // first row of the group
    std::string id, title;
    long min_credits = 0, min_count = 0;
    int courses = 0, credits = 0;
};

// "专业计划 10112/080901 版本 2024", how messages name a plan version.
std::string plan_name(const std::string& institution, const std::string& major, const std::string& version) {
    return "专业计划 " + institution + "/" + major + " 版本 " + version;
}

struct PlanVersion {
    int line = 0;  // first row of the version
    long major_id = 0;
    std::string institution, major, version, from, to;
    long min_total = 0;
    std::vector<PlanCourse> courses;
    std::vector<PlanGroup> groups;
    std::map<std::string, int> seen_course;

    std::string what() const { return plan_name(institution, major, version); }
    PlanGroup* group(const std::string& id) {
        for (auto& g : groups)
            if (g.id == id) return &g;
        return nullptr;
    }
    bool has_group(const std::string& id) const {
        return std::any_of(groups.begin(), groups.end(), [&](const PlanGroup& g) { return g.id == id; });
    }
};

// Applies one checked plan version: header, then groups and courses replaced exactly.
void write_plan_version(pqxx::transaction_base& tx, const PlanVersion& v, ImportReport& rep) {
    namespace table = store::import_plans;
    const table::Version wanted{0, v.from, v.to, v.min_total};
    long plan_id = 0;
    if (auto found = table::find_version(tx, v.major_id, v.version)) {
        plan_id = found->id;
        if (found->from != v.from || found->to != v.to || found->min_total != v.min_total)
            table::update_version(tx, {plan_id, v.from, v.to, v.min_total});
    } else {
        plan_id = table::insert_version(tx, v.major_id, v.version, wanted);
    }

    std::map<std::string, table::Group> old_groups;
    for (auto& g : table::groups(tx, plan_id)) old_groups[g.id] = std::move(g);
    std::map<std::string, table::Course> old_courses;
    for (auto& c : table::courses(tx, plan_id)) old_courses[c.code] = std::move(c);

    std::set<std::string> changed_groups;
    for (const auto& g : v.groups) {
        const table::Group row{g.id, g.title, g.min_credits, g.min_count};
        auto o = old_groups.find(g.id);
        if (o == old_groups.end()) {
            table::insert_group(tx, plan_id, row);
        } else if (o->second.title != g.title || o->second.min_credits != g.min_credits ||
                   o->second.min_count != g.min_count) {
            table::update_group(tx, plan_id, row);
            changed_groups.insert(g.id);
        }
    }
    // Plan order is file order; numbering from 1 keeps the stored value readable.
    long sort_order = 0;
    std::set<std::string> kept;
    for (const auto& c : v.courses) {
        ++sort_order;
        kept.insert(c.code);
        const table::Course row{c.code, c.requirement, c.group_id, sort_order};
        auto o = old_courses.find(c.code);
        if (o == old_courses.end()) {
            table::insert_course(tx, plan_id, row);
            count(rep, Change::Added);
        } else if (o->second.requirement != c.requirement || o->second.group_id != c.group_id ||
                   o->second.sort_order != sort_order) {
            table::update_course(tx, plan_id, row);
            count(rep, Change::Changed);
        } else {
            count(rep, changed_groups.count(c.group_id) ? Change::Changed : Change::Unchanged);
        }
    }
    // Removed last, once no kept course points at a group about to go.
    for (const auto& [code, o] : old_courses) {
        if (kept.count(code)) continue;
        table::delete_course(tx, plan_id, code);
        ++rep.removed;
    }
    for (const auto& [id, g] : old_groups)
        if (!v.has_group(id)) table::delete_group(tx, plan_id, id);
}

// The value most rows of a plan version (or group) agree on; ties go to the first seen.
// Rows are then judged against it, so one odd row is reported, not every other one.
class Majority {
public:
    void vote(const std::string& key, const std::string& value) {
        auto& v = votes_[key];
        for (auto& [val, n] : v)
            if (val == value) {
                ++n;
                return;
            }
        v.emplace_back(value, 1);
    }
    const std::string& winner(const std::string& key) const {
        const auto& v = votes_.at(key);
        const auto* best = &v.front();
        for (const auto& e : v)
            if (e.second > best->second) best = &e;
        return best->first;
    }

private:
    std::map<std::string, std::vector<std::pair<std::string, int>>> votes_;
};

}  // namespace

void import_plans(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    std::map<std::string, long> majors;  // "institution/major" → id
    for (const auto& m : store::import_majors::all(tx)) majors[m.institution + "/" + m.code] = m.id;
    const auto courses = course_credits(tx);

    // Pass 1: each row on its own.
    struct Parsed {
        const Row* row;
        bool ok;
        long major_id;
        int credits;
        std::string version_key, header, group_key, group_value;
    };
    std::vector<Parsed> parsed;
    Majority headers, groups;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true, header_ok = true;
        auto major = majors.find(f[0] + "/" + f[1]);
        if (major == majors.end()) {
            ck.bad(line, "专业 " + f[0] + "/" + f[1] + " 不存在（先导入专业）");
            ok = false;
        }
        if (!code_like(f[2], 1, 20, true, true, "._-")) {
            ck.bad(line, "计划版本（version）应为1至20位字母、数字、'.'、'_' 或 '-'（实际为 '" + f[2] + "'）");
            ok = false;
        }
        auto from = parse_date(f[3]);
        if (!from) {
            ck.bad(line, "计划生效日期（effective_from）应为日期 YYYY-MM-DD（实际为 '" + f[3] + "'）");
            header_ok = false;
        }
        const int to = optional_date(ck, line, "计划停止日期（effective_to）", f[4], header_ok);
        if (from && to && to < *from) {
            ck.bad(line, "计划停止日期（effective_to）" + f[4] + " 早于生效日期（effective_from）" + f[3]);
            header_ok = false;
        }
        if (!parse_int(f[5], 0, 1000)) {
            ck.bad(line, "毕业最低总学分（min_total_credits）应为 0 至 1000 的整数（实际为 '" + f[5] + "'）");
            header_ok = false;
        }
        auto credits = known_course(ck, line, courses, f[6]);
        ok = credits && ok;
        const std::string& req = f[7];
        if (std::none_of(std::begin(kRequirements), std::end(kRequirements), [&](const char* k) { return req == k; })) {
            ck.bad(line, "课程类型（requirement）应为 required、thesis、practice 或 elective（实际为 '" + req + "'）");
            ok = false;
        }
        bool group_ok = true;
        if (req == "elective") {
            if (!code_like(f[8], 1, 20, true, true, "_-")) {
                ck.bad(line,
                       "选考课程须有选考组编号（group_id）：1至20位字母、数字、'_' 或 '-'（实际为 '" + f[8] +
                           "'）");
                ok = false;
            }
            group_ok = check_name(ck, line, "选考组名称（group_title）", f[9], 100);
            if (!parse_int(f[10], 0, 1000)) {
                ck.bad(line, "选考组最低学分（group_min_credits）应为 0 至 1000 的整数（实际为 '" + f[10] + "'）");
                group_ok = false;
            }
            if (!parse_int(f[11], 0, 100)) {
                ck.bad(line, "选考组最少门数（group_min_count）应为 0 至 100 的整数（实际为 '" + f[11] + "'）");
                group_ok = false;
            }
        } else if (!f[8].empty() || !f[9].empty() || !f[10].empty() || !f[11].empty()) {
            ck.bad(line, "group_id、group_title、group_min_credits、group_min_count 只用于选考课程（elective）行");
            ok = false;
        }
        Parsed p{&row,
                 ok && header_ok && group_ok,
                 major == majors.end() ? 0 : major->second,
                 credits.value_or(0),
                 f[0] + "/" + f[1] + "/" + f[2],
                 f[3] + "\x1f" + f[4] + "\x1f" + f[5],
                 "",
                 ""};
        if (header_ok) headers.vote(p.version_key, p.header);
        if (req == "elective" && code_like(f[8], 1, 20, true, true, "_-")) {
            p.group_key = p.version_key + "/" + f[8];
            p.group_value = f[9] + "\x1f" + f[10] + "\x1f" + f[11];
            if (group_ok) groups.vote(p.group_key, p.group_value);
        }
        parsed.push_back(p);
    }

    // Pass 2: agreement within versions and groups, duplicates, then the versions themselves.
    std::vector<PlanVersion> versions;
    std::map<std::string, std::size_t> version_index;
    for (const auto& p : parsed) {
        if (!p.ok) continue;
        const auto& f = p.row->f;
        const int line = p.row->line;
        const std::string what = plan_name(f[0], f[1], f[2]);
        if (p.header != headers.winner(p.version_key)) {
            const std::string& w = headers.winner(p.version_key);
            const auto a = w.find('\x1f'), b = w.find('\x1f', a + 1);
            const std::string wf = w.substr(0, a), wt = w.substr(a + 1, b - a - 1), wm = w.substr(b + 1);
            if (f[3] != wf)
                ck.bad(line, "生效日期（effective_from）" + f[3] + " 与" + what + "的其他行（" + wf + "）不一致");
            if (f[4] != wt)
                ck.bad(line, "停止日期（effective_to）" + (f[4].empty() ? std::string("（空）") : f[4]) + " 与" + what +
                                 "的其他行（" + (wt.empty() ? std::string("空") : wt) + "）不一致");
            if (f[5] != wm)
                ck.bad(line, "毕业最低总学分（min_total_credits）" + f[5] + " 与" + what + "的其他行（" + wm + "）不一致");
            continue;
        }
        if (!p.group_key.empty() && p.group_value != groups.winner(p.group_key)) {
            std::string w = groups.winner(p.group_key);
            std::replace(w.begin(), w.end(), '\x1f', ',');
            ck.bad(line, what + "的选考组 " + f[8] + "：group_title,group_min_credits,group_min_count 为 " + f[9] + "," +
                             f[10] + "," + f[11] + "，与该组其他行（" + w + "）不一致");
            continue;
        }
        auto vi = version_index.find(p.version_key);
        if (vi == version_index.end()) {
            PlanVersion v;
            v.line = line;
            v.major_id = p.major_id;
            v.institution = f[0];
            v.major = f[1];
            v.version = f[2];
            v.from = f[3];
            v.to = f[4];
            v.min_total = *parse_int(f[5], 0, 1000);
            vi = version_index.emplace(p.version_key, versions.size()).first;
            versions.push_back(std::move(v));
        }
        PlanVersion& v = versions[vi->second];
        if (!ck.first(v.seen_course, f[6], line, what + "中的课程 " + f[6])) continue;
        const std::string& req = f[7];
        if (req == "elective") {
            PlanGroup* g = v.group(f[8]);
            if (!g) {
                PlanGroup fresh;
                fresh.line = line;
                fresh.id = f[8];
                fresh.title = f[9];
                fresh.min_credits = *parse_int(f[10], 0, 1000);
                fresh.min_count = *parse_int(f[11], 0, 100);
                v.groups.push_back(fresh);
                g = &v.groups.back();
            }
            g->courses += 1;
            g->credits += p.credits;
        }
        v.courses.push_back({line, f[6], req, req == "elective" ? f[8] : std::string(), p.credits});
    }
    // Minimums nobody could ever meet are mistakes in the file, not plans. Judged only on a
    // file without other errors: a rejected row would make the totals look short.
    if (!ck.ok()) return;
    for (const auto& v : versions) {
        int total = 0;
        for (const auto& c : v.courses) total += c.credits;
        for (const auto& g : v.groups) {
            if (g.min_credits == 0 && g.min_count == 0)
                ck.bad(g.line, v.what() + "的选考组 " + g.id + " 须有大于 0 的最低学分（group_min_credits）或最少门数（group_min_count）");
            if (g.min_count > g.courses)
                ck.bad(g.line, v.what() + "的选考组 " + g.id + " 要求至少 " + std::to_string(g.min_count) +
                                   " 门，但只列了 " + std::to_string(g.courses) + " 门");
            if (g.min_credits > g.credits)
                ck.bad(g.line, v.what() + "的选考组 " + g.id + " 要求至少 " + std::to_string(g.min_credits) +
                                   " 学分，但其课程合计只有 " + std::to_string(g.credits) + " 学分");
        }
        if (v.min_total > total)
            ck.bad(v.line, v.what() + "的毕业最低总学分（min_total_credits）" + std::to_string(v.min_total) +
                               " 超过其全部课程的学分合计（" + std::to_string(total) + "）");
    }
    if (!ck.ok()) return;
    for (const auto& v : versions) write_plan_version(tx, v, rep);
}

}  // namespace zk::ctl::import
