// config.hpp: the one configuration file (key = value lines, '#' comments) plus
// environment overrides ZIKAO_<KEY> (upper-case). Read once at start; immutable after.
// SECURITY: holds no secrets itself; keys are named by path (keys_dir) and read by crypto.
#pragma once
#include <map>
#include <stdexcept>
#include <string>

namespace zk {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Config {
public:
    Config() = default;
    // Throws ConfigError when the file cannot be read or a line is malformed.
    static Config load(const std::string& path);
    static Config from_string(const std::string& text);

    std::string get(const std::string& key, const std::string& fallback = "") const;
    // Throws ConfigError when the key is missing.
    std::string require(const std::string& key) const;
    long get_int(const std::string& key, long fallback) const;
    bool get_bool(const std::string& key, bool fallback) const;
    void set(const std::string& key, const std::string& value) { values_[key] = value; }

private:
    std::map<std::string, std::string> values_;
};

}  // namespace zk
