// session_listener.cpp: see session_listener.hpp.
#include "common/web/session_listener.hpp"

#include <poll.h>

#include <algorithm>
#include <chrono>
#include <pqxx/pqxx>
#include <thread>

#include "common/base/log.hpp"

namespace zk::session {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kProbeEvery = std::chrono::seconds(5);
constexpr auto kStatsEvery = std::chrono::seconds(60);

// What the cache did since the last report, for the operator (journal) and the benchmarks.
void report(const Cache& cache, Cache::Counts& last) {
    const Cache::Counts now = cache.counts();
    if (now.hits == last.hits && now.misses == last.misses && now.invalidations == last.invalidations) return;
    log::info("session_cache.stats", {{"hits", std::to_string(now.hits - last.hits)},
                                      {"misses", std::to_string(now.misses - last.misses)},
                                      {"invalidations", std::to_string(now.invalidations - last.invalidations)},
                                      {"entries", std::to_string(cache.size())}});
    last = now;
}

// Closes the connection before the Receiver goes (declared after it, so destroyed first):
// a receiver that outlives its connection's use would send UNLISTEN, on a connection that
// may be dead by then (PostgreSQL stopping), and libpqxx 6 leaks the failed result.
// Closing the connection ends the subscription anyway.
struct CloseFirst {
    pqxx::connection& c;
    ~CloseFirst() { c.disconnect(); }
};

class Receiver : public pqxx::notification_receiver {
public:
    Receiver(pqxx::connection_base& c, Cache& cache) : pqxx::notification_receiver(c, kInvalidationChannel), cache_(cache) {}
    void operator()(const std::string& payload, int) override { cache_.invalidate(payload); }

private:
    Cache& cache_;
};

// Waits for input on the connection for up to a second and delivers what came. Throws
// when the connection is gone.
void wait_for_keys(pqxx::connection& c) {
    pollfd fd{c.sock(), POLLIN, 0};
    const int n = ::poll(&fd, 1, 1000);
    if (n > 0) c.get_notifs();
    if (!c.is_open() || (fd.revents & (POLLHUP | POLLERR | POLLNVAL)))
        throw pqxx::broken_connection("the invalidation listener lost its connection");
}

void pause(std::chrono::milliseconds how_long, const std::atomic<bool>& stopping) {
    const auto until = Clock::now() + how_long;
    while (!stopping && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(50));
}

}  // namespace

void listen_for_invalidations(const std::string& conninfo, Cache& cache, const std::atomic<bool>& stopping) {
    std::chrono::milliseconds backoff(100);
    bool was_lost = false;
    Cache::Counts reported;
    auto reported_at = Clock::now();
    while (!stopping) {
        try {
            pqxx::connection c(conninfo);
            {
                pqxx::nontransaction tx(c);
                tx.exec(std::string("SET application_name = '") + kListenerName + "'");
            }
            Receiver receiver(c, cache);  // issues LISTEN now
            CloseFirst close_first{c};
            c.get_notifs();
            cache.resume();
            log::info(was_lost ? "session_cache.resubscribed" : "session_cache.subscribed");
            backoff = std::chrono::milliseconds(100);
            auto probed = Clock::now();
            while (!stopping) {
                wait_for_keys(c);
                if (Clock::now() - probed >= kProbeEvery) {
                    pqxx::nontransaction probe(c);
                    probe.exec("SELECT 1");
                    probed = Clock::now();
                }
                if (Clock::now() - reported_at >= kStatsEvery) {
                    report(cache, reported);
                    reported_at = Clock::now();
                }
            }
            report(cache, reported);
            cache.suspend();
        } catch (const std::exception& e) {
            cache.suspend();
            if (!was_lost || backoff.count() >= 5000)
                log::warn("session_cache.listener_lost", {{"what", e.what()}, {"retry_ms", std::to_string(backoff.count())}});
            was_lost = true;
            pause(backoff, stopping);
            backoff = std::min(backoff * 2, std::chrono::milliseconds(5000));
        }
    }
}

}  // namespace zk::session
