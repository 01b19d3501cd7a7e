// import_passed.cpp: `zikao-ctl import passed` (ticket_no,course_code,passed_on,score,source
// and, optionally, verified,used_by_graduation): passed-course results from the exam
// system, by 准考证号 and course. Every pass is kept: a row is one pass of a course
// (examinee, course, date, source). A pass not yet stored is added; a stored one gets the
// file's score and the flags the file states; nothing is deleted, so a re-taken course keeps
// both passes and an older file imported again leaves the newer pass alone.
// Flags: 是/否, true/false, 1/0; empty (or the column absent) leaves a stored pass's flag as
// it is and gives a new pass the default (verified, not used by an earlier graduation).
// Only an old-plan certificate may be unverified: exam results and 免考 are recorded by the
// examination office itself, so there is nothing left to verify.
// Messages are in Chinese, for the exam office's operators.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include <algorithm>
#include <set>

#include "common/store/import_examinees.hpp"
#include "common/store/import_passed.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

namespace {
const char* const kWordScores[] = {"合格", "通过", "免考", "及格", "中等", "良好", "优秀"};
const char* const kSources[] = {"exam", "exemption", "old_plan_certificate"};
constexpr std::size_t kVerified = 5, kUsed = 6;  // the optional columns

using Pass = store::import_passed::Pass;

struct Item {
    Pass pass;
    std::optional<bool> verified, used;  // nullopt: not stated in the file
};

std::string key_of(const Pass& p) {
    return std::to_string(p.examinee_id) + "/" + p.course_code + "/" + p.passed_on + "/" + p.source;
}

std::string lower_ascii(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Column `column` of row f: 是/true/1 → true, 否/false/0 → false (true/false in any case,
// as spreadsheets write TRUE), empty or absent → nullopt. Reports anything else.
std::optional<bool> flag(Checker& ck, int line, const std::vector<std::string>& f, std::size_t column,
                         const char* name, bool& ok) {
    if (column >= f.size() || f[column].empty()) return std::nullopt;
    const std::string v = lower_ascii(f[column]);
    if (v == "是" || v == "true" || v == "1") return true;
    if (v == "否" || v == "false" || v == "0") return false;
    ck.bad(line, std::string(name) + " 应为 是/否、true/false、1/0 或留空（实际为“" + f[column] + "”）");
    ok = false;
    return std::nullopt;
}

bool check_date(Checker& ck, int line, const std::string& s, int today) {
    auto date = parse_date(s);
    if (!date) {
        ck.bad(line, "合格日期应为 YYYY-MM-DD 格式的日期（实际为“" + s + "”）");
    } else if (*date > today) {
        ck.bad(line, "合格日期 " + s + " 晚于今天");
    } else if (*date < 19810101) {
        ck.bad(line, "合格日期 " + s + " 早于1981年，当时自学考试尚未开考");
    } else {
        return true;
    }
    return false;
}

bool check_score(Checker& ck, int line, const std::string& score) {
    auto numeric = parse_int(score, 0, 100);
    const bool word =
        std::any_of(std::begin(kWordScores), std::end(kWordScores), [&](const char* w) { return score == w; });
    if (!word && !numeric) {
        ck.bad(line, "成绩应为60至100的整数或 合格/通过/免考/及格/中等/良好/优秀 之一（实际为“" + score + "”）");
        return false;
    }
    if (!word && *numeric < 60) {
        ck.bad(line, "成绩 " + score + " 低于60分，不是合格成绩");
        return false;
    }
    return true;
}

bool check_source(Checker& ck, int line, const std::string& source) {
    if (std::any_of(std::begin(kSources), std::end(kSources), [&](const char* s) { return source == s; })) return true;
    ck.bad(line, "来源应为 exam、exemption 或 old_plan_certificate（实际为“" + source + "”）");
    return false;
}

}  // namespace

void import_passed(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    const auto courses = course_credits(tx);
    const int today = today_china();
    std::map<std::string, std::optional<long>> examinee_of;  // ticket → id, looked up once each
    std::vector<Item> items;
    std::map<std::string, int> seen;  // ticket/course/date/source → first line
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true;
        std::optional<long> examinee;
        if (!code_like(f[0], 8, 20, false, false)) {
            ck.bad(line, "准考证号“" + f[0] + "”应为8至20位数字");
            ok = false;
        } else {
            auto it = examinee_of.find(f[0]);
            if (it == examinee_of.end()) {
                auto found = store::import_examinees::find_by_ticket(tx, f[0]);
                it = examinee_of.emplace(f[0], found ? std::optional<long>(found->id) : std::nullopt).first;
            }
            examinee = it->second;
            if (!examinee) {
                ck.bad(line, "准考证号 " + f[0] + " 的考生不存在（请先导入 examinees）");
                ok = false;
            }
        }
        if (!check_course_code(ck, line, f[1])) {
            ok = false;
        } else if (!courses.count(f[1])) {
            ck.bad(line, "课程代码 " + f[1] + " 不在课程库中（请先导入 courses）");
            ok = false;
        }
        ok = check_date(ck, line, f[2], today) && ok;
        ok = check_score(ck, line, f[3]) && ok;
        const std::string& source = f[4];
        const bool source_ok = check_source(ck, line, source);
        ok = source_ok && ok;
        const auto verified = flag(ck, line, f, kVerified, "verified（已审核）", ok);
        const auto used = flag(ck, line, f, kUsed, "used_by_graduation（已用于以往毕业）", ok);
        if (source_ok && verified == false && source != "old_plan_certificate") {
            ck.bad(line, "来源为 " + source +
                             " 的成绩不能导入为未审核：考试合格与免考成绩由考试机构登记，本身就是核实过的记录；"
                             "只有旧计划课程证书（old_plan_certificate）需要招办审核");
            ok = false;
        }
        if (!ok) continue;
        auto [first, fresh] = seen.emplace(f[0] + "/" + f[1] + "/" + f[2] + "/" + source, line);
        if (!fresh) {
            ck.bad(line, "与第 " + std::to_string(first->second) + " 行重复（准考证号、课程、合格日期和来源都相同）");
            continue;
        }
        items.push_back({Pass{*examinee, f[1], f[2], source, f[3]}, verified, used});
    }
    if (!ck.ok()) return;

    namespace table = store::import_passed;
    std::set<long> ids;
    for (const auto& i : items) ids.insert(i.pass.examinee_id);
    std::map<std::string, Pass> stored;
    for (auto& p : table::of_examinees(tx, std::vector<long>(ids.begin(), ids.end())))
        stored.emplace(key_of(p), std::move(p));
    for (const auto& i : items) {
        Pass wanted = i.pass;
        auto found = stored.find(key_of(wanted));
        if (found == stored.end()) {
            wanted.verified = i.verified.value_or(true);
            wanted.used_by_graduation = i.used.value_or(false);
            table::insert(tx, wanted, ck.label());
            count(rep, Change::Added);
            continue;
        }
        const Pass& was = found->second;
        wanted.verified = i.verified.value_or(was.verified);
        wanted.used_by_graduation = i.used.value_or(was.used_by_graduation);
        if (wanted.score == was.score && wanted.verified == was.verified &&
            wanted.used_by_graduation == was.used_by_graduation) {
            count(rep, Change::Unchanged);
        } else {
            table::update(tx, wanted, ck.label());
            count(rep, Change::Changed);
        }
    }
}

}  // namespace zk::ctl::import
