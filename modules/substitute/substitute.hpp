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
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/web/app.hpp"
#include "common/domain/graduation.hpp"

namespace zk::substitute {

db::Statements statements();

void show_english(Context& ctx);
void post_english(Context& ctx);
void show_newplan(Context& ctx);
void post_newplan(Context& ctx);
void show_oldplan(Context& ctx);
void post_oldplan(Context& ctx);

// ---- shared by the three screens (common.cpp) ----

inline const char* const kSubmitted = "申请已提交，不能再修改顶替课程。";
inline const char* const kClosed = "当前不在毕业申请时间内，不能添加或修改顶替课程。";

// A refusal inside a write transaction: thrown so the transaction rolls back (a draft
// created by lock_draft in that transaction is not kept either), caught by the handler.
struct Refusal : std::runtime_error {
    Refusal(int status, std::map<std::string, std::string> errors)
        : std::runtime_error("refused"), status(status), errors(std::move(errors)) {}
    int status;
    std::map<std::string, std::string> errors;  // field name ("" = the form) -> message
};

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
// Throws Refusal 403 (closed) or 409 (submitted).
graduation::Application lock_for_change(pqxx::transaction_base& tx, std::int64_t examinee_id);

// The problems of an audit as "code|message" keys, to tell new problems from old ones.
std::vector<std::string> problem_messages(const eligibility::Result& r);

// Fills MAJOR sections (机构 + 专业) and the NO_MAJORS / SUBMITTED sections.
void add_common(ctemplate::TemplateDictionary& dict, const State& s);

bool is_course_code(const std::string& s);
// Something the examinee typed, fit to repeat in a message (clean UTF-8, at most 20 chars).
std::string shown_input(const std::string& s);

}  // namespace zk::substitute
