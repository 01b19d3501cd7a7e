// admin_notices.cpp: 系统设置 · 通知公告 (CTR-3) for administrators: the list with each
// notice's state (已发布 / 待发布 / 已撤回), a new notice, editing one, withdrawing one (撤回).
// 标题 1–100 and 正文 1–20000 characters of plain text; 发布时间 China time, empty = now.
// The public pages are modules/center/notices.cpp. Every change is one transaction with
// its audit row (title, publish time and body length; the body itself stays in notices).
// SECURITY: Access::Admin routes; ids from the path go through validate::row_id and only
// as parameters; the text is stored as typed and escaped wherever it is shown.
#include "common/base/json.hpp"
#include "common/base/log.hpp"
#include "common/base/strings.hpp"
#include "common/domain/china_time.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/validate.hpp"
#include "common/store/notices.hpp"
#include "modules/review/admin_common.hpp"
#include "modules/review/review.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
namespace notices = store::notices;
constexpr int kListLimit = 500;

// The form as typed (title and body trimmed at both ends; inner line breaks kept).
struct Draft {
    std::string title, body, published_typed;
    std::string published;  // normalised China time, "" = now
};

const char* state_of(const notices::Notice& n) {
    if (n.withdrawn) return "已撤回";
    return n.pending ? "待发布" : "已发布";
}

std::string snapshot(const std::string& title, const std::string& published, std::size_t body_chars, bool withdrawn) {
    return admin::json_object({{"title", json::quote(title)},
                               {"published_at", json::quote(published)},
                               {"body_chars", std::to_string(body_chars)},
                               {"withdrawn", withdrawn ? "true" : "false"}});
}

Draft read_draft(const Context& ctx, admin::Messages& messages) {
    Draft d{admin::trimmed(ctx, "title"), admin::trimmed(ctx, "body"), admin::trimmed(ctx, "published_at"), ""};
    if (auto e = admin::text_error(d.title, "标题", 1, 100)) messages.push_back({"title", *e});
    if (auto e = admin::text_error(d.body, "正文", 1, 20000)) messages.push_back({"body", *e});
    if (!d.published_typed.empty()) {
        if (auto t = china_time::parse_local(d.published_typed)) d.published = *t;
        else messages.push_back({"published_at", "发布时间无效，请按“年-月-日 时:分”填写，或留空表示立即发布。"});
    }
    return d;
}

// The new-notice form (id 0) or the edit form of notice `id`.
void render_form(Context& ctx, int status, std::int64_t id, const Draft& d, const admin::Messages& messages,
                 const char* state) {
    ctemplate::TemplateDictionary dict("admin_notice_form");
    dict.SetValue("TITLE", d.title);
    dict.SetValue("BODY", d.body);
    dict.SetValue("PUBLISHED_AT", d.published_typed);
    if (id) {
        dict.SetValue("ACTION", "/admin/notices/" + std::to_string(id));
        dict.SetValue("HEADING", "编辑通知公告");
        dict.SetValueAndShowSection("STATE", state, "EDITING");
    } else {
        dict.SetValue("ACTION", "/admin/notices/new");
        dict.SetValue("HEADING", "发布通知公告");
    }
    admin::add_messages(dict, messages);
    staff_page(ctx, status, id ? "编辑通知公告" : "发布通知公告", "review/admin_notice_form.tpl", dict, "/admin/notices");
}

std::optional<std::int64_t> notice_id(Context& ctx) { return validate::row_id(ctx.req.route_params["id"]); }
}  // namespace

void show_admin_notices(Context& ctx) {
    const auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return notices::all(tx, kListLimit); });
    ctemplate::TemplateDictionary dict("admin_notices");
    admin::add_done(ctx, dict, {{"created", "通知公告已保存。"}, {"updated", "通知公告已修改。"},
                                {"withdrawn", "通知公告已撤回，公众不再能看到它。"}});
    ctemplate::TemplateDictionary* table = nullptr;
    for (const auto& n : rows) {
        if (!table) table = dict.AddSectionDictionary("HAS_ROWS");
        auto* row = table->AddSectionDictionary("ROW");
        row->SetValue("ID", std::to_string(n.id));
        row->SetValue("TITLE", n.title);
        row->SetValue("PUBLISHED", n.published);
        row->SetValue("STATE", state_of(n));
        if (!n.withdrawn) row->ShowSection("CAN_WITHDRAW");
    }
    if (!table) dict.ShowSection("EMPTY");
    staff_page(ctx, 200, "通知公告", "review/admin_notices.tpl", dict, "/admin/notices");
}

void show_admin_notice_new(Context& ctx) { render_form(ctx, 200, 0, {}, {}, ""); }

void create_admin_notice(Context& ctx) {
    admin::Messages messages;
    const Draft d = read_draft(ctx, messages);
    if (!messages.empty()) return render_form(ctx, 400, 0, d, messages, "");
    const std::int64_t staff_id = ctx.session->subject_id;
    const std::int64_t id = ctx.db.write([&](pqxx::work& tx) {
        const std::int64_t id = notices::insert(tx, d.title, d.body, d.published, staff_id);
        const auto saved = notices::find(tx, id);
        staff_audit::record(tx, staff_id, "notice.create", "notice:" + std::to_string(id), "",
                            snapshot(d.title, saved ? saved->published : "", strings::utf8_length(d.body), false));
        return id;
    });
    log::info("admin.notice.created", {{"staff", std::to_string(staff_id)}, {"notice", std::to_string(id)}});
    ctx.res.redirect("/admin/notices?done=created");
}

void show_admin_notice(Context& ctx) {
    const auto id = notice_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const auto n = ctx.db.read([&](pqxx::nontransaction& tx) { return notices::find(tx, *id); });
    if (!n) return ctx.fail(404, kNotFound);
    render_form(ctx, 200, *id, {n->title, n->body, n->published_input, ""}, {}, state_of(*n));
}

void update_admin_notice(Context& ctx) {
    const auto id = notice_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const auto current = ctx.db.read([&](pqxx::nontransaction& tx) { return notices::find(tx, *id); });
    if (!current) return ctx.fail(404, kNotFound);
    admin::Messages messages;
    const Draft d = read_draft(ctx, messages);
    if (!messages.empty()) return render_form(ctx, 400, *id, d, messages, state_of(*current));
    const std::int64_t staff_id = ctx.session->subject_id;
    ctx.db.write([&](pqxx::work& tx) {
        const auto before = notices::lock(tx, *id);
        if (!before) throw Refusal(404, kNotFound);
        notices::update(tx, *id, d.title, d.body, d.published);
        const auto after = notices::find(tx, *id);
        staff_audit::record(
            tx, staff_id, "notice.update", "notice:" + std::to_string(*id),
            snapshot(before->title, before->published, strings::utf8_length(before->body), before->withdrawn),
            snapshot(d.title, after ? after->published : "", strings::utf8_length(d.body), before->withdrawn));
    });
    log::info("admin.notice.updated", {{"staff", std::to_string(staff_id)}, {"notice", std::to_string(*id)}});
    ctx.res.redirect("/admin/notices?done=updated");
}

void withdraw_admin_notice(Context& ctx) {
    const auto id = notice_id(ctx);
    if (!id) return ctx.fail(404, kNotFound);
    const std::int64_t staff_id = ctx.session->subject_id;
    ctx.db.write([&](pqxx::work& tx) {
        const auto before = notices::lock(tx, *id);
        if (!before) throw Refusal(404, kNotFound);
        if (before->withdrawn) return;  // a second click changes nothing and logs nothing
        notices::withdraw(tx, *id);
        const std::size_t chars = strings::utf8_length(before->body);
        staff_audit::record(tx, staff_id, "notice.withdraw", "notice:" + std::to_string(*id),
                            snapshot(before->title, before->published, chars, false),
                            snapshot(before->title, before->published, chars, true));
    });
    log::info("admin.notice.withdrawn", {{"staff", std::to_string(staff_id)}, {"notice", std::to_string(*id)}});
    ctx.res.redirect("/admin/notices?done=withdrawn");
}

}  // namespace zk::review
