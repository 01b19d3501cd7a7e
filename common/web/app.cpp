// app.cpp: the request pipeline shared by every module (see app.hpp for the order).
#include "common/web/app.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <ctime>

#include "common/base/log.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/domain/validate.hpp"
#include "common/web/session_listener.hpp"

namespace zk {

namespace {
bool starts_with_ci(const std::string& s, const char* prefix) {
    size_t n = std::char_traits<char>::length(prefix);
    if (s.size() < n) return false;
    for (size_t i = 0; i < n; ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
    return true;
}

std::string health_path(const std::string& module) { return "/healthz/" + module; }

// The access rule as route_listing names it; a route exempt from CSRF (a signed callback)
// says so after a comma, so tests can hold the exemptions to exactly these.
std::string access_name(const http::Route& r) {
    std::string name;
    switch (r.access) {
        case http::Access::Public: name = "public"; break;
        case http::Access::ExamineeAny: name = "examinee-any"; break;
        case http::Access::Examinee: name = "examinee"; break;
        case http::Access::Staff: name = "staff"; break;
        case http::Access::Office: name = "office"; break;
        case http::Access::Province: name = "province"; break;
        case http::Access::Admin: name = "admin"; break;
    }
    return r.options.csrf_exempt ? name + ",csrf-exempt" : name;
}

}  // namespace

std::string route_listing(const ModuleDef& def) {
    http::Router router;
    def.routes(router);
    std::string out;
    auto line = [&out](const std::string& method, const std::string& path, std::size_t body,
                       const std::string& zone, int burst, const std::string& access) {
        out += method + " " + path + " " + std::to_string(body) + " " + (zone.empty() ? "-" : zone) + " " +
               std::to_string(burst) + " " + access + "\n";
    };
    for (const http::Route& r : router.routes())
        line(r.method, r.pattern, r.max_body(), r.options.rate_limit, r.options.rate_limit.empty() ? 0 : r.options.burst,
             access_name(r));
    line("GET", health_path(def.name), http::kFormBody, "", 0, "public");
    for (const std::string& p : def.prefixes) {
        if (p.empty() || p.front() != '/' || p.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789/-_") != std::string::npos)
            throw std::invalid_argument("module prefix must be a path of a-z 0-9 / - _: " + p);
        line("PREFIX", p, http::kFormBody, "", 0, "-");
    }
    return out;
}

bool safe_local_path(const std::string& next) {
    if (next.empty() || next[0] != '/') return false;
    // Browsers drop tabs and newlines from URLs and treat '\\' as '/', so any control
    // character, space or backslash could turn "/x" into "//host": refuse them all.
    for (unsigned char c : next)
        if (c <= 0x20 || c == 0x7F || c == '\\') return false;
    return next.size() == 1 || next[1] != '/';
}

App::App(ModuleDef def, Config config)
    : module_(std::move(def.name)), config_(std::move(config)) {
    def.routes(router_);
    // Before anything else: a production configuration naming a stand-in never serves.
    stand_ins::refuse_in_production(config_);
    if (def.check_config) def.check_config(config_);
    view_ = std::make_unique<View>(config_.require("templates_dir"));
    const std::string keys = config_.require("keys_dir");
    cipher_ = std::make_unique<crypto::FieldCipher>(crypto::read_key_file(keys + "/data.key"),
                                                    crypto::read_key_file(keys + "/index.key"));
    csrf_key_ = crypto::read_key_file(keys + "/csrf.key");
    session_settings_.secure_cookies = config_.get_bool("secure_cookies", false);
    auto positive = [this](const char* key, long fallback) {
        long v = config_.get_int(key, fallback);
        if (v <= 0) throw ConfigError(std::string("configuration key '") + key + "' must be positive");
        return static_cast<std::size_t>(v);
    };
    // nginx sets the real per-route limits; these are the backstop, never below the
    // largest body a route declares. A file is not limited below the body size here, so
    // that an oversized photo is reported next to its field by the image check (which
    // knows the 2 MB rule) instead of as a bare 413.
    std::size_t declared = 0;
    for (const http::Route& r : router_.routes()) declared = std::max(declared, r.options.max_body);
    const long shared_default = static_cast<long>(positive("max_body_bytes", 8 * 1024 * 1024));
    max_body_ = positive((module_ + ".max_body_bytes").c_str(),
                         std::max(shared_default, static_cast<long>(declared)));
    limits_.max_file_bytes = positive("max_file_bytes", max_body_);
    session_settings_.idle_minutes = static_cast<int>(positive("session_idle_minutes", 30));
    session_settings_.absolute_hours = static_cast<int>(positive("session_absolute_hours", 12));
    // 0 turns the cache off (every request checks the database). An entry is about 1 KB.
    const long cache_entries = config_.get_int("session_cache_entries", 8192);
    if (cache_entries < 0) throw ConfigError("configuration key 'session_cache_entries' must not be negative");
    session_cache_ = std::make_unique<session::Cache>(static_cast<std::size_t>(cache_entries));
    // The host's board (a file every module process on this host maps); without it a change
    // reaches the other processes of the host through NOTIFY, within milliseconds.
    if (const std::string board = config_.get("session_board"); !board.empty()) {
        try {
            session_board_ = std::make_unique<session::HostBoard>(board);
        } catch (const std::runtime_error& e) {
            throw ConfigError(std::string("configuration key 'session_board': ") + e.what());
        }
    }
}

App::~App() = default;

std::unique_ptr<db::Database> App::open_database() const {
    auto db = std::make_unique<db::Database>(config_.require("database"));
    db->observe_notices({"zikao-invalidate ", "SET zikao.report_invalidations = on",
                         [this](const std::vector<std::string>& keys) {
                             for (const std::string& key : keys) {
                                 session_cache_->invalidate(key);
                                 if (session_board_) session_board_->post(key);
                             }
                         }});
    return db;
}

std::optional<session::Session> App::find_session(db::Database& db, const std::string& token) const {
    if (!crypto::is_token_hex(token)) return std::nullopt;
    const std::string hash = session::token_hash(token);
    if (session_board_) session_board_->apply_new(*session_cache_);
    auto now = session::Cache::Clock::now();
    std::optional<session::Session> s = session_cache_->find(hash, session_settings_, now);
    if (!s) {
        const std::uint64_t ticket = session_cache_->ticket();
        s = db.read([&](pqxx::nontransaction& tx) { return session::load(tx, token, session_settings_); });
        if (!s) return s;
        // A key posted while the row was read makes the ticket stale: the row is not kept.
        if (session_board_) session_board_->apply_new(*session_cache_);
        session_cache_->store(*s, now, ticket);
    }
    if (s->touch_due) {
        db.read([&](pqxx::nontransaction& tx) { session::touch(tx, *s); });
        session_cache_->touched(hash, now);
    }
    return s;
}

void App::listen_for_session_changes(const std::atomic<bool>& stopping) const {
    session::listen_for_invalidations(config_.require("database"), *session_cache_, stopping);
}

void App::handle(db::Database& db, http::Request& req, http::Response& res) const {
    Context ctx{*this, db, req, res, std::nullopt};
    res.set_header("Cache-Control", "no-store");
    try {
        if (!validate::is_clean_utf8(req.path)) throw http::ParseError(400, "请求的地址含有无效字符");
        req.query_params = http::parse_urlencoded(req.query, limits_);
        auto match = router_.match(req.method, req.path);
        const bool unparsed = match.route && match.route->options.raw_body;
        if (req.is_post()) {
            if (req.body.size() > max_body_) throw http::ParseError(413, "提交的内容超过大小限制");
            if (unparsed) {
                // The handler reads req.body as received.
            } else if (starts_with_ci(req.content_type, "application/x-www-form-urlencoded")) {
                req.form = http::parse_urlencoded(req.body, limits_);
            } else if (starts_with_ci(req.content_type, "multipart/form-data")) {
                auto mp = http::parse_multipart(req.body, http::multipart_boundary(req.content_type), limits_);
                req.form = std::move(mp.fields);
                req.files = std::move(mp.files);
                // The parts now hold everything a handler reads; keeping the raw body as well
                // would double the memory of every upload in flight (a photo is decoded,
                // checked and stored long after this).
                std::string().swap(req.body);
            } else if (!req.body.empty()) {
                throw http::ParseError(400, "不支持的提交格式");
            }
        }

        if (req.path == health_path(module_)) {
            if (db.healthy()) res.text(200, "ok\n");
            else res.text(503, "database unavailable\n");
            return;
        }

        if (match.outcome == http::Router::Outcome::NotFound) return ctx.fail(404, "您访问的页面不存在。");
        if (match.outcome == http::Router::Outcome::MethodNotAllowed) {
            res.set_header("Allow", match.allow);
            return ctx.fail(405, "请求方式不正确。");
        }
        const http::Route& route = *match.route;
        req.route_params = std::move(match.params);

        if (auto token = req.cookie(session::kCookie)) ctx.session = find_session(db, *token);

        const bool wants_examinee = route.access == http::Access::Examinee || route.access == http::Access::ExamineeAny;
        const bool is_examinee = ctx.session && ctx.session->kind == session::Kind::Examinee;
        const bool is_staff = ctx.session && ctx.session->kind == session::Kind::Staff;
        const bool wants_staff = http::staff_only(route.access);
        if ((wants_examinee && !is_examinee) || (wants_staff && !is_staff)) {
            if (req.is_post()) return ctx.fail(403, "登录已过期，请重新登录后再提交。");
            std::string login = wants_staff ? "/admin/login" : "/login";
            std::string next = req.path + (req.query.empty() ? "" : "?" + req.query);
            res.redirect(login + (safe_local_path(next) ? "?next=" + http::url_encode(next) : ""));
            return;
        }
        // A role the route does not admit is refused before CSRF and the handler, for GET
        // and POST alike (the same page for every such route: nothing to probe).
        const std::string role = is_staff ? ctx.session->staff.role : std::string();
        if ((route.access == http::Access::Office && role != "county" && role != "city") ||
            (route.access == http::Access::Province && role != "province") ||
            (route.access == http::Access::Admin && role != "admin"))
            return ctx.fail(403, "您的账号没有此项操作的权限。");
        if (route.access == http::Access::Examinee && !ctx.session->verified) {
            res.redirect("/verify/identity");
            return;
        }

        if (req.is_post() && !route.options.csrf_exempt) {
            std::string binding;
            if (ctx.session) binding = crypto::to_hex(ctx.session->id_hash);
            else if (auto pre = req.cookie(session::kPreCookie); pre && crypto::is_token_hex(*pre)) binding = *pre;
            if (!session::csrf_valid(csrf_key_, binding, req.form.value("csrf_token")))
                return ctx.fail(403, "页面已过期或来源无法确认，请返回上一页刷新后重新提交。");
        }

        route.handler(ctx);
    } catch (const http::ParseError& e) {
        ctx.fail(e.status, e.what());
    } catch (const Refusal& r) {
        if (!r.retry_after.empty()) res.set_header("Retry-After", r.retry_after);
        ctx.fail(r.status, r.first());
    } catch (const db::Unavailable& e) {
        log::error("db.unavailable", {{"path", req.path}, {"what", e.what()}});
        res.set_header("Retry-After", "5");
        ctx.fail(503, "系统繁忙，请稍后再试。");
    } catch (const std::exception& e) {
        log::error("request.failed", {{"path", req.path}, {"what", e.what()}});
        res.headers.clear();
        res.set_header("Cache-Control", "no-store");
        ctx.fail(500, "系统出现错误，请稍后再试。如果问题持续，请联系所在市（县、区）招办。");
    }
}

std::string Context::csrf_token() {
    if (session) return session::csrf_token(app.csrf_key(), crypto::to_hex(session->id_hash));
    auto pre = req.cookie(session::kPreCookie);
    if (!pre || !crypto::is_token_hex(*pre)) {
        pre = crypto::random_hex(32);
        req.cookies[session::kPreCookie] = *pre;  // later calls in this request reuse it
        http::Cookie c{session::kPreCookie, *pre};
        c.secure = app.session_settings().secure_cookies;
        c.same_site = "Strict";
        res.set_cookie(c);
    }
    return session::csrf_token(app.csrf_key(), *pre);
}

void Context::set_session_cookie(const std::string& token) {
    http::Cookie c{session::kCookie, token};
    c.secure = app.session_settings().secure_cookies;
    res.set_cookie(c);
}

void Context::clear_session_cookie() {
    http::Cookie c{session::kCookie, ""};
    c.max_age = 0;
    c.secure = app.session_settings().secure_cookies;
    res.set_cookie(c);
}

void Context::page(int status, const std::string& title, const std::string& tpl,
                   ctemplate::TemplateDictionary& dict) {
    const std::string token = csrf_token();
    dict.SetValue(ZK_KEY("CSRF_TOKEN"), token);
    std::string body = app.view().render(tpl, dict);

    ctemplate::TemplateDictionary layout("layout");
    layout.SetValue(ZK_KEY("TITLE"), title);
    layout.SetValue(ZK_KEY("TODAY"), chinese_date_line(static_cast<long>(std::time(nullptr))));
    layout.SetValue(ZK_KEY("BODY"), body);
    const bool staff = session && session->kind == session::Kind::Staff;
    layout.SetValue(ZK_KEY("HOME_HREF"), staff ? "/admin" : "/");
    if (session) {
        auto* user = layout.AddSectionDictionary(ZK_KEY("SIGNED_IN"));
        user->SetValue(ZK_KEY("USER_NAME"), session->display_name);
        user->SetValue(ZK_KEY("CSRF_TOKEN"), token);
        user->SetValue(ZK_KEY("LOGOUT_ACTION"), session->kind == session::Kind::Staff ? "/admin/logout" : "/logout");
    }
    res.html(status, app.view().render("layout/page.tpl", layout));
}

void Context::add_examinee(ctemplate::TemplateDictionary& dict) const {
    const session::ExamineeProfile& p = session->examinee;
    dict.SetValue(ZK_KEY("NAME"), p.name);
    dict.SetValue(ZK_KEY("ID_NUMBER"), validate::mask_id_number(app.cipher().decrypt(p.id_number_enc, "id_number")));
    dict.SetValue(ZK_KEY("GENDER"), p.gender == "F" ? "女" : "男");
    dict.SetValue(ZK_KEY("TICKET_NO"), p.ticket_no);
}

void Context::fail(int status, const std::string& message) {
    ctemplate::TemplateDictionary dict("error");
    dict.SetValue("MESSAGE", message);
    dict.SetIntValue("STATUS", status);
    dict.SetValue("HOME_HREF", session && session->kind == session::Kind::Staff ? "/admin" : "/");
    try {
        page(status, "提示", "layout/error.tpl", dict);
    } catch (const std::exception&) {
        res.text(status, message + "\n");  // the template itself failed: still answer in Chinese
    }
}

}  // namespace zk
