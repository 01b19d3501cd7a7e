// staff.hpp: the staff table as the back-office login needs it. Usernames are stored
// lower-case (the table's CHECK); an inactive account is not found, so it fails exactly
// like an unknown name.
// SECURITY: trusts its callers to pass normalised usernames and fresh scrypt hashes.
#pragma once
#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/store/credentials.hpp"

namespace zk::store::staff {

// The active account with this username.
std::optional<Credentials> credentials(pqxx::transaction_base& tx, const std::string& username);
// Counts one failure and stamps its time, in one statement so concurrent wrong guesses
// cannot lose increments.
void record_failed_login(pqxx::transaction_base& tx, std::int64_t staff_id);
// Clears the failure count and stores the (possibly upgraded) hash.
void record_login(pqxx::transaction_base& tx, std::int64_t staff_id, const std::string& password_hash);

}  // namespace zk::store::staff
