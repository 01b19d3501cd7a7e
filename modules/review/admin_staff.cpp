// admin_staff.cpp: 系统设置 · 工作人员账号 (REV-1) for administrators: the list (username,
// display name, role, county or city, active), creating an account (its scope: a county for
// 县区招办, a city for 市招办), disabling and enabling one (never one's own), and setting a new
// password. Disabling and a new password end the account's sessions in the same
// transaction (the session lookup also ignores inactive staff). Passwords follow the
// examinees' policy (validate::password_policy_error), are typed twice and hashed with
// scrypt as the login does, behind the shared hashing gate. Each change writes an audit row.
// SECURITY: Access::Admin routes; ids go through validate::row_id; never logs or audits a
// password; usernames are checked against the staff table's alphabet before any SQL.
#include <algorithm>

#include "common/base/crypto.hpp"
#include "common/base/json.hpp"
#include "common/base/log.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/throttle.hpp"
#include "common/domain/validate.hpp"
#include "common/store/staff_accounts.hpp"
#include "modules/review/admin_common.hpp"
#include "modules/review/review.hpp"
#include "modules/review/scope.hpp"
#include "modules/review/shared.hpp"

namespace zk::review {

namespace {
namespace accounts = store::staff_accounts;

const char* const kRoles[] = {"county", "city", "province", "admin"};

struct Typed {
    std::string username, display_name, role, county, city;
};

std::string area_of(const accounts::Account& a) {
    if (a.role == "county") return a.county_name.empty() ? a.county_code : a.county_name;
    if (a.role == "city") return a.city_name.empty() ? a.city_code : a.city_name;
    return "全省";
}

std::string snapshot(const accounts::Account& a) {
    return admin::json_object({{"username", json::quote(a.username)},
                               {"display_name", json::quote(a.display_name)},
                               {"role", json::quote(a.role)},
                               {"county_code", json::quote(a.county_code)},
                               {"city_code", json::quote(a.city_code)},
                               {"active", a.active ? "true" : "false"}});
}

// Lower-cased; nullopt unless it matches ^[a-z0-9_.-]{3,32}$ (the staff table's CHECK).
std::optional<std::string> username_of(const std::string& typed) {
    if (typed.size() < 3 || typed.size() > 32) return std::nullopt;
    std::string out;
    for (char ch : typed) {
        const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) return std::nullopt;
        out += c;
    }
    return out;
}

// The new password typed twice: messages for new_password / confirm_password.
void check_password(const Context& ctx, admin::Messages& messages) {
    const std::string pw = ctx.req.form.value("new_password");
    if (auto why = validate::password_policy_error(pw)) messages.push_back({"new_password", *why});
    if (ctx.req.form.value("confirm_password") != pw) messages.push_back({"confirm_password", "两次输入的密码不一致。"});
}

// The scrypt hash of the typed password, or a 503 refusal when the hashing gate is full.
std::string hash_typed_password(const Context& ctx) {
    auto permit = password_hashing_gate().try_enter();
    if (!permit) {
        Refusal busy(503, "系统繁忙，请稍后再试。");
        busy.retry_after = "2";
        throw busy;
    }
    return crypto::hash_password(ctx.req.form.value("new_password"));
}

void add_options(ctemplate::TemplateDictionary& dict, const char* section, const std::vector<accounts::Area>& areas,
                 const std::string& selected) {
    for (const auto& a : areas) {
        auto* o = dict.AddSectionDictionary(section);
        o->SetValue("CODE", a.code);
        o->SetValue("NAME", a.name);
        if (a.code == selected) o->ShowSection("SELECTED");
    }
}

void render_new(Context& ctx, int status, const Typed& t, const admin::Messages& messages) {
    auto [counties, cities] = ctx.db.read([](pqxx::nontransaction& tx) {
        return std::make_pair(accounts::counties(tx), accounts::cities(tx));
    });
    ctemplate::TemplateDictionary dict("admin_staff_new");
    dict.SetValue("USERNAME", t.username);
    dict.SetValue("DISPLAY_NAME", t.display_name);
    for (const char* role : kRoles) {
        auto* o = dict.AddSectionDictionary("ROLE");
        o->SetValue("CODE", role);
        o->SetValue("NAME", role_label(role));
        if (t.role == role) o->ShowSection("SELECTED");
    }
    add_options(dict, "COUNTY", counties, t.county);
    add_options(dict, "CITY", cities, t.city);
    admin::add_messages(dict, messages);
    staff_page(ctx, status, "新建工作人员账号", "review/admin_staff_new.tpl", dict, "/admin/staff");
}

void render_account(Context& ctx, int status, const accounts::Account& a, const admin::Messages& messages) {
    ctemplate::TemplateDictionary dict("admin_staff_account");
    dict.SetValue("ID", std::to_string(a.id));
    dict.SetValue("USERNAME", a.username);
    dict.SetValue("DISPLAY_NAME", a.display_name);
    dict.SetValue("ROLE", role_label(a.role));
    dict.SetValue("AREA", area_of(a));
    dict.SetValue("ACTIVE", a.active ? "启用" : "已停用");
    dict.SetValue("CREATED", a.created);
    dict.SetValue("PASSWORD_CHANGED", a.password_changed.empty() ? "—" : a.password_changed);
    if (a.id == ctx.session->subject_id) dict.ShowSection("SELF");
    else dict.ShowSection(a.active ? "CAN_DISABLE" : "CAN_ENABLE");
    admin::add_done(ctx, dict, {{"created", "账号已创建。"}, {"disabled", "账号已停用，其所有登录已退出。"},
                                {"enabled", "账号已启用。"}, {"password", "密码已重置，该账号的所有登录已退出。"}});
    admin::add_messages(dict, messages);
    staff_page(ctx, status, "工作人员账号", "review/admin_staff_account.tpl", dict, "/admin/staff");
}

std::optional<accounts::Account> find_account(Context& ctx, std::optional<std::int64_t>& id) {
    id = validate::row_id(ctx.req.route_params["id"]);
    if (!id) return std::nullopt;
    return ctx.db.read([&](pqxx::nontransaction& tx) { return accounts::find(tx, *id); });
}

// Disables or enables account {id}: locks it, refuses one's own account, ends the
// sessions of a disabled one, audits.
void set_active(Context& ctx, bool active) {
    std::optional<std::int64_t> id;
    const auto current = find_account(ctx, id);
    if (!current) return ctx.fail(404, kNotFound);
    const std::int64_t staff_id = ctx.session->subject_id;
    if (*id == staff_id) return render_account(ctx, 400, *current, {{"", "不能停用或启用自己的账号。"}});
    ctx.db.write([&](pqxx::work& tx) {
        auto before = accounts::lock(tx, *id);
        if (!before) throw Refusal(404, kNotFound);
        if (before->active == active) return;  // already so: nothing to change or log
        accounts::set_active(tx, *id, active);
        if (!active) session::destroy_all(tx, session::Kind::Staff, *id);
        auto after = *before;
        after.active = active;
        staff_audit::record(tx, staff_id, active ? "staff.enable" : "staff.disable", "staff:" + std::to_string(*id),
                            snapshot(*before), snapshot(after));
    });
    log::info(active ? "admin.staff.enabled" : "admin.staff.disabled",
              {{"staff", std::to_string(staff_id)}, {"account", std::to_string(*id)}});
    ctx.res.redirect("/admin/staff/" + std::to_string(*id) + (active ? "?done=enabled" : "?done=disabled"));
}
}  // namespace

void show_admin_staff(Context& ctx) {
    const auto rows = ctx.db.read([](pqxx::nontransaction& tx) { return accounts::all(tx); });
    ctemplate::TemplateDictionary dict("admin_staff");
    for (const auto& a : rows) {
        auto* row = dict.AddSectionDictionary("ROW");
        row->SetValue("ID", std::to_string(a.id));
        row->SetValue("USERNAME", a.username);
        row->SetValue("DISPLAY_NAME", a.display_name);
        row->SetValue("ROLE", role_label(a.role));
        row->SetValue("AREA", area_of(a));
        row->SetValue("ACTIVE", a.active ? "启用" : "已停用");
        row->SetValue("ACTIVE_CLASS", a.active ? "open" : "closed");
    }
    staff_page(ctx, 200, "工作人员账号", "review/admin_staff.tpl", dict, "/admin/staff");
}

void show_admin_staff_new(Context& ctx) { render_new(ctx, 200, {"", "", "county", "", ""}, {}); }

void create_admin_staff(Context& ctx) {
    Typed t{admin::trimmed(ctx, "username"), admin::trimmed(ctx, "display_name"), ctx.req.form.value("role"),
            ctx.req.form.value("county_code"), ctx.req.form.value("city_code")};
    admin::Messages messages;
    const auto username = username_of(t.username);
    if (t.username.empty()) messages.push_back({"username", "请填写用户名。"});
    else if (!username) messages.push_back({"username", "用户名须为3至32个字符，只能使用小写字母、数字和 _ . -。"});
    if (auto e = admin::text_error(t.display_name, "显示名称", 1, 50)) messages.push_back({"display_name", *e});
    if (std::find(std::begin(kRoles), std::end(kRoles), t.role) == std::end(kRoles))
        messages.push_back({"role", "请选择角色。"});
    auto [counties, cities] = ctx.db.read([](pqxx::nontransaction& tx) {
        return std::make_pair(accounts::counties(tx), accounts::cities(tx));
    });
    const auto listed = [](const std::vector<accounts::Area>& areas, const std::string& code) {
        return std::any_of(areas.begin(), areas.end(), [&](const accounts::Area& a) { return a.code == code; });
    };
    if (t.role == "county" && !listed(counties, t.county)) messages.push_back({"county_code", "县区招办须选择所属县区。"});
    if (t.role == "city" && !listed(cities, t.city)) messages.push_back({"city_code", "市招办须选择所属市。"});
    check_password(ctx, messages);
    if (!messages.empty()) return render_new(ctx, 400, t, messages);

    accounts::NewAccount a{*username, t.display_name, t.role, t.role == "county" ? t.county : "",
                           t.role == "city" ? t.city : "", hash_typed_password(ctx)};
    const std::int64_t staff_id = ctx.session->subject_id;
    const auto id = ctx.db.write([&](pqxx::work& tx) -> std::optional<std::int64_t> {
        const auto id = accounts::insert(tx, a);
        if (!id) return std::nullopt;
        const auto created = accounts::find(tx, *id);
        staff_audit::record(tx, staff_id, "staff.create", "staff:" + std::to_string(*id), "",
                            created ? snapshot(*created) : "");
        return id;
    });
    if (!id) return render_new(ctx, 409, t, {{"username", "用户名“" + *username + "”已被使用，请换一个。"}});
    log::info("admin.staff.created", {{"staff", std::to_string(staff_id)}, {"account", std::to_string(*id)}});
    ctx.res.redirect("/admin/staff/" + std::to_string(*id) + "?done=created");
}

void show_admin_staff_account(Context& ctx) {
    std::optional<std::int64_t> id;
    const auto a = find_account(ctx, id);
    if (!a) return ctx.fail(404, kNotFound);
    render_account(ctx, 200, *a, {});
}

void disable_admin_staff(Context& ctx) { set_active(ctx, false); }
void enable_admin_staff(Context& ctx) { set_active(ctx, true); }

void reset_admin_staff_password(Context& ctx) {
    std::optional<std::int64_t> id;
    const auto current = find_account(ctx, id);
    if (!current) return ctx.fail(404, kNotFound);
    admin::Messages messages;
    check_password(ctx, messages);
    if (!messages.empty()) return render_account(ctx, 400, *current, messages);
    const std::string hash = hash_typed_password(ctx);
    const std::int64_t staff_id = ctx.session->subject_id;
    const bool self = *id == staff_id;
    ctx.db.write([&](pqxx::work& tx) {
        const auto before = accounts::lock(tx, *id);
        if (!before) throw Refusal(404, kNotFound);
        accounts::set_password(tx, *id, hash);
        // An administrator resetting his own password stays logged in on this browser only.
        session::destroy_all(tx, session::Kind::Staff, *id, self ? ctx.session->id_hash : "");
        staff_audit::record(tx, staff_id, "staff.password_reset", "staff:" + std::to_string(*id), snapshot(*before),
                            admin::json_object({{"password_reset", "true"}}));
    });
    log::info("admin.staff.password_reset", {{"staff", std::to_string(staff_id)}, {"account", std::to_string(*id)}});
    ctx.res.redirect("/admin/staff/" + std::to_string(*id) + "?done=password");
}

}  // namespace zk::review
