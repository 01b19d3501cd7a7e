// throttle.hpp: in-process guards for expensive or abusable work.
// HashGate bounds how many scrypt hashes run at once (each costs ~0.1 s of a core and
// 32 MiB), so a login storm is answered with a fast 503 instead of a queue of timeouts.
// A login that finds every place taken may wait briefly for one (enter_within), but only
// a bounded number wait (max_waiting): with logins arriving at random, both cores are often
// busy at once well below capacity, and answering 登录人数较多 then would turn away logins
// the machine has the time for (and leave the cores idle until a user retries).
// FailureLimiter counts failed attempts per client address in a sliding window, behind
// nginx's limit_req, so credential stuffing from one address stops even across accounts.
// failure_delay() is the per-account progressive delay of ACC-8 (the rule is written out
// above it); NameDelays keeps the same delay for names that match no account.
// SECURITY: keyed by REMOTE_ADDR as nginx reports it; memory is bounded.
#pragma once
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace zk {

class HashGate {
public:
    // `max_waiting`: how many callers enter_within queues at most (default: as many as places).
    explicit HashGate(int max_concurrent, int max_waiting = -1)
        : max_(max_concurrent), max_waiting_(max_waiting < 0 ? max_concurrent : max_waiting) {}
    class Permit {
    public:
        explicit Permit(HashGate* g) : gate_(g) {}
        Permit(Permit&& o) noexcept : gate_(o.gate_) { o.gate_ = nullptr; }
        Permit(const Permit&) = delete;
        Permit& operator=(const Permit&) = delete;
        Permit& operator=(Permit&&) = delete;
        ~Permit() { if (gate_) gate_->release(); }
        explicit operator bool() const { return gate_ != nullptr; }

    private:
        HashGate* gate_;
    };
    // An empty Permit when the gate is full: answer 503 at once.
    Permit try_enter();
    // When the gate is full, waits up to `wait` for a place to be released, unless
    // `max_waiting` callers are already waiting: an empty Permit then, or when the time is up.
    Permit enter_within(std::chrono::milliseconds wait);
    // How many callers are waiting in enter_within right now.
    int waiting();

private:
    void release();
    std::mutex mutex_;
    std::condition_variable released_;
    int max_;
    int max_waiting_;
    int in_use_ = 0;
    int waiting_ = 0;
};

// The process-wide gate for scrypt (login, registration, password changes): as many
// hashes at once as there are cores, and twice as many logins waiting for one (each
// waits ~0.2 s per place ahead of it, well within enter_within's 2 s; with 2 cores that is
// 6 of a module's 8 worker threads, so the login page itself is still served in a wave).
HashGate& password_hashing_gate();

class FailureLimiter {
public:
    using Clock = std::chrono::steady_clock;
    FailureLimiter(std::size_t max_failures, std::chrono::seconds window, std::size_t max_keys = 100000)
        : max_failures_(max_failures), window_(window), max_keys_(max_keys) {}
    bool blocked(const std::string& key, Clock::time_point now = Clock::now());
    // Failures of `key` inside the window (0: the address is not failing).
    std::size_t count(const std::string& key, Clock::time_point now = Clock::now());
    void record_failure(const std::string& key, Clock::time_point now = Clock::now());

private:
    void prune(std::deque<Clock::time_point>& q, Clock::time_point now) const;
    std::mutex mutex_;
    std::size_t max_failures_;
    std::chrono::seconds window_;
    std::size_t max_keys_;
    std::unordered_map<std::string, std::deque<Clock::time_point>> failures_;
};

// ACC-8, failed logins slow the attacker, not the owner. There is no lock. An account's
// consecutive failures (reset by a success) impose a delay after the last failure:
// nothing for the first four, then 1 s after the fifth, doubling with each further
// failure, at most 15 minutes. The delay applies only to a client address that is itself
// failing (at least one failed login inside the per-address window): the owner typing the
// right password from an address that has not been failing is always checked and let in,
// however many wrong guesses others made. A failing address is refused during the delay
// without the password being checked, and the refusal counts as one more failure of that
// address, which still meets the per-address limit (30 per 10 minutes → 429 until the
// window has passed).
std::chrono::seconds failure_delay(long consecutive_failures);
// Whole seconds still to wait after `seconds_since_last_failure` (0: may try now).
long delay_remaining(long consecutive_failures, double seconds_since_last_failure);

// The same delay for login names that match no account, kept per process and bounded,
// so that being delayed never tells whether an account exists. Keys are hashed.
class NameDelays {
public:
    using Clock = std::chrono::steady_clock;
    explicit NameDelays(std::size_t max_keys = 100000) : max_keys_(max_keys) {}
    long remaining(const std::string& name, Clock::time_point now = Clock::now());
    void record_failure(const std::string& name, Clock::time_point now = Clock::now());

private:
    struct State {
        long failures = 0;
        Clock::time_point last;
    };
    std::mutex mutex_;
    std::size_t max_keys_;
    std::unordered_map<std::string, State> names_;
};

}  // namespace zk
