// router.cpp: linear matching; a module has a dozen routes, so a table scan is both the
// simplest and the fastest structure.
#include "common/web/router.hpp"

#include <cctype>
#include <cstring>
#include <stdexcept>

namespace zk::http {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> out;
    size_t i = 0;
    if (!path.empty() && path[0] == '/') i = 1;
    while (i <= path.size()) {
        size_t j = path.find('/', i);
        if (j == std::string::npos) j = path.size();
        out.push_back(path.substr(i, j - i));
        i = j + 1;
    }
    if (out.size() == 1 && out[0].empty()) out.clear();  // "/" has no segments
    return out;
}

Router& Router::add(Route r) {
    if (r.pattern.empty() || r.pattern[0] != '/') throw std::invalid_argument("route must start with /: " + r.pattern);
    // What nginx/locations.sh can write into a location unquoted (it escapes '.' in the
    // regex of a pattern with {name} segments): no spaces, quotes or regex syntax.
    for (char c : r.pattern)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || std::strchr("/-_.{}", c)))
            throw std::invalid_argument("route pattern may hold letters, digits, / - _ . and {name}: " + r.pattern);
    for (const char* c = r.options.rate_limit.c_str(); *c; ++c)
        if (!(std::isalnum(static_cast<unsigned char>(*c)) || *c == '_'))
            throw std::invalid_argument("rate_limit must name an nginx zone: " + r.options.rate_limit);
    if (r.options.burst < 0) throw std::invalid_argument("burst must not be negative: " + r.pattern);
    r.segments = split_path(r.pattern);
    for (const std::string& seg : r.segments) {
        const bool param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
        if (seg.find_first_of("{}") != std::string::npos &&
            (!param || seg.find_first_of("{}", 1) != seg.size() - 1))
            throw std::invalid_argument("a {name} must be a whole path segment: " + r.pattern);
    }
    routes_.push_back(std::move(r));
    return *this;
}

Router& Router::get(const std::string& p, Access a, Handler h, RouteOptions o) {
    return add(Route{"GET", p, a, std::move(h), std::move(o), {}});
}

Router& Router::post(const std::string& p, Access a, Handler h, RouteOptions o) {
    return add(Route{"POST", p, a, std::move(h), std::move(o), {}});
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
    Match result;
    if (path.empty() || path[0] != '/') return result;
    const std::vector<std::string> segs = split_path(path);
    const std::string& m = method == "HEAD" ? std::string("GET") : method;
    for (const Route& r : routes_) {
        if (r.segments.size() != segs.size()) continue;
        std::map<std::string, std::string> params;
        bool ok = true;
        for (size_t i = 0; i < segs.size() && ok; ++i) {
            const std::string& p = r.segments[i];
            if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
                if (segs[i].empty()) ok = false;
                else params[p.substr(1, p.size() - 2)] = segs[i];
            } else if (p != segs[i]) {
                ok = false;
            }
        }
        if (!ok) continue;
        if (r.method != m) {
            result.outcome = Outcome::MethodNotAllowed;
            const std::string methods = r.method == "GET" ? "GET, HEAD" : r.method;
            if (result.allow.find(methods) == std::string::npos)
                result.allow += (result.allow.empty() ? "" : ", ") + methods;
            continue;
        }
        result.outcome = Outcome::Found;
        result.allow.clear();
        result.route = &r;
        result.params = std::move(params);
        return result;
    }
    return result;
}

}  // namespace zk::http
