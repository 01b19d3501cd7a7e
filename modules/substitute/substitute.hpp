// substitute.hpp: module `substitute` (顶替) — the three screens an examinee uses from the
// 毕业申请 audit screen to make a major's audit pass (SUB-1 … SUB-3):
//   /substitute/english  添加顶替英语二课程 (AUD-3)
//   /substitute/newplan  添加一门顶多门或任选一门新计划顶替课程 (AUD-2)
//   /substitute/oldplan  添加旧计划课程（实践课考核卡）+ one zip/rar of scans (AUD-5)
// Everything belongs to the examinee's DRAFT application of the current batch; nothing
// can change outside the 毕业申请 window (403) or once the application is submitted (409).
// SECURITY: the examinee id comes only from the session; every choice is checked against
// the examinee's own transcript and the rule table in the same transaction that stores it.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/base/refusal.hpp"
#include "common/domain/graduation.hpp"
#include "common/web/app.hpp"

namespace zk::substitute {

void show_english(Context& ctx);
void post_english(Context& ctx);
void show_newplan(Context& ctx);
void post_newplan(Context& ctx);
void show_oldplan(Context& ctx);
void post_oldplan(Context& ctx);

// ---- shared by the three screens (common.cpp) ----

inline const char* const kSubmitted = "申请已提交，不能再修改顶替课程。";
inline const char* const kClosed = "当前不在毕业申请时间内，不能添加或修改顶替课程。";

// What a page shows: the window, the examinee's latest application, the chosen majors.
struct State {
    std::optional<graduation::Window> window;
    std::optional<graduation::Application> app;  // latest of the batch; may be submitted
    std::vector<graduation::ChosenMajor> majors; // of app, with a major chosen
    bool submitted() const { return app && app->status != "draft"; }
};
State load_state(pqxx::transaction_base& tx, std::int64_t examinee_id);

// The window check for a page: answers 403 and returns false when closed.
bool window_open_or_fail(Context& ctx, const State& s);

// Inside ctx.db.write: the window re-checked in the transaction and the draft locked.
// Throws zk::Refusal 403 (closed) or 409 (submitted); thrown inside the transaction, a
// refusal rolls it back, so a draft created by lock_draft is not kept either.
graduation::Application lock_for_change(pqxx::transaction_base& tx, std::int64_t examinee_id);

// What a change of choices newly breaks in one major's audit, as lines "专业：message。":
// the problems the audit with `next` has and the one with `current` has not (told apart
// by code and parameters), plus, when `english_conflicts`, each course of the 英语(二) set
// that another requirement of the plan needs.
std::vector<std::string> new_objections(const graduation::ChosenMajor& major, const eligibility::Plan& plan,
                                        const std::vector<eligibility::PassedCourse>& transcript,
                                        const std::vector<eligibility::SubstitutionRule>& rules,
                                        const eligibility::Choices& current, const eligibility::Choices& next,
                                        bool english_conflicts);

// Fills MAJOR sections (机构 + 专业) and the NO_MAJORS / SUBMITTED sections.
void add_common(ctemplate::TemplateDictionary& dict, const State& s);

bool is_course_code(const std::string& s);
// Something the examinee typed, fit to repeat in a message (clean UTF-8, at most 20 chars).
std::string shown_input(const std::string& s);

}  // namespace zk::substitute
