// credentials.hpp: what a password login reads of an account, examinee or staff: its id,
// its scrypt hash and its failure count with the time since the last failure (the
// database's clock, so every host judges the progressive delay alike).
// SECURITY: the hash never leaves the login path; callers compare it, never show it.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store {

struct Credentials {
    std::int64_t id = 0;
    std::string password_hash;            // empty: no password set yet
    long failed_logins = 0;               // consecutive failures since the last success
    double seconds_since_failure = 1e9;   // since the last failure (large when none)
};

// The select list every credentials query of an account table starts with.
inline constexpr const char* kCredentialColumns =
    "SELECT id, password_hash, failed_logins, "
    "  COALESCE(EXTRACT(EPOCH FROM now() - last_failed_login_at)::float8, 1e9) AS since_failure ";

// Reads the columns of kCredentialColumns from the first row of r, if any.
std::optional<Credentials> credentials_from(const pqxx::result& r);

}  // namespace zk::store
