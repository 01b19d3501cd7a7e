// admin_fees.cpp: 系统设置 · 毕业申请费用 (PAY-1) for administrators: the current batch's
// default fee for every major and per-major overrides, typed in 元 (at most two decimals,
// at most 100000元) and stored as 分; setting the default, adding or changing an override,
// deleting one; and a look-up of what one major's examinees pay, answered by
// store::settings::fee_for, the function the payment module calls. Each change is one
// transaction with its audit row (amounts in 分 before/after).
// SECURITY: Access::Admin routes; amounts are parsed by common/domain/money and ids by
// validate::row_id before any SQL; a major that does not exist is refused at the field.
#include "common/base/log.hpp"
#include "common/domain/money.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/validate.hpp"
#include "modules/review/admin_common.hpp"
#include "modules/review/review.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
namespace settings = store::settings;

// What the forms held when the page is shown again with messages.
struct Typed {
    std::string default_amount, major_id, amount;
    admin::Messages messages;
};

std::string snapshot(const std::optional<std::int64_t>& fen) {
    return fen ? admin::json_object({{"amount_fen", std::to_string(*fen)}}) : "";
}

std::optional<int> major_id_of(const std::string& text) {
    const auto id = validate::row_id(text);
    if (!id || *id > 2147483647) return std::nullopt;
    return static_cast<int>(*id);
}

void render(Context& ctx, int status, const Typed& typed) {
    const auto batch = admin::current_batch(ctx);
    const auto check = major_id_of(ctx.req.query_params.value("check"));
    auto [fees, majors, due] = ctx.db.read([&](pqxx::nontransaction& tx) {
        return std::make_tuple(settings::fees(tx, batch.id), settings::majors(tx),
                               check ? settings::fee_for(tx, batch.id, *check) : std::nullopt);
    });
    ctemplate::TemplateDictionary dict("admin_fees");
    dict.SetValue("BATCH", batch.name);
    admin::add_done(ctx, dict, {{"default", "默认费用已保存。"}, {"major", "专业费用已保存。"},
                                {"deleted", "已删除该专业的单独费用，该专业按默认费用收取。"}});
    bool has_default = false;
    ctemplate::TemplateDictionary* table = nullptr;
    for (const auto& f : fees) {
        if (!f.major_id) {
            has_default = true;
            dict.SetValueAndShowSection("DEFAULT_YUAN", money::format_yuan(f.amount_fen), "HAS_DEFAULT");
            dict.SetValue("DEFAULT_UPDATED", f.updated);
            continue;
        }
        if (!table) table = dict.AddSectionDictionary("HAS_OVERRIDES");
        auto* row = table->AddSectionDictionary("OVERRIDE");
        row->SetValue("MAJOR_ID", std::to_string(*f.major_id));
        row->SetValue("MAJOR", f.major_label);
        row->SetValue("YUAN", money::format_yuan(f.amount_fen));
        row->SetValue("UPDATED", f.updated);
    }
    if (!has_default) dict.ShowSection("NO_DEFAULT");
    if (!table) dict.ShowSection("NO_OVERRIDES");
    dict.SetValue("DEFAULT_AMOUNT", typed.default_amount);
    dict.SetValue("AMOUNT", typed.amount);
    for (const auto& m : majors) {
        const std::string id = std::to_string(m.id);
        for (const char* section : {"MAJOR_OPTION", "CHECK_OPTION"}) {
            auto* o = dict.AddSectionDictionary(section);
            o->SetValue("ID", id);
            o->SetValue("LABEL", m.label);
            const bool selected = section[0] == 'M' ? id == typed.major_id : (check && *check == m.id);
            if (selected) o->ShowSection("SELECTED");
        }
        if (check && *check == m.id) {
            auto* result = dict.AddSectionDictionary("CHECKED");
            result->SetValue("MAJOR", m.label);
            if (due) result->SetValueAndShowSection("DUE_YUAN", money::format_yuan(*due), "HAS_DUE");
            else result->ShowSection("NO_DUE");
        }
    }
    admin::add_messages(dict, typed.messages);
    staff_page(ctx, status, "毕业申请费用", "review/admin_fees.tpl", dict, "/admin/settings/fees");
}

// Writes one change with its audit row: `lock` reads the amount before (locked), `apply`
// makes the change; nothing is written when the amount stays the same.
template <typename Lock, typename Apply>
void change(Context& ctx, const std::string& subject, const std::optional<std::int64_t>& after, Lock&& lock,
            Apply&& apply) {
    const std::int64_t staff_id = ctx.session->subject_id;
    ctx.db.write([&](pqxx::work& tx) {
        const std::optional<std::int64_t> before = lock(tx);
        if (before == after) return;
        apply(tx);
        staff_audit::record(tx, staff_id, "settings.fee", subject, snapshot(before), snapshot(after));
    });
    log::info("admin.fee.set", {{"staff", std::to_string(staff_id)}, {"fee", subject}});
}
}  // namespace

void show_admin_fees(Context& ctx) { render(ctx, 200, {}); }

void set_admin_default_fee(Context& ctx) {
    Typed typed{admin::trimmed(ctx, "default_amount"), "", "", {}};
    const auto parsed = money::parse_yuan(typed.default_amount);
    if (!parsed.fen) {
        typed.messages.push_back({"default_amount", parsed.error});
        return render(ctx, 400, typed);
    }
    const auto batch = admin::current_batch(ctx);
    change(
        ctx, "fee:" + std::to_string(batch.id) + ":default", parsed.fen,
        [&](pqxx::work& tx) { return settings::lock_default_fee(tx, batch.id); },
        [&](pqxx::work& tx) { settings::set_default_fee(tx, batch.id, *parsed.fen); });
    ctx.res.redirect("/admin/settings/fees?done=default");
}

void set_admin_major_fee(Context& ctx) {
    Typed typed{"", ctx.req.form.value("major_id"), admin::trimmed(ctx, "amount"), {}};
    const auto batch = admin::current_batch(ctx);
    const auto major = major_id_of(typed.major_id);
    const bool exists =
        major && ctx.db.read([&](pqxx::nontransaction& tx) { return settings::major(tx, *major).has_value(); });
    if (!exists) typed.messages.push_back({"major_id", "请选择专业。"});
    const auto parsed = money::parse_yuan(typed.amount);
    if (!parsed.fen) typed.messages.push_back({"amount", parsed.error});
    if (!typed.messages.empty()) return render(ctx, 400, typed);
    change(
        ctx, "fee:" + std::to_string(batch.id) + ":major:" + std::to_string(*major), parsed.fen,
        [&](pqxx::work& tx) { return settings::lock_major_fee(tx, batch.id, *major); },
        [&](pqxx::work& tx) { settings::set_major_fee(tx, batch.id, *major, *parsed.fen); });
    ctx.res.redirect("/admin/settings/fees?done=major");
}

void delete_admin_major_fee(Context& ctx) {
    const auto major = major_id_of(ctx.req.route_params["major"]);
    if (!major) return ctx.fail(404, kNotFound);
    const auto batch = admin::current_batch(ctx);
    change(
        ctx, "fee:" + std::to_string(batch.id) + ":major:" + std::to_string(*major), std::nullopt,
        [&](pqxx::work& tx) {
            const auto before = settings::lock_major_fee(tx, batch.id, *major);
            if (!before) throw Refusal(404, "该专业没有单独设置的费用。");
            return before;
        },
        [&](pqxx::work& tx) { settings::delete_major_fee(tx, batch.id, *major); });
    ctx.res.redirect("/admin/settings/fees?done=deleted");
}

}  // namespace zk::review
