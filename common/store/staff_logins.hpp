// staff_logins.hpp: the staff table as the back-office login reads and writes it: the
// active account behind a user name, its failure count (ACC-8) and the reset of that
// count, with the possibly upgraded password hash, at a successful login.
// SECURITY: inactive accounts are not found, so they fail exactly like unknown names;
// user names arrive already normalised (lower case, the table's alphabet).
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace zk::store::staff_logins {

struct Credentials {
    std::int64_t id = 0;
    std::string password_hash;
    long failed_logins = 0;              // consecutive failures since the last success
    double seconds_since_failure = 1e9;  // since the last failure (large when none)
};

std::optional<Credentials> find_active(pqxx::transaction_base& tx, const std::string& username);
// One statement, so concurrent wrong guesses cannot lose increments.
void count_failure(pqxx::transaction_base& tx, std::int64_t staff_id);
void record_success(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& password_hash);

// TRANSITIONAL: password_login::Kind still runs the two writes above by statement name
// ($1 id; $1 id, $2 hash). Remove these once it takes functions.
const char* count_failure_statement();
const char* record_success_statement();

}  // namespace zk::store::staff_logins
