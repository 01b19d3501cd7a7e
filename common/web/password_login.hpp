// password_login.hpp: the password check both login pages share (examinees at /login,
// staff at /admin/login): input limits, the per-address failure limit, the per-account
// progressive delay for failing addresses (ACC-8, rule in throttle.hpp), the bounded
// scrypt gate, the same work whether or not the account exists, hash upgrades, and
// session rotation. Each page supplies how to find its account; the account's failure
// count and its hash live in the store of its kind (common/store/examinees, staff).
// SECURITY: one generic failure outcome whatever went wrong (unknown account, wrong
// password, no password yet); the delay behaves the same for names that match no account.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <pqxx/pqxx>
#include <string>

#include "common/base/refusal.hpp"
#include "common/domain/throttle.hpp"
#include "common/store/credentials.hpp"
#include "common/web/app.hpp"

namespace zk::password_login {

using Account = store::Credentials;

// Whose login it is: examinees (store::examinees) or staff (store::staff) count failures
// and record successes in their own table.
struct Kind {
    // Extra writes in the login transaction (the staff audit log), may be empty.
    using OnSuccess = std::function<void(pqxx::work&, std::int64_t account_id)>;

    explicit Kind(session::Kind session_kind, OnSuccess on_success = {})
        : session_kind(session_kind), on_success(std::move(on_success)) {}

    session::Kind session_kind;
    OnSuccess on_success;
};

enum class Outcome {
    Success,    // session_token is set (the caller sets the cookie and redirects)
    Failure,    // the generic failure
    Throttled,  // too many failures from this address: 429
    Delayed,    // the account's progressive delay, for an address that is failing: 429
    Busy,       // too many hashes running: 503
};

struct Attempt {
    Outcome outcome = Outcome::Failure;
    std::int64_t account_id = 0;
    std::string session_token;
    long retry_after = 0;  // Delayed: seconds
};

// How a login page answers an outcome other than Success: the status, the message shown
// at the form (first()), and Retry-After ("" when none). The generic failure text is the
// page's own; it is answered with status 200, like the form itself.
Refusal refusal_of(const Attempt& attempt, const std::string& generic_failure);

// The policy around the password check, without the database (attempt() uses it; unit
// tests drive it with a simulated account): before the check, whether the address is
// over its limit (Throttled) or must wait for the account's delay (Delayed), else Success
// meaning "check the password"; after a wrong password, what is counted in memory (the
// account's own count is in its store).
struct Gate {
    Outcome outcome = Outcome::Success;
    long retry_after = 0;
};
Gate before_check(FailureLimiter& addresses, NameDelays& unknown_names, const std::string& address,
                  const std::optional<Account>& account, const std::string& login_name,
                  FailureLimiter::Clock::time_point now = FailureLimiter::Clock::now());
void after_failure(FailureLimiter& addresses, NameDelays& unknown_names, const std::string& address,
                   const std::optional<Account>& account, const std::string& login_name,
                   FailureLimiter::Clock::time_point now = FailureLimiter::Clock::now());

// `find` looks the account up from what was typed (nullopt when none); `login_name` is
// what was typed, normalised, and keys the delay of names that match no account.
Attempt attempt(Context& ctx, const std::string& password, const std::string& login_name,
                const std::function<std::optional<Account>()>& find, const Kind& kind);

}  // namespace zk::password_login
