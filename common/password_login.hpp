// password_login.hpp: the password check both login pages share (examinees at /login,
// staff at /admin/login): input limits, the per-address failure limit, the bounded
// scrypt gate, the same work whether or not the account exists, the atomic 5-failure
// lock, hash upgrades, and session rotation. Each page supplies how to find its account
// and the two statements that count a failure and record a success.
// SECURITY: one generic failure outcome whatever went wrong (unknown account, wrong
// password, no password yet, locked); the caller shows one message for it.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/app.hpp"

namespace zk::password_login {

struct Account {
    std::int64_t id = 0;
    std::string password_hash;  // empty: no password set yet
    bool locked = false;        // locked_until is in the future
};

// Reads {id, password_hash, locked} from the first row of r, if any.
std::optional<Account> account_from(const pqxx::result& r);

struct Kind {
    session::Kind session_kind;
    const char* failed_statement;     // ($1 id): counts a failure, locks at the fifth
    const char* succeeded_statement;  // ($1 id, $2 password hash): resets the count
    // Extra writes in the login transaction (the staff audit log), may be empty.
    std::function<void(pqxx::work&, std::int64_t account_id)> on_success;
};

enum class Outcome {
    Success,    // session_token is set (the caller sets the cookie and redirects)
    Failure,    // the generic failure
    Throttled,  // too many failures from this address: 429
    Busy,       // too many hashes running: 503
};

struct Attempt {
    Outcome outcome = Outcome::Failure;
    std::int64_t account_id = 0;
    std::string session_token;
};

// How a login page answers an outcome other than Success: status, the message shown at
// the form, and Retry-After (empty when none). The generic failure text is the page's own.
struct Refusal {
    int status;
    std::string message;
    std::string retry_after;
};
Refusal refusal(Outcome outcome, const std::string& generic_failure);

// `find` looks the account up from what was typed (nullopt when none).
Attempt attempt(Context& ctx, const std::string& password, const std::function<std::optional<Account>()>& find,
                const Kind& kind);

}  // namespace zk::password_login
