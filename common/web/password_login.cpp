// password_login.cpp: see password_login.hpp.
#include "common/web/password_login.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <exception>
#include <thread>

#include "common/domain/throttle.hpp"
#include "common/store/examinees.hpp"
#include "common/store/staff.hpp"

namespace zk::password_login {

namespace {
FailureLimiter& address_failures() {
    static FailureLimiter limiter(30, std::chrono::minutes(10));
    return limiter;
}

NameDelays& unknown_names() {
    static NameDelays delays;
    return delays;
}

// Verifying against this when no account matched makes both paths cost the same.
const std::string& dummy_hash() {
    static const std::string h = crypto::hash_password(crypto::random_hex(16));
    return h;
}

// The hash runs in a thread of its own at a lower CPU priority (nice 10): during a login
// wave the cores serve the pages first (个人中心 keeps its latency) and the hashes take
// what is left, while the gate still bounds how many run. Raising a thread's nice value
// needs no privilege but lowering it again would, hence a short-lived thread per hash
// instead of renicing the worker (tens of microseconds against ~0.1 s of scrypt).
bool verify_at_low_priority(const std::string& password, const std::string& stored) {
    bool ok = false;
    std::exception_ptr failure;
    std::thread hasher([&] {
        ::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), 10);  // best effort
        try {
            ok = crypto::verify_password(password, stored);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    hasher.join();
    if (failure) std::rethrow_exception(failure);
    return ok;
}

void record_failure(session::Kind kind, pqxx::work& tx, std::int64_t id) {
    if (kind == session::Kind::Staff) store::staff::record_failed_login(tx, id);
    else store::examinees::record_failed_login(tx, id);
}

void record_success(session::Kind kind, pqxx::work& tx, std::int64_t id, const std::string& hash) {
    if (kind == session::Kind::Staff) store::staff::record_login(tx, id, hash);
    else store::examinees::record_login(tx, id, hash);
}
}  // namespace

Refusal refusal_of(const Attempt& attempt, const std::string& generic_failure) {
    auto with_retry = [](int status, std::string text, std::string retry_after) {
        Refusal r(status, std::move(text));
        r.retry_after = std::move(retry_after);
        return r;
    };
    switch (attempt.outcome) {
        case Outcome::Throttled: return with_retry(429, "登录尝试过于频繁，请10分钟后再试。", "600");
        case Outcome::Delayed: {
            const std::string s = std::to_string(attempt.retry_after);
            const std::string wait = attempt.retry_after >= 60 ? std::to_string((attempt.retry_after + 59) / 60) + "分钟"
                                                              : s + "秒";
            return with_retry(429, "该账号密码输错次数较多，请" + wait + "后再试。", s);
        }
        case Outcome::Busy: return with_retry(503, "登录人数较多，请稍后再试。", "2");
        default: return Refusal(200, generic_failure);
    }
}

Gate before_check(FailureLimiter& addresses, NameDelays& unknown, const std::string& address,
                  const std::optional<Account>& account, const std::string& login_name,
                  FailureLimiter::Clock::time_point now) {
    if (addresses.blocked(address, now)) return {Outcome::Throttled, 600};
    const long wait = account ? delay_remaining(account->failed_logins, account->seconds_since_failure)
                              : unknown.remaining(login_name, now);
    // The owner at an address that is not failing is always checked (throttle.hpp).
    if (wait > 0 && addresses.count(address, now) > 0) {
        addresses.record_failure(address, now);
        return {Outcome::Delayed, wait};
    }
    return {Outcome::Success, 0};
}

void after_failure(FailureLimiter& addresses, NameDelays& unknown, const std::string& address,
                   const std::optional<Account>& account, const std::string& login_name,
                   FailureLimiter::Clock::time_point now) {
    addresses.record_failure(address, now);
    if (!account) unknown.record_failure(login_name, now);
}

Attempt attempt(Context& ctx, const std::string& password, const std::string& login_name,
                const std::function<std::optional<Account>()>& find, const Kind& kind) {
    const std::string& address = ctx.req.remote_addr;
    if (address_failures().blocked(address)) return {Outcome::Throttled, 0, "", 0};

    std::optional<Account> account;
    bool ok = false;
    std::string hash;
    {
        // A short wait for a core rather than 登录人数较多 whenever both happen to be hashing
        // (throttle.hpp); still 503 at once when the gate's waiting places are taken too
        // (password_hashing_gate: twice as many as cores). The place is taken before the
        // account is read, so that a login turned away in a wave costs no database round
        // trip, and given back as soon as the hash is checked, so that the next login hashes
        // while this one writes its session.
        auto permit = password_hashing_gate().enter_within(std::chrono::seconds(2));
        if (!permit) return {Outcome::Busy, 0, "", 0};
        account = find();
        const Gate gate = before_check(address_failures(), unknown_names(), address, account, login_name);
        if (gate.outcome != Outcome::Success) return {gate.outcome, account ? account->id : 0, "", gate.retry_after};
        if (account && !account->password_hash.empty()) {
            ok = verify_at_low_priority(password, account->password_hash);
        } else {
            verify_at_low_priority(password, dummy_hash());
        }
        // Hashes made with weaker parameters are upgraded while the password is at hand
        // (a second hash, so still within the place).
        if (ok) hash = crypto::password_needs_rehash(account->password_hash) ? crypto::hash_password(password)
                                                                           : account->password_hash;
    }
    if (!ok) {
        after_failure(address_failures(), unknown_names(), address, account, login_name);
        if (account) ctx.db.write([&](pqxx::work& tx) { record_failure(kind.session_kind, tx, account->id); });
        return {Outcome::Failure, account ? account->id : 0, "", 0};
    }

    const std::string token = ctx.db.write([&](pqxx::work& tx) {
        record_success(kind.session_kind, tx, account->id, hash);
        // Rotation: whatever session the browser had before is ended, never upgraded.
        if (ctx.session) session::destroy(tx, ctx.session->id_hash);
        if (kind.on_success) kind.on_success(tx, account->id);
        return session::create(tx, kind.session_kind, account->id, ctx.app.session_settings());
    });
    return {Outcome::Success, account->id, token, 0};
}

}  // namespace zk::password_login
