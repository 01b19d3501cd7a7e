// password_login.cpp: see password_login.hpp.
#include "common/password_login.hpp"

#include "common/throttle.hpp"

namespace zk::password_login {

namespace {
FailureLimiter& address_failures() {
    static FailureLimiter limiter(30, std::chrono::minutes(10));
    return limiter;
}

// Verifying against this when no account matched makes both paths cost the same.
const std::string& dummy_hash() {
    static const std::string h = crypto::hash_password(crypto::random_hex(16));
    return h;
}
}  // namespace

std::optional<Account> account_from(const pqxx::result& r) {
    if (r.empty()) return std::nullopt;
    Account a;
    a.id = r[0]["id"].as<std::int64_t>();
    a.password_hash = r[0]["password_hash"].as<std::string>("");
    a.locked = r[0]["locked"].as<bool>(false);
    return a;
}

Refusal refusal(Outcome outcome, const std::string& generic_failure) {
    switch (outcome) {
        case Outcome::Throttled: return {429, "登录尝试过于频繁，请10分钟后再试。", "600"};
        case Outcome::Busy: return {503, "登录人数较多，请稍后再试。", "2"};
        default: return {200, generic_failure, ""};
    }
}

Attempt attempt(Context& ctx, const std::string& password, const std::function<std::optional<Account>()>& find,
                const Kind& kind) {
    const std::string& address = ctx.req.remote_addr;
    if (address_failures().blocked(address)) return {Outcome::Throttled, 0, ""};
    auto permit = password_hashing_gate().try_enter();
    if (!permit) return {Outcome::Busy, 0, ""};

    const std::optional<Account> account = find();
    bool ok = false;
    if (account && !account->locked && !account->password_hash.empty()) {
        ok = crypto::verify_password(password, account->password_hash);
    } else {
        crypto::verify_password(password, dummy_hash());
    }
    if (!ok) {
        address_failures().record_failure(address);
        // While locked, guesses are not counted: the lock runs out 15 minutes after the
        // fifth failure, whatever happens meanwhile.
        if (account && !account->locked)
            ctx.db.write([&](pqxx::work& tx) { tx.exec_prepared(kind.failed_statement, account->id); });
        return {Outcome::Failure, account ? account->id : 0, ""};
    }

    // Hashes made with weaker parameters are upgraded while the password is at hand.
    const std::string hash = crypto::password_needs_rehash(account->password_hash) ? crypto::hash_password(password)
                                                                                   : account->password_hash;
    const std::string token = ctx.db.write([&](pqxx::work& tx) {
        tx.exec_prepared(kind.succeeded_statement, account->id, hash);
        // Rotation: whatever session the browser had before is ended, never upgraded.
        if (ctx.session) session::destroy(tx, ctx.session->id_hash);
        if (kind.on_success) kind.on_success(tx, account->id);
        return session::create(tx, kind.session_kind, account->id, ctx.app.session_settings());
    });
    return {Outcome::Success, account->id, token};
}

}  // namespace zk::password_login
