// message.hpp: the request and response a handler sees. Deliberately independent of
// FastCGI, so CppUnit tests build a Request by hand and read the Response back.
// SECURITY: a Request holds untrusted input exactly as received; the body is parsed
// later, in one place (App::handle, with the parsers of common/base/forms.hpp), with the
// limits from the configuration.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/base/forms.hpp"

namespace zk::http {

struct Request {
    std::string method = "GET";
    std::string path = "/";       // decoded-free path without the query string
    std::string query;            // raw query string
    std::string content_type;
    std::string body;
    std::string remote_addr;
    std::string user_agent;
    bool https = false;
    std::map<std::string, std::string> cookies;
    Form query_params;            // parsed from `query`
    Form form;                    // parsed from the body (urlencoded or multipart fields)
    std::vector<UploadedFile> files;
    std::map<std::string, std::string> route_params;  // from "{name}" route segments

    std::optional<std::string> cookie(const std::string& name) const;
    bool is_post() const { return method == "POST"; }
};

struct Cookie {
    std::string name, value;
    std::string path = "/";
    int max_age = -1;     // -1: session cookie; 0: delete
    bool http_only = true;
    bool secure = false;
    std::string same_site = "Lax";
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;

    void set_header(std::string name, std::string value);
    void set_cookie(const Cookie& cookie);
    // 303 See Other, so a POST followed by a redirect becomes a GET.
    void redirect(const std::string& location);
    void text(int status, std::string body);  // text/plain; charset=utf-8
    void html(int status, std::string body);  // text/html; charset=utf-8
    std::optional<std::string> header(const std::string& name) const;
};

// Reason phrase for the status line ("Not Found").
const char* status_reason(int status);

}  // namespace zk::http
