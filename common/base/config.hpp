// config.hpp: the one configuration file (key = value lines, '#' comments) plus
// environment overrides ZIKAO_<KEY> (upper-case). Read once at start; immutable after.
// Which environment variables may override the file is chosen at load: all of them (the
// modules, and zikao-ctl when no --config was given), or only the credential locations
// systemd hands over per run (zikao-ctl with an explicit --config, which is then
// authoritative for everything else).
// SECURITY: holds no secrets itself; keys are named by path (keys_dir) and read by crypto.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace zk {

struct ConfigError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

class Config {
public:
    enum class Environment {
        Overrides,        // ZIKAO_<KEY> wins over the file for every key
        CredentialsOnly,  // only for credential locations (is_credential_key)
    };

    Config() = default;
    // Throws ConfigError when the file cannot be read or a line is malformed.
    static Config load(const std::string& path, Environment env = Environment::Overrides);
    static Config from_string(const std::string& text, Environment env = Environment::Overrides);

    std::string get(const std::string& key, const std::string& fallback = "") const;
    // Throws ConfigError when the key is missing.
    std::string require(const std::string& key) const;
    long get_int(const std::string& key, long fallback) const;
    bool get_bool(const std::string& key, bool fallback) const;
    void set(const std::string& key, const std::string& value) { values_[key] = value; }

    // keys_dir and the *_file keys: paths to secrets, which the systemd units point at the
    // unit's credentials directory (known only when the unit runs) through the environment.
    static bool is_credential_key(const std::string& key);
    // The ZIKAO_<KEY> variables that are set, name a key of the file and are not honoured
    // (Environment::CredentialsOnly), in key order: worth a warning to whoever set them.
    std::vector<std::string> ignored_environment() const;

private:
    bool env_applies(const std::string& key) const;
    std::map<std::string, std::string> values_;
    Environment env_ = Environment::Overrides;
};

// Where a libpq connection string points, for the operator: "host=… dbname=…" (port=…
// and user=… when the string has them; "（默认）" for what libpq fills in). Never the
// password or any other option; "（无法解析）" for a string libpq cannot parse.
std::string describe_database(const std::string& conninfo);

}  // namespace zk
