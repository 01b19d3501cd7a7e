// common.cpp: what the three 顶替 screens share: loading the window, application and
// chosen majors, the window/draft checks before any change, and page sections.
// SECURITY: the window is judged by graduation::window (SQL now()), re-checked inside the
// write transaction; the draft row is locked FOR UPDATE so a concurrent submit waits.
#include <algorithm>

#include "modules/substitute/substitute.hpp"

#include "common/domain/eligibility/auditor.hpp"
#include "common/domain/validate.hpp"

namespace zk::substitute {

State load_state(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    State s;
    s.window = graduation::window(tx);
    if (!s.window) return s;
    s.app = graduation::latest_application(tx, examinee_id, s.window->batch_id);
    if (s.app)
        for (auto& m : graduation::chosen_majors(tx, s.app->id))
            if (m.major_id != 0) s.majors.push_back(std::move(m));
    return s;
}

bool window_open_or_fail(Context& ctx, const State& s) {
    if (s.window && s.window->open) return true;
    ctx.fail(403, kClosed);
    return false;
}

graduation::Application lock_for_change(pqxx::transaction_base& tx, std::int64_t examinee_id) {
    auto w = graduation::window(tx);
    if (!w || !w->open) throw Refusal(403, kClosed);
    auto draft = graduation::lock_draft(tx, examinee_id, w->batch_id);
    if (!draft) throw Refusal(409, kSubmitted);
    return *draft;
}

std::vector<std::string> new_objections(const graduation::ChosenMajor& major, const eligibility::Plan& plan,
                                        const std::vector<eligibility::PassedCourse>& transcript,
                                        const std::vector<eligibility::SubstitutionRule>& rules,
                                        const eligibility::Choices& current, const eligibility::Choices& next,
                                        bool english_conflicts) {
    const eligibility::Auditor auditor(plan, rules);
    const auto before = auditor.run(transcript, current);
    const auto after = auditor.run(transcript, next);
    std::vector<std::string> out;
    for (const auto& p : after.problems) {
        const bool known = std::any_of(before.problems.begin(), before.problems.end(), [&](const auto& b) {
            return b.problem == p.problem && b.args == p.args;
        });
        if (!known) out.push_back(major.major_name + "：" + p.message + "。");
    }
    if (english_conflicts)
        for (const auto& reason : after.reason_codes)
            if (reason.code == eligibility::ReasonCode::UsedForEnglish)
                out.push_back(major.major_name + "：" + eligibility::reason_text(reason) + "，请改选其他课程。");
    return out;
}

void add_common(ctemplate::TemplateDictionary& dict, const State& s) {
    if (s.window) dict.SetValue("BATCH", s.window->batch_name);
    if (s.submitted()) dict.ShowSection("SUBMITTED");
    else dict.ShowSection("EDITABLE");
    if (s.majors.empty()) dict.ShowSection("NO_MAJORS");
    for (const auto& m : s.majors) {
        auto* d = dict.AddSectionDictionary("MAJOR");
        d->SetValue("INSTITUTION", m.institution_name + "（" + m.institution_code + "）");
        d->SetValue("MAJOR_NAME", m.major_code + " " + m.major_name);
    }
}

bool is_course_code(const std::string& s) {
    return s.size() == 5 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string shown_input(const std::string& s) {
    if (!validate::is_clean_utf8(s)) return "（含无效字符）";
    if (validate::utf8_length(s) > 20) return "（过长）";
    return s;
}

}  // namespace zk::substitute
