// router.hpp: maps (method, path) to a handler. Patterns are literal segments and
// "{name}" segments that capture one non-empty path segment. Each route also states who
// may use it, so access control is declared in the route table, not remembered in code,
// and what nginx enforces before the module sees it (body size, rate limit): nginx's
// locations are generated from the route tables (`zikao-<module> --routes`, then
// nginx/locations.sh), so a route is named in its module's main.cpp and nowhere else.
// SECURITY: matching is exact; no trailing-slash or case folding, so one URL is one page.
#pragma once
#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace zk {
struct Context;
}

namespace zk::http {

enum class Access {
    Public,             // anyone
    ExamineeAny,        // a logged-in examinee, verified or not (verification pages)
    Examinee,           // a logged-in examinee whose identity is verified
    Staff,              // a logged-in staff member (what it sees is limited by its scope)
    Office,             // a staff member of a 县区招办 or 市招办 (预审, 旧计划核验, 材料交回)
    Province,           // a staff member of the 省审定组 (审定)
    Admin,              // a staff member with the 管理员 role (settings, staff accounts)
};

// Whether the route needs a staff session (any role).
inline bool staff_only(Access a) {
    return a == Access::Staff || a == Access::Office || a == Access::Province || a == Access::Admin;
}

using Handler = std::function<void(Context&)>;

inline constexpr std::size_t KiB = 1024;
inline constexpr std::size_t MiB = 1024 * KiB;
// What nginx lets through to a route that declares no body size: a form.
inline constexpr std::size_t kFormBody = 16 * KiB;

// Per-route settings beyond method, path and access; omitted for a plain page or form:
//   r.post("/register/new", Access::Public, do_new, RouteOptions().body(7 * MiB).limit("zikao_register"));
struct RouteOptions {
    // nginx's client_max_body_size for this path (0: kFormBody). Uploads say more; the
    // module's own backstop (App::max_body_bytes) is never below the largest one.
    std::size_t max_body = 0;
    // nginx limit_req zone for POSTs to this path ("" none); the zones are defined in
    // nginx/zikao-http.conf and nginx/dev.conf.in. burst: POSTs beyond the rate let
    // through at once before 429.
    std::string rate_limit;
    int burst = 10;
    bool csrf_exempt = false;  // only for signed server-to-server callbacks
    // The body is left unparsed in req.body, whatever its type, for a handler that must
    // store and check a signed message exactly as received (a payment notification).
    bool raw_body = false;

    RouteOptions& body(std::size_t bytes) { max_body = bytes; return *this; }
    RouteOptions& limit(std::string zone, int burst_count = 10) {
        rate_limit = std::move(zone);
        burst = burst_count;
        return *this;
    }
    RouteOptions& without_csrf() { csrf_exempt = true; return *this; }
    RouteOptions& unparsed_body() { raw_body = true; return *this; }
};

struct Route {
    std::string method;
    std::string pattern;
    Access access = Access::Public;
    Handler handler;
    RouteOptions options;
    std::vector<std::string> segments;

    std::size_t max_body() const { return options.max_body ? options.max_body : kFormBody; }
};

class Router {
public:
    Router& get(const std::string& pattern, Access access, Handler h, RouteOptions options = {});
    Router& post(const std::string& pattern, Access access, Handler h, RouteOptions options = {});
    Router& add(Route route);

    enum class Outcome { Found, NotFound, MethodNotAllowed };
    struct Match {
        Outcome outcome = Outcome::NotFound;
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        std::string allow;  // for MethodNotAllowed: the methods the path does accept
    };
    // HEAD is answered by the GET route. A path must start with '/'.
    Match match(const std::string& method, const std::string& path) const;
    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

std::vector<std::string> split_path(const std::string& path);

}  // namespace zk::http
