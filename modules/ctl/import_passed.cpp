// import_passed.cpp: `zikao-ctl import passed` (ticket_no,course_code,passed_on,score,
// source): passed-course results from the exam system, by 准考证号 and course. Results
// from the exam system are authoritative, certificates included: stored as verified.
// SECURITY: trusts nothing in the rows; see import_check.hpp.
#include <algorithm>

#include "common/store/import_examinees.hpp"
#include "common/store/import_passed.hpp"
#include "modules/ctl/import_check.hpp"

namespace zk::ctl::import {

namespace {
const char* const kWordScores[] = {"合格", "通过", "免考", "及格", "中等", "良好", "优秀"};

}  // namespace

void import_passed(pqxx::transaction_base& tx, const std::vector<Row>& rows, Checker& ck, ImportReport& rep) {
    const auto courses = course_credits(tx);
    const int today = today_china();
    std::map<std::string, std::optional<long>> examinee_of;  // ticket → id, looked up once each
    struct Passed {
        long examinee_id;
        std::string course, passed_on, score, source;
    };
    std::vector<Passed> items;
    std::map<std::string, int> seen;
    for (const auto& row : rows) {
        const auto& f = row.f;
        const int line = row.line;
        bool ok = true;
        std::optional<long> examinee;
        if (!code_like(f[0], 8, 20, false, false)) {
            ck.bad(line, "准考证号 '" + f[0] + "' 应为8至20位数字");
            ok = false;
        } else {
            auto it = examinee_of.find(f[0]);
            if (it == examinee_of.end()) {
                auto found = store::import_examinees::find_by_ticket(tx, f[0]);
                it = examinee_of.emplace(f[0], found ? std::optional<long>(found->id) : std::nullopt).first;
            }
            examinee = it->second;
            if (!examinee) {
                ck.bad(line, "examinee with ticket " + f[0] + " not found");
                ok = false;
            }
        }
        ok = known_course(ck, line, courses, f[1]).has_value() && ok;
        auto date = parse_date(f[2]);
        if (!date) {
            ck.bad(line, "passed_on must be a date YYYY-MM-DD (got '" + f[2] + "')");
            ok = false;
        } else if (*date > today) {
            ck.bad(line, "passed_on " + f[2] + " is in the future");
            ok = false;
        } else if (*date < 19810101) {
            ck.bad(line, "passed_on " + f[2] + " is before the self-study examinations began (1981)");
            ok = false;
        }
        const std::string& score = f[3];
        auto numeric = parse_int(score, 0, 100);
        const bool word =
            std::any_of(std::begin(kWordScores), std::end(kWordScores), [&](const char* w) { return score == w; });
        if (!word && !numeric) {
            ck.bad(line, "score must be 60..100 or one of 合格/通过/免考/及格/中等/良好/优秀 (got '" + score + "')");
            ok = false;
        } else if (!word && *numeric < 60) {
            ck.bad(line, "score " + score + " is below 60, not a pass");
            ok = false;
        }
        const std::string& source = f[4];
        if (source != "exam" && source != "exemption" && source != "old_plan_certificate") {
            ck.bad(line, "source must be exam, exemption or old_plan_certificate (got '" + source + "')");
            ok = false;
        }
        if (!ok || !ck.first(seen, f[0] + "/" + f[1], line, "ticket " + f[0] + " and course " + f[1])) continue;
        items.push_back({*examinee, f[1], f[2], score, source});
    }
    if (!ck.ok()) return;
    namespace table = store::import_passed;
    for (const auto& p : items) {
        const table::Result wanted{p.passed_on, p.score, p.source, true};
        auto found = table::find(tx, p.examinee_id, p.course);
        if (!found) {
            table::insert(tx, p.examinee_id, p.course, wanted);
            count(rep, Change::Added);
        } else if (found->passed_on != p.passed_on || found->score != p.score || found->source != p.source ||
                   !found->verified) {
            table::update(tx, p.examinee_id, p.course, wanted);
            count(rep, Change::Changed);
        } else {
            count(rep, Change::Unchanged);
        }
    }
}

}  // namespace zk::ctl::import
