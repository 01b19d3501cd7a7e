// config.cpp: parses the configuration file; environment variables win over the file so
// systemd units and the dev stack can override single values without another file —
// except where the caller asked for the file to be authoritative (Environment::
// CredentialsOnly), where only the credential locations systemd hands over per run do.
// describe_database reads both forms of libpq connection string (key = value, URIs) by
// libpq's rules; libpq itself is not on this layer's link line (only libpqxx is).
#include "common/base/config.hpp"

#include "common/base/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

namespace zk {
namespace {
std::string env_name(const std::string& key) {
    std::string n = "ZIKAO_";
    for (char c : key) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return n;
}
}  // namespace

bool Config::is_credential_key(const std::string& key) {
    return key == "keys_dir" || key.ends_with("_file");
}

bool Config::env_applies(const std::string& key) const {
    return env_ == Environment::Overrides || is_credential_key(key);
}

std::vector<std::string> Config::ignored_environment() const {
    std::vector<std::string> out;
    for (const auto& [key, value] : values_)
        if (!env_applies(key) && std::getenv(env_name(key).c_str())) out.push_back(env_name(key));
    return out;
}

Config Config::from_string(const std::string& text, Environment env) {
    Config c;
    c.env_ = env;
    std::istringstream in(text);
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        std::string t = strings::trim(line);
        if (t.empty() || t[0] == '#') continue;
        auto eq = t.find('=');
        if (eq == std::string::npos)
            throw ConfigError("configuration line " + std::to_string(number) + ": expected key = value");
        std::string key = strings::trim(t.substr(0, eq));
        if (key.empty()) throw ConfigError("configuration line " + std::to_string(number) + ": empty key");
        c.values_[key] = strings::trim(t.substr(eq + 1));
    }
    return c;
}

Config Config::load(const std::string& path, Environment env) {
    std::ifstream f(path);
    if (!f) throw ConfigError("cannot read configuration file " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return from_string(ss.str(), env);
}

std::string Config::get(const std::string& key, const std::string& fallback) const {
    if (env_applies(key))
        if (const char* env = std::getenv(env_name(key).c_str())) return env;
    auto it = values_.find(key);
    return it == values_.end() ? fallback : it->second;
}

std::string Config::require(const std::string& key) const {
    std::string v = get(key, "");
    if (v.empty()) throw ConfigError("configuration key '" + key + "' is required");
    return v;
}

long Config::get_int(const std::string& key, long fallback) const {
    std::string v = get(key, "");
    if (v.empty()) return fallback;
    char* end = nullptr;
    errno = 0;
    long n = std::strtol(v.c_str(), &end, 10);
    if (*end != '\0' || errno == ERANGE) throw ConfigError("configuration key '" + key + "' must be an integer");
    return n;
}

bool Config::get_bool(const std::string& key, bool fallback) const {
    std::string v = get(key, "");
    if (v.empty()) return fallback;
    if (v == "true" || v == "yes" || v == "1" || v == "on") return true;
    if (v == "false" || v == "no" || v == "0" || v == "off") return false;
    throw ConfigError("configuration key '" + key + "' must be true or false");
}

namespace {
using Conninfo = std::map<std::string, std::string>;

bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

// libpq's "key = value" form: a value is a word, or single-quoted with \' and \\ escapes.
std::optional<Conninfo> parse_keyword_value(const std::string& s) {
    Conninfo out;
    std::size_t i = 0;
    const auto skip = [&] {
        while (i < s.size() && is_space(s[i])) ++i;
    };
    for (skip(); i < s.size(); skip()) {
        const std::size_t k = i;
        while (i < s.size() && s[i] != '=' && !is_space(s[i])) ++i;
        const std::string key = s.substr(k, i - k);
        skip();
        if (key.empty() || i >= s.size() || s[i] != '=') return std::nullopt;
        ++i;
        skip();
        std::string value;
        const bool quoted = i < s.size() && s[i] == '\'';
        if (quoted) ++i;
        bool closed = !quoted;
        while (i < s.size()) {
            const char c = s[i];
            if (!quoted && is_space(c)) break;
            ++i;
            if (c == '\\' && i < s.size()) {
                value += s[i++];
            } else if (quoted && c == '\'') {
                closed = true;
                break;
            } else {
                value += c;
            }
        }
        if (!closed) return std::nullopt;
        out[key] = value;
    }
    return out;
}

std::string percent_decoded(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
            out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// libpq's URI form: postgresql://[user[:password]@][host[:port][,…]][/dbname][?key=value&…].
std::optional<Conninfo> parse_uri(const std::string& s) {
    std::string rest;
    for (const char* scheme : {"postgresql://", "postgres://"})
        if (s.starts_with(scheme)) rest = s.substr(std::string(scheme).size());
    Conninfo out;
    const std::size_t q = rest.find('?');
    const std::string query = q == std::string::npos ? "" : rest.substr(q + 1);
    rest = rest.substr(0, q);
    const std::size_t slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos && slash + 1 < rest.size()) out["dbname"] = percent_decoded(rest.substr(slash + 1));
    if (const std::size_t at = authority.rfind('@'); at != std::string::npos) {
        const std::string user = authority.substr(0, std::min(at, authority.find(':')));
        if (!user.empty()) out["user"] = percent_decoded(user);
        authority = authority.substr(at + 1);
    }
    std::string hosts, ports;
    std::stringstream list(authority);
    for (std::string one; std::getline(list, one, ',');) {
        std::size_t colon = one.rfind(':');
        if (colon != std::string::npos && one.find(']', colon) != std::string::npos)
            colon = std::string::npos;  // the colon of [::1], no port
        const std::string host = one.substr(0, colon), port = colon == std::string::npos ? "" : one.substr(colon + 1);
        hosts += (hosts.empty() ? "" : ",") + percent_decoded(host);
        ports += (ports.empty() ? "" : ",") + port;
    }
    if (hosts.find_first_not_of(',') != std::string::npos) out["host"] = hosts;
    if (ports.find_first_not_of(',') != std::string::npos) out["port"] = ports;
    std::stringstream params(query);
    for (std::string kv; std::getline(params, kv, '&');) {
        const std::size_t eq = kv.find('=');
        if (eq == std::string::npos) return std::nullopt;
        out[percent_decoded(kv.substr(0, eq))] = percent_decoded(kv.substr(eq + 1));
    }
    return out;
}
}  // namespace

std::string describe_database(const std::string& conninfo) {
    const bool uri = conninfo.starts_with("postgresql://") || conninfo.starts_with("postgres://");
    const auto given = uri ? parse_uri(conninfo) : parse_keyword_value(conninfo);
    if (!given) return "（无法解析）";
    const auto value = [&](const char* key) -> std::string {
        auto it = given->find(key);
        return it == given->end() || it->second.empty() ? "" : it->second;
    };
    const auto or_default = [](const std::string& v) { return v.empty() ? std::string("（默认）") : v; };
    const std::string host = value("host").empty() ? value("hostaddr") : value("host");
    std::string out = "host=" + or_default(host);
    if (!value("port").empty()) out += " port=" + value("port");
    out += " dbname=" + or_default(value("dbname"));
    if (!value("user").empty()) out += " user=" + value("user");
    return out;
}

}  // namespace zk
