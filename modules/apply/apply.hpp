// apply.hpp: module `apply` (毕业申请, APP-1 … APP-8): handlers of the four steps
// (填报 → 专业选择 → 确认 → 提交), the 毕业申请信息详情 page and 重新申请, plus the helpers
// they share (window check, audit rendering, status names).
// SECURITY: every handler takes the examinee id from ctx.session only; ids in forms or
// query strings are never used to choose whose application is read or written.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "common/web/app.hpp"
#include "common/domain/eligibility/engine.hpp"
#include "common/domain/application_record.hpp"
#include "common/domain/graduation.hpp"

namespace zk::apply {

void show_fill(Context& ctx);      // GET  /apply
void do_fill(Context& ctx);        // POST /apply
void show_majors(Context& ctx);    // GET  /apply/majors
void do_majors(Context& ctx);      // POST /apply/majors
void show_confirm(Context& ctx);   // GET  /apply/confirm
void do_submit(Context& ctx);      // POST /apply/submit
void show_photo(Context& ctx);     // GET  /apply/photo: the examinee's own 准考证照片
void show_status(Context& ctx);    // GET  /apply/status
void do_reapply(Context& ctx);     // POST /apply/reapply

// ---- shared helpers (common.cpp) ----
// The step indicator of steps 1–3.
const std::vector<std::string>& steps();
// The current window, read outside any write.
std::optional<graduation::Window> current_window(Context& ctx);
// When the window is missing or closed: renders the 毕业申请未开放 page (403) and returns
// true; the caller then stops without storing anything.
bool refuse_if_closed(Context& ctx, const std::optional<graduation::Window>& w);
// The same page when a write found the window closed (re-reads the dates).
void show_closed(Context& ctx);
using application_record::audit_json;
using application_record::status_text;
// Renders the common personal block (姓名, masked 身份证号, 性别, 准考证号).

}  // namespace zk::apply
