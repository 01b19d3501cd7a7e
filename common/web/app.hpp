// app.hpp: the skeleton every module runs. A module's main() builds a ModuleDef (its
// name and routes; its SQL is the common/store functions it links) and calls run_module(); `zikao-<module> --routes` prints what
// nginx needs to know of it (route_listing, read by nginx/locations.sh). Everything
// else — configuration, keys, templates, FastCGI, worker threads, database connections,
// body parsing, sessions, access checks, CSRF, error pages — happens here, identically
// for every module.
// App::handle() is the whole request path without FastCGI, which is what handler tests
// drive.
// SECURITY: the order in handle() is the policy: parse with limits → route → session →
// access → CSRF → handler. A handler only runs once all of these have passed.
#pragma once
#include <ctemplate/template.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/base/config.hpp"
#include "common/base/crypto.hpp"
#include "common/base/db.hpp"
#include "common/base/refusal.hpp"
#include "common/web/message.hpp"
#include "common/web/router.hpp"
#include "common/web/session.hpp"
#include "common/web/session_cache.hpp"
#include "common/web/view.hpp"

namespace zk {

class App;

struct ModuleDef {
    std::string name;
    std::function<void(http::Router&)> routes;
    // Path prefixes the module owns beyond its routes ("/admin/"): nginx sends any other
    // URL under them to the module too, which answers its own 404 page.
    std::vector<std::string> prefixes;
    // Reads and checks the module's own configuration keys (throws ConfigError), run when
    // the App is built — at start and by --check — so a bad value stops the module before
    // it serves instead of failing the first request that needs it. May be empty.
    std::function<void(const Config&)> check_config;
    // Worker threads when the configuration does not name them for this module
    // (`<module>.threads`); 0: the shared `threads` key (default 8).
    int default_threads = 0;
    // Work the module does besides answering requests (the payment sandbox delivers its
    // notifications), run in a thread of its own from start until shutdown. It must return
    // soon after `stopping` turns true. May be empty.
    std::function<void(const App&, const std::atomic<bool>& stopping)> background;
};

// What `zikao-<module> --routes` prints, one line per route, its health check and its
// prefixes, in route-table order:
//   METHOD PATTERN MAX_BODY_BYTES RATE_LIMIT_ZONE|- BURST ACCESS     (METHOD GET, POST; PREFIX)
// ACCESS is the route's http::Access in lower case (public, examinee-any, examinee, staff,
// office, province, admin; "-" for a prefix), with ",csrf-exempt" for a route exempt from
// CSRF. nginx/locations.sh turns it into nginx locations; the integration tests
// (test_access_matrix.py, test_csrf_routes.py) read the access rules from it.
std::string route_listing(const ModuleDef& def);

class App {
public:
    // Reads keys, loads templates, builds routes. Throws on any missing piece.
    App(ModuleDef def, Config config);

    ~App();
    void handle(db::Database& db, http::Request& req, http::Response& res) const;
    // A worker's connection: its writes invalidate this host's session caches before the
    // request is answered (session_cache.hpp).
    std::unique_ptr<db::Database> open_database() const;
    // The session a cookie token names, from this process's cache when it surely holds
    // it, else from the database (and then kept); records activity once a minute.
    std::optional<session::Session> find_session(db::Database& db, const std::string& token) const;
    // Keeps the session cache subscribed to every host's changes until `stopping`; until
    // this runs the cache stays suspended and every request asks the database.
    void listen_for_session_changes(const std::atomic<bool>& stopping) const;
    const session::Cache& session_cache() const { return *session_cache_; }

    const std::string& module() const { return module_; }
    const Config& config() const { return config_; }
    const View& view() const { return *view_; }
    const crypto::FieldCipher& cipher() const { return *cipher_; }
    const session::Settings& session_settings() const { return session_settings_; }
    const http::FormLimits& form_limits() const { return limits_; }
    std::size_t max_body_bytes() const { return max_body_; }
    const std::string& csrf_key() const { return csrf_key_; }

private:
    std::string module_;
    Config config_;
    http::Router router_;
    std::unique_ptr<View> view_;
    std::unique_ptr<crypto::FieldCipher> cipher_;
    std::string csrf_key_;
    session::Settings session_settings_;
    http::FormLimits limits_;
    std::size_t max_body_ = 0;
    std::unique_ptr<session::Cache> session_cache_;
    std::unique_ptr<session::HostBoard> session_board_;  // null when not configured
};

// What a handler works with for one request.
struct Context {
    const App& app;
    db::Database& db;
    http::Request& req;
    http::Response& res;
    std::optional<session::Session> session;

    // The CSRF token for forms on this page (sets the pre-session cookie when needed).
    std::string csrf_token();
    // Renders `tpl` with `dict` inside the shared layout. Adds CSRF_TOKEN to dict.
    void page(int status, const std::string& title, const std::string& tpl, ctemplate::TemplateDictionary& dict);
    // A page with a Chinese message and a way back.
    void fail(int status, const std::string& message);
    std::int64_t examinee_id() const { return session ? session->subject_id : 0; }
    // The session examinee as the seed's pages head them: NAME, ID_NUMBER (masked), GENDER
    // (男 / 女) and TICKET_NO.
    void add_examinee(ctemplate::TemplateDictionary& dict) const;
    // Sets the session cookie (login) or clears it (logout).
    void set_session_cookie(const std::string& token);
    void clear_session_cookie();
};

int run_module(int argc, char** argv, ModuleDef def);

// Only same-site absolute paths ("/apply", not "//evil.example" or "/\\evil") may be
// used as a redirect target taken from the request (?next=).
bool safe_local_path(const std::string& path);

}  // namespace zk
