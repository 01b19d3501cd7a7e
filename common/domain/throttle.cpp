// throttle.cpp: see throttle.hpp.
#include "common/domain/throttle.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include "common/base/crypto.hpp"

namespace zk {

HashGate::Permit HashGate::try_enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (in_use_ >= max_) return Permit(nullptr);
    ++in_use_;
    return Permit(this);
}

HashGate::Permit HashGate::enter_within(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (in_use_ >= max_) {
        if (waiting_ >= max_waiting_) return Permit(nullptr);
        ++waiting_;
        const bool freed = released_.wait_for(lock, wait, [this] { return in_use_ < max_; });
        --waiting_;
        if (!freed) return Permit(nullptr);
    }
    ++in_use_;
    return Permit(this);
}

int HashGate::waiting() {
    std::lock_guard<std::mutex> lock(mutex_);
    return waiting_;
}

HashGate& password_hashing_gate() {
    static const int cores = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
    static HashGate gate(cores, 2 * cores);
    return gate;
}

void HashGate::release() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        --in_use_;
    }
    released_.notify_one();
}

void FailureLimiter::prune(std::deque<Clock::time_point>& q, Clock::time_point now) const {
    while (!q.empty() && now - q.front() >= window_) q.pop_front();
}

bool FailureLimiter::blocked(const std::string& key, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = failures_.find(key);
    if (it == failures_.end()) return false;
    prune(it->second, now);
    if (it->second.empty()) {
        failures_.erase(it);
        return false;
    }
    return it->second.size() >= max_failures_;
}

std::size_t FailureLimiter::count(const std::string& key, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = failures_.find(key);
    if (it == failures_.end()) return 0;
    prune(it->second, now);
    return it->second.size();
}

void FailureLimiter::record_failure(const std::string& key, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failures_.size() >= max_keys_) {
        // Under a flood of distinct addresses, forget the idle ones first.
        for (auto it = failures_.begin(); it != failures_.end();) {
            prune(it->second, now);
            it = it->second.empty() ? failures_.erase(it) : std::next(it);
        }
        if (failures_.size() >= max_keys_) failures_.clear();
    }
    auto& q = failures_[key];
    prune(q, now);
    q.push_back(now);
    if (q.size() > max_failures_) q.pop_front();
}

}  // namespace zk

namespace zk {

std::chrono::seconds failure_delay(long consecutive_failures) {
    constexpr long kFree = 4, kCap = 15 * 60;
    if (consecutive_failures <= kFree) return std::chrono::seconds(0);
    const long doublings = consecutive_failures - kFree - 1;
    if (doublings >= 10) return std::chrono::seconds(kCap);  // 2^10 s > 15 min
    return std::chrono::seconds(std::min(kCap, 1L << doublings));
}

long delay_remaining(long consecutive_failures, double seconds_since_last_failure) {
    const double left = static_cast<double>(failure_delay(consecutive_failures).count()) - seconds_since_last_failure;
    return left > 0 ? static_cast<long>(std::ceil(left)) : 0;
}

long NameDelays::remaining(const std::string& name, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = names_.find(crypto::sha256(name));
    if (it == names_.end()) return 0;
    const double since = std::chrono::duration<double>(now - it->second.last).count();
    return delay_remaining(it->second.failures, since);
}

void NameDelays::record_failure(const std::string& name, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (names_.size() >= max_keys_) {
        // Forget names whose delay is over; if all are still delayed, start afresh.
        for (auto it = names_.begin(); it != names_.end();)
            it = now - it->second.last >= std::chrono::minutes(15) ? names_.erase(it) : std::next(it);
        if (names_.size() >= max_keys_) names_.clear();
    }
    State& s = names_[crypto::sha256(name)];
    ++s.failures;
    s.last = now;
}

}  // namespace zk
