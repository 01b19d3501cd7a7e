// staff_login.cpp: staff login (用户名 + 密码) and logout of the back office. The same
// defences as the examinee login (ACC-1): one generic failure message, the same scrypt
// work whether or not the account exists (or is inactive), the per-account progressive
// delay for failing addresses instead of a lock (ACC-8, common/domain/throttle.hpp), failures per
// client address limited in-process behind nginx's limit_req, a bounded number of
// concurrent hashes, and a fresh session at every login.
// SECURITY: trusts App::handle() for CSRF and session checks; never logs what was typed,
// only staff ids; a `next` target is followed only when it is a local /admin path.
#include <algorithm>
#include <thread>

#include "common/base/log.hpp"
#include "common/web/password_login.hpp"
#include "common/domain/staff_audit.hpp"
#include "common/domain/throttle.hpp"
#include "common/store/staff.hpp"
#include "modules/review/review.hpp"

namespace zk::review {

namespace {
const char* const kGenericFailure = "登录失败：用户名或密码不正确。";

// Usernames are stored lower-case (the staff table's CHECK); a clerk typing "XiaoDian"
// means the same account. Anything outside the allowed alphabet cannot be an account,
// so it is not looked up at all.
std::optional<std::string> normalized_username(const std::string& typed) {
    if (typed.size() < 3 || typed.size() > 32) return std::nullopt;
    std::string out;
    for (char ch : typed) {
        const char c = (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch - 'A' + 'a') : ch;
        const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) return std::nullopt;
        out += c;
    }
    return out;
}

// Only back-office pages may follow the login; anything else lands on the dashboard.
std::string next_target(const std::string& next) {
    if (!safe_local_path(next)) return "/admin";
    if (next == "/admin" || next.rfind("/admin/", 0) == 0 || next.rfind("/admin?", 0) == 0) return next;
    return "/admin";
}

std::optional<password_login::Account> find_account(Context& ctx, const std::string& username) {
    return ctx.db.read([&](pqxx::nontransaction& tx) { return store::staff::credentials(tx, username); });
}

void render_login(Context& ctx, int status, const std::string& username, const std::string& error) {
    ctemplate::TemplateDictionary dict("review_login");
    dict.SetValue("USERNAME", username);
    const std::string next = ctx.req.query_params.value("next");
    dict.SetValue("NEXT", next.empty() ? ctx.req.form.value("next") : next);
    if (!error.empty()) dict.SetValueAndShowSection("ERROR", error, "HAS_ERROR");
    ctx.page(status, "招办工作人员登录", "review/login.tpl", dict);
}

bool is_staff(const Context& ctx) { return ctx.session && ctx.session->kind == session::Kind::Staff; }
}  // namespace

void show_login(Context& ctx) {
    if (is_staff(ctx)) {
        ctx.res.redirect("/admin");
        return;
    }
    render_login(ctx, 200, "", "");
}

void do_login(Context& ctx) {
    const std::string typed = ctx.req.form.value("username");
    const std::string password = ctx.req.form.value("password");
    if (typed.empty() || password.empty()) return render_login(ctx, 400, typed, "请输入用户名和密码。");
    if (typed.size() > 64 || password.size() > 512) return render_login(ctx, 400, "", kGenericFailure);

    const auto username = normalized_username(typed);
    const password_login::Kind kind{
        session::Kind::Staff, [](pqxx::work& tx, std::int64_t id) {
            staff_audit::record(tx, id, "staff.login", "staff:" + std::to_string(id), "", "");
        }};
    const auto attempt = password_login::attempt(
        ctx, password, "staff:" + username.value_or(typed),
        [&]() -> std::optional<password_login::Account> {
            if (!username) return std::nullopt;
            return find_account(ctx, *username);
        },
        kind);
    if (attempt.outcome != password_login::Outcome::Success) {
        const Refusal r = password_login::refusal_of(attempt, kGenericFailure);
        if (!r.retry_after.empty()) ctx.res.set_header("Retry-After", r.retry_after);
        if (attempt.outcome == password_login::Outcome::Failure)
            log::info("review.login.failed", {{"staff", attempt.account_id ? std::to_string(attempt.account_id) : "unknown"}});
        return render_login(ctx, r.status, typed, r.first());
    }
    ctx.set_session_cookie(attempt.session_token);
    log::info("review.login.succeeded", {{"staff", std::to_string(attempt.account_id)}});
    ctx.res.redirect(next_target(ctx.req.form.value("next")));
}

void show_logout(Context& ctx) {
    if (!is_staff(ctx)) {
        ctx.res.redirect("/admin/login");
        return;
    }
    ctemplate::TemplateDictionary dict("review_logout");
    ctx.page(200, "退出登录", "review/logout.tpl", dict);
}

void do_logout(Context& ctx) {
    if (ctx.session) {
        ctx.db.write([&](pqxx::work& tx) { session::destroy(tx, ctx.session->id_hash); });
        log::info("review.logout", {{"subject", std::to_string(ctx.session->subject_id)}});
    }
    ctx.clear_session_cookie();
    ctx.res.redirect("/admin/login");
}

}  // namespace zk::review
