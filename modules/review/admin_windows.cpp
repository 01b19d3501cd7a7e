// admin_windows.cpp: 系统设置 · 业务开放时间 (CTR-2). The current batch's five businesses, each
// with its state as 个人中心 shows it and a form: 未开放 (the row goes), 已开放（不限时间）, or
// 按时间段 with 开始时间/结束时间 typed as China time; plus 立即开放 / 立即关闭 buttons, which
// post the same form with the mode alone. Every change is one transaction with its audit
// row (before/after). 个人中心 caches the windows for a few seconds per process; /apply and
// every submission check the window against the database at each request.
// SECURITY: Access::Admin routes; the business code from the path is only a parameter and
// an unknown one answers 404; times are checked by common/domain/china_time before SQL.
#include "common/base/json.hpp"
#include "common/base/log.hpp"
#include "common/domain/china_time.hpp"
#include "common/domain/staff_audit.hpp"
#include "modules/review/admin_common.hpp"
#include "modules/review/review.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
namespace settings = store::settings;

// What one business's form held when it is shown again with its messages.
struct Typed {
    std::string code, mode, opens, closes;
    admin::Messages messages;
};

std::string mode_of(const settings::Window& w) {
    if (!w.has_window) return "closed";
    return w.always_open ? "always_open" : "dated";
}

std::string snapshot(const std::string& mode, const std::string& opens, const std::string& closes) {
    if (mode != "dated") return admin::json_object({{"mode", json::quote(mode)}});
    return admin::json_object({{"mode", json::quote(mode)}, {"opens", json::quote(opens)}, {"closes", json::quote(closes)}});
}

void render(Context& ctx, int status, const Typed& typed) {
    const auto batch = admin::current_batch(ctx);
    const auto rows = ctx.db.read([&](pqxx::nontransaction& tx) { return settings::windows(tx, batch.id); });
    ctemplate::TemplateDictionary dict("admin_windows");
    dict.SetValue("BATCH", batch.name);
    for (const auto& w : rows) {
        auto* b = dict.AddSectionDictionary("BUSINESS");
        b->SetValue("CODE", w.code);
        b->SetValue("TITLE", w.title);
        if (!w.has_window) {
            b->ShowSection("NOT_OPEN");
        } else if (w.always_open) {
            b->ShowSection("ALWAYS_OPEN");
        } else {
            auto* dates = b->AddSectionDictionary("DATES");
            dates->SetValue("OPENS", w.opens);
            dates->SetValue("CLOSES", w.closes);
            dates->SetValue("STATE", w.open_now ? "已开放" : (w.not_started ? "未开始" : "已结束"));
            dates->SetValue("STATE_CLASS", w.open_now ? "open" : "closed");
        }
        const bool retyped = typed.code == w.code;
        const std::string mode = retyped ? typed.mode : mode_of(w);
        b->ShowSection(mode == "dated" ? "MODE_DATED" : mode == "always_open" ? "MODE_ALWAYS" : "MODE_CLOSED");
        b->SetValue("OPENS_INPUT", retyped ? typed.opens : w.opens_input);
        b->SetValue("CLOSES_INPUT", retyped ? typed.closes : w.closes_input);
        if (retyped) admin::add_messages(*b, typed.messages);
    }
    const std::string done = ctx.req.query_params.value("done");
    for (const auto& w : rows)
        if (done == w.code) dict.SetValueAndShowSection("DONE", "已保存“" + w.title + "”的开放设置。", "HAS_DONE");
    staff_page(ctx, status, "业务开放时间", "review/admin_windows.tpl", dict, "/admin/settings/windows");
}
}  // namespace

void show_admin_windows(Context& ctx) { render(ctx, 200, {}); }

void set_admin_window(Context& ctx) {
    const std::string code = ctx.req.route_params["code"];
    Typed typed{code, ctx.req.form.value("mode"), admin::trimmed(ctx, "opens"), admin::trimmed(ctx, "closes"), {}};
    std::optional<std::string> opens, closes;
    if (typed.mode == "dated") {
        opens = china_time::parse_local(typed.opens);
        closes = china_time::parse_local(typed.closes);
        if (typed.opens.empty()) typed.messages.push_back({"opens", "请填写开始时间。"});
        else if (!opens) typed.messages.push_back({"opens", "开始时间无效，请按“年-月-日 时:分”填写。"});
        if (typed.closes.empty()) typed.messages.push_back({"closes", "请填写结束时间。"});
        else if (!closes) typed.messages.push_back({"closes", "结束时间无效，请按“年-月-日 时:分”填写。"});
        if (opens && closes && *closes <= *opens) typed.messages.push_back({"closes", "结束时间必须晚于开始时间。"});
    } else if (typed.mode != "closed" && typed.mode != "always_open") {
        typed.messages.push_back({"mode", "请选择开放方式。"});
    }
    const auto batch = admin::current_batch(ctx);
    const bool known = ctx.db.read([&](pqxx::nontransaction& tx) {
        for (const auto& w : settings::windows(tx, batch.id))
            if (w.code == code) return true;
        return false;
    });
    if (!known) return ctx.fail(404, kNotFound);
    if (!typed.messages.empty()) return render(ctx, 400, typed);

    const std::int64_t staff_id = ctx.session->subject_id;
    ctx.db.write([&](pqxx::work& tx) {
        const auto before = settings::lock_window(tx, batch.id, code);
        if (!before) throw Refusal(404, kNotFound);
        if (typed.mode == "closed") settings::close_window(tx, batch.id, code);
        else if (typed.mode == "always_open") settings::open_window(tx, batch.id, code);
        else settings::set_window_dates(tx, batch.id, code, *opens, *closes);
        staff_audit::record(tx, staff_id, "settings.window", "business_window:" + std::to_string(batch.id) + ":" + code,
                            snapshot(mode_of(*before), before->opens, before->closes),
                            snapshot(typed.mode, opens.value_or(""), closes.value_or("")));
    });
    log::info("admin.window.set", {{"staff", std::to_string(staff_id)}, {"business", code}, {"mode", typed.mode}});
    ctx.res.redirect("/admin/settings/windows?done=" + code);
}

}  // namespace zk::review
