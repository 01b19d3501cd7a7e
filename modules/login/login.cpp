// login.cpp: examinee login by 身份证号 or 准考证号 (ACC-1), logout, and 修改密码 (ACC-6).
// One generic failure message whatever went wrong, and the same scrypt work whether or
// not the account exists, so neither the page nor its timing tells who is registered.
// Failures slow the attacker, not the owner (ACC-8): a per-account progressive delay for
// addresses that are failing, and a per-address limit behind nginx's limit_req; there is
// no lock anyone could trigger (the rule: common/domain/throttle.hpp). A successful login ends a
// waiting forgotten-password request of the account (ACC-7). A password change keeps the
// person logged in on a new session token and ends every other session.
// SECURITY: trusts App::handle() for CSRF and session checks; never logs what was typed.
#include "modules/login/login.hpp"

#include "common/base/log.hpp"
#include "common/web/password_login.hpp"
#include "common/domain/recovery.hpp"
#include "common/domain/throttle.hpp"
#include "common/domain/validate.hpp"
#include "common/store/examinees.hpp"

namespace zk::login {

namespace {
const char* const kGenericFailure = "登录失败：账号或密码不正确。";

std::optional<password_login::Account> find_account(Context& ctx, const std::string& login_name) {
    return ctx.db.read([&](pqxx::nontransaction& tx) -> std::optional<password_login::Account> {
        auto id = validate::check_id_number(login_name);
        if (id.info)
            return store::examinees::credentials_by_id_index(
                tx, ctx.app.cipher().blind_index(id.info->normalized, "id_number"));
        if (validate::is_ticket_number(login_name)) return store::examinees::credentials_by_ticket(tx, login_name);
        return std::nullopt;
    });
}

void render_login(Context& ctx, int status, const std::string& login_name, const std::string& error) {
    ctemplate::TemplateDictionary dict("login");
    dict.SetValue("LOGIN_NAME", login_name);
    dict.SetValue("NEXT", ctx.req.query_params.value("next").empty() ? ctx.req.form.value("next")
                                                                     : ctx.req.query_params.value("next"));
    if (!error.empty()) dict.SetValueAndShowSection("ERROR", error, "HAS_ERROR");
    ctx.page(status, "考生登录", "login/login.tpl", dict);
}
}  // namespace

void show_login(Context& ctx) {
    if (ctx.session && ctx.session->kind == session::Kind::Examinee) {
        ctx.res.redirect("/");
        return;
    }
    render_login(ctx, 200, "", "");
}

void do_login(Context& ctx) {
    const std::string login_name = ctx.req.form.value("login_name");
    const std::string password = ctx.req.form.value("password");
    if (login_name.empty() || password.empty())
        return render_login(ctx, 400, login_name, "请输入身份证号或准考证号和密码。");
    if (login_name.size() > 64 || password.size() > 512) return render_login(ctx, 400, "", kGenericFailure);

    const password_login::Kind kind{session::Kind::Examinee,
                                    [](pqxx::work& tx, std::int64_t id) { recovery::cancel_on_login(tx, id); }};
    const auto id = validate::check_id_number(login_name);
    const auto attempt = password_login::attempt(ctx, password, id.info ? id.info->normalized : login_name,
                                                 [&] { return find_account(ctx, login_name); }, kind);
    if (attempt.outcome != password_login::Outcome::Success) {
        const Refusal r = password_login::refusal_of(attempt, kGenericFailure);
        if (!r.retry_after.empty()) ctx.res.set_header("Retry-After", r.retry_after);
        if (attempt.outcome == password_login::Outcome::Delayed)
            log::info("login.delayed", {{"examinee", attempt.account_id ? std::to_string(attempt.account_id) : "unknown"}});
        if (attempt.outcome == password_login::Outcome::Failure)
            log::info("login.failed", {{"examinee", attempt.account_id ? std::to_string(attempt.account_id) : "unknown"}});
        return render_login(ctx, r.status, login_name, r.first());
    }
    ctx.set_session_cookie(attempt.session_token);
    log::info("login.succeeded", {{"examinee", std::to_string(attempt.account_id)}});
    const std::string next = ctx.req.form.value("next");
    ctx.res.redirect(safe_local_path(next) ? next : "/");
}

void show_logout(Context& ctx) {
    if (!ctx.session) {
        ctx.res.redirect("/login");
        return;
    }
    ctemplate::TemplateDictionary dict("logout");
    ctx.page(200, "退出登录", "login/logout.tpl", dict);
}

void do_logout(Context& ctx) {
    if (ctx.session) {
        ctx.db.write([&](pqxx::work& tx) { session::destroy(tx, ctx.session->id_hash); });
        log::info("logout", {{"subject", std::to_string(ctx.session->subject_id)}});
    }
    ctx.clear_session_cookie();
    ctx.res.redirect("/login");
}

namespace {
struct PasswordErrors {
    std::string old_password, new_password, confirm;
    bool any() const { return !old_password.empty() || !new_password.empty() || !confirm.empty(); }
};

void render_password(Context& ctx, int status, const PasswordErrors& e, bool done) {
    ctemplate::TemplateDictionary dict("password");
    if (!e.old_password.empty()) dict.SetValueAndShowSection("OLD_ERROR", e.old_password, "HAS_OLD_ERROR");
    if (!e.new_password.empty()) dict.SetValueAndShowSection("NEW_ERROR", e.new_password, "HAS_NEW_ERROR");
    if (!e.confirm.empty()) dict.SetValueAndShowSection("CONFIRM_ERROR", e.confirm, "HAS_CONFIRM_ERROR");
    if (done) dict.ShowSection("DONE");
    ctx.page(status, "修改密码", "login/password.tpl", dict);
}
}  // namespace

void show_password(Context& ctx) { render_password(ctx, 200, {}, false); }

void do_password(Context& ctx) {
    const std::string old_pw = ctx.req.form.value("old_password");
    const std::string new_pw = ctx.req.form.value("new_password");
    const std::string confirm = ctx.req.form.value("confirm_password");
    PasswordErrors e;
    if (old_pw.empty()) e.old_password = "请输入原密码。";
    if (auto why = validate::password_policy_error(new_pw)) e.new_password = *why;
    if (confirm != new_pw) e.confirm = "两次输入的新密码不一致。";
    if (e.new_password.empty() && new_pw == old_pw) e.new_password = "新密码不能与原密码相同。";
    if (e.any()) return render_password(ctx, 400, e, false);

    auto permit = password_hashing_gate().try_enter();
    if (!permit) {
        ctx.res.set_header("Retry-After", "2");
        return ctx.fail(503, "系统繁忙，请稍后再试。");
    }
    const std::int64_t id = ctx.examinee_id();
    const std::string stored =
        ctx.db.read([&](pqxx::nontransaction& tx) { return store::examinees::password_hash(tx, id); });
    if (stored.empty() || !crypto::verify_password(old_pw, stored)) {
        e.old_password = "原密码不正确。";
        return render_password(ctx, 400, e, false);
    }
    const std::string hash = crypto::hash_password(new_pw);
    const std::string token = ctx.db.write([&](pqxx::work& tx) {
        store::examinees::change_password(tx, id, hash);
        // Anyone else holding this account's sessions loses them with the old password, and
        // this browser goes on under a new token: one copied before the change is worthless.
        session::destroy_all(tx, session::Kind::Examinee, id);
        return session::create(tx, session::Kind::Examinee, id, ctx.app.session_settings());
    });
    ctx.set_session_cookie(token);
    ctx.session->id_hash = session::token_hash(token);  // the page's forms belong to the new session
    log::info("password.changed", {{"examinee", std::to_string(id)}});
    render_password(ctx, 200, {}, true);
}

}  // namespace zk::login
