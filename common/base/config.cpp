// config.cpp: parses the configuration file; environment variables win over the file so
// systemd units and the dev stack can override single values without another file.
#include "common/base/config.hpp"

#include "common/base/strings.hpp"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace zk {
namespace {
std::string env_name(const std::string& key) {
    std::string n = "ZIKAO_";
    for (char c : key) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return n;
}
}  // namespace

Config Config::from_string(const std::string& text) {
    Config c;
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

Config Config::load(const std::string& path) {
    std::ifstream f(path);
    if (!f) throw ConfigError("cannot read configuration file " + path);
    std::stringstream ss;
    ss << f.rdbuf();
    return from_string(ss.str());
}

std::string Config::get(const std::string& key, const std::string& fallback) const {
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

}  // namespace zk
