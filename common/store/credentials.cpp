// credentials.cpp: see credentials.hpp.
#include "common/store/credentials.hpp"

namespace zk::store {

std::optional<Credentials> credentials_from(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    Credentials c;
    c.id = r[0]["id"].as<std::int64_t>();
    c.password_hash = r[0]["password_hash"].as<std::string>("");
    c.failed_logins = r[0]["failed_logins"].as<long>(0);
    c.seconds_since_failure = r[0]["since_failure"].as<double>(1e9);
    return c;
}

}  // namespace zk::store
