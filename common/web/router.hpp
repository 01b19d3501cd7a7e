// router.hpp: maps (method, path) to a handler. Patterns are literal segments and
// "{name}" segments that capture one non-empty path segment. Each route also states who
// may use it, so access control is declared in the route table, not remembered in code.
// SECURITY: matching is exact; no trailing-slash or case folding, so one URL is one page.
#pragma once
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
    Staff,              // a logged-in staff member
};

using Handler = std::function<void(Context&)>;

struct Route {
    std::string method;
    std::string pattern;
    Access access = Access::Public;
    Handler handler;
    bool csrf_exempt = false;  // only for signed server-to-server callbacks
    std::vector<std::string> segments;
};

class Router {
public:
    Router& get(const std::string& pattern, Access access, Handler h);
    Router& post(const std::string& pattern, Access access, Handler h);
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
