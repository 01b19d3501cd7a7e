// message.cpp: Request/Response helpers. Cookie attributes are written here only, so
// HttpOnly/SameSite/Secure cannot be forgotten by a handler.
#include "common/web/message.hpp"

#include <strings.h>

namespace zk::http {

std::optional<std::string> Request::cookie(const std::string& name) const {
    auto it = cookies.find(name);
    if (it == cookies.end()) return std::nullopt;
    return it->second;
}

void Response::set_header(std::string name, std::string value) {
    for (auto& [n, v] : headers) {
        if (strcasecmp(n.c_str(), name.c_str()) == 0 && strcasecmp(n.c_str(), "Set-Cookie") != 0) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

void Response::set_cookie(const Cookie& c) {
    std::string v = c.name + "=" + c.value + "; Path=" + c.path;
    if (c.max_age >= 0) v += "; Max-Age=" + std::to_string(c.max_age);
    if (c.http_only) v += "; HttpOnly";
    if (c.secure) v += "; Secure";
    if (!c.same_site.empty()) v += "; SameSite=" + c.same_site;
    headers.emplace_back("Set-Cookie", std::move(v));
}

void Response::redirect(const std::string& location) {
    status = 303;
    set_header("Location", location);
    body.clear();
}

void Response::text(int s, std::string b) {
    status = s;
    set_header("Content-Type", "text/plain; charset=utf-8");
    body = std::move(b);
}

void Response::html(int s, std::string b) {
    status = s;
    set_header("Content-Type", "text/html; charset=utf-8");
    body = std::move(b);
}

std::optional<std::string> Response::header(const std::string& name) const {
    for (const auto& [n, v] : headers)
        if (strcasecmp(n.c_str(), name.c_str()) == 0) return v;
    return std::nullopt;
}

const char* status_reason(int status) {
    switch (status) {
        case 200: return "OK";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 409: return "Conflict";
        case 413: return "Payload Too Large";
        case 429: return "Too Many Requests";
        case 500: return "Internal Server Error";
        case 503: return "Service Unavailable";
        default: return "Status";
    }
}

}  // namespace zk::http
