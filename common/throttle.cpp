// throttle.cpp: see throttle.hpp.
#include "common/throttle.hpp"

#include <algorithm>
#include <thread>

namespace zk {

HashGate::Permit HashGate::try_enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (in_use_ >= max_) return Permit(nullptr);
    ++in_use_;
    return Permit(this);
}

HashGate& password_hashing_gate() {
    static HashGate gate(static_cast<int>(std::max(2u, std::thread::hardware_concurrency())));
    return gate;
}

void HashGate::release() {
    std::lock_guard<std::mutex> lock(mutex_);
    --in_use_;
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
