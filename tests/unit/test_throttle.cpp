// test_throttle.cpp: CppUnit tests of common/domain/throttle: HashGate permits (bounded
// concurrency, release on destruction, moves release exactly once, a bounded wait for a
// released place) and FailureLimiter (sliding window per key, other keys unaffected,
// bounded memory). FailureLimiter's time is passed explicitly as steady_clock time points;
// only the waiting gate's tests use threads and short sleeps (with generous bounds).
#include "common/domain/throttle.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using zk::FailureLimiter;
using zk::HashGate;
using namespace std::chrono_literals;

namespace {

// Counts how many permits the gate hands out right now (and returns them afterwards).
int available(HashGate& gate) {
    std::vector<HashGate::Permit> held;
    for (int i = 0; i < 100; ++i) {
        HashGate::Permit p = gate.try_enter();
        if (!p) break;
        held.push_back(std::move(p));
    }
    return static_cast<int>(held.size());
}

const FailureLimiter::Clock::time_point t0 = FailureLimiter::Clock::time_point{} + 1000h;

}  // namespace

class ThrottleTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ThrottleTest);
    CPPUNIT_TEST(testGateGivesMaxPermits);
    CPPUNIT_TEST(testReleasedPermitAllowsAnother);
    CPPUNIT_TEST(testMovedPermitReleasesOnce);
    CPPUNIT_TEST(testMoveIntoContainerReleasesOnce);
    CPPUNIT_TEST(testEmptyPermitReleasesNothing);
    CPPUNIT_TEST(testGateOfZero);
    CPPUNIT_TEST(testWaitGetsReleasedPlace);
    CPPUNIT_TEST(testWaitTimesOut);
    CPPUNIT_TEST(testWaitersBoundedByPlaces);
    CPPUNIT_TEST(testWaitersBoundedByMaxWaiting);
    CPPUNIT_TEST(testBlockedAfterMaxFailures);
    CPPUNIT_TEST(testOtherKeyNotBlocked);
    CPPUNIT_TEST(testUnblockedAfterWindow);
    CPPUNIT_TEST(testSlidingWindow);
    CPPUNIT_TEST(testUnknownKeyNotBlocked);
    CPPUNIT_TEST(testMaxKeysForgetsIdleFirst);
    CPPUNIT_TEST(testMaxKeysBoundUnderFlood);
    CPPUNIT_TEST_SUITE_END();

public:
    void testGateGivesMaxPermits() {
        HashGate gate(2);
        HashGate::Permit a = gate.try_enter();
        HashGate::Permit b = gate.try_enter();
        HashGate::Permit c = gate.try_enter();
        CPPUNIT_ASSERT(static_cast<bool>(a));
        CPPUNIT_ASSERT(static_cast<bool>(b));
        CPPUNIT_ASSERT(!c);
    }

    void testReleasedPermitAllowsAnother() {
        HashGate gate(2);
        HashGate::Permit a = gate.try_enter();
        {
            HashGate::Permit b = gate.try_enter();
            CPPUNIT_ASSERT(static_cast<bool>(b));
            CPPUNIT_ASSERT(!gate.try_enter());
        }
        HashGate::Permit again = gate.try_enter();
        CPPUNIT_ASSERT(static_cast<bool>(again));
        CPPUNIT_ASSERT(!gate.try_enter());
        CPPUNIT_ASSERT(static_cast<bool>(a));
    }

    void testMovedPermitReleasesOnce() {
        HashGate gate(2);
        {
            HashGate::Permit a = gate.try_enter();
            HashGate::Permit b(std::move(a));
            CPPUNIT_ASSERT(!a);  // the moved-from permit holds nothing
            CPPUNIT_ASSERT(static_cast<bool>(b));
            CPPUNIT_ASSERT_EQUAL(1, available(gate));
        }
        // Both destroyed: one release, not two, so the limit is still exactly 2.
        CPPUNIT_ASSERT_EQUAL(2, available(gate));
    }

    void testMoveIntoContainerReleasesOnce() {
        HashGate gate(3);
        {
            std::vector<HashGate::Permit> v;
            for (int i = 0; i < 3; ++i) v.push_back(gate.try_enter());  // reallocations move
            CPPUNIT_ASSERT_EQUAL(0, available(gate));
            auto owned = std::make_unique<HashGate::Permit>(std::move(v.back()));
            v.pop_back();
            CPPUNIT_ASSERT_EQUAL(0, available(gate));
        }
        CPPUNIT_ASSERT_EQUAL(3, available(gate));
    }

    void testEmptyPermitReleasesNothing() {
        HashGate gate(1);
        HashGate::Permit a = gate.try_enter();
        {
            HashGate::Permit empty = gate.try_enter();
            CPPUNIT_ASSERT(!empty);
        }
        // The empty permit's destruction must not have freed a's slot.
        CPPUNIT_ASSERT(!gate.try_enter());
        CPPUNIT_ASSERT(static_cast<bool>(a));
    }

    void testGateOfZero() {
        HashGate gate(0);
        CPPUNIT_ASSERT(!gate.try_enter());
        CPPUNIT_ASSERT(!gate.enter_within(10ms));
    }

    void testWaitGetsReleasedPlace() {
        HashGate gate(1);
        std::optional<HashGate::Permit> held(gate.try_enter());
        CPPUNIT_ASSERT(static_cast<bool>(*held));
        std::thread releaser([&held] {
            std::this_thread::sleep_for(50ms);
            held.reset();
        });
        HashGate::Permit p = gate.enter_within(30s);
        releaser.join();
        CPPUNIT_ASSERT(static_cast<bool>(p));
        CPPUNIT_ASSERT(!gate.try_enter());
    }

    void testWaitTimesOut() {
        HashGate gate(1);
        HashGate::Permit held = gate.try_enter();
        const auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(!gate.enter_within(50ms));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start >= 50ms);
        CPPUNIT_ASSERT_EQUAL(0, available(gate));
    }

    // With one place taken and one caller waiting for it, a second caller is not queued.
    void testWaitersBoundedByPlaces() {
        HashGate gate(1);
        std::optional<HashGate::Permit> held(gate.try_enter());
        bool waiter_got = false;
        std::thread waiter([&gate, &waiter_got] { waiter_got = static_cast<bool>(gate.enter_within(60s)); });
        for (int i = 0; i < 2000 && gate.waiting() == 0; ++i) std::this_thread::sleep_for(10ms);
        CPPUNIT_ASSERT_EQUAL(1, gate.waiting());
        const auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(!gate.enter_within(30s));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < 20s);
        held.reset();
        waiter.join();
        CPPUNIT_ASSERT(waiter_got);
    }

    // A gate of one place and two waiters: both are queued and served in turn, a third
    // caller is refused at once.
    void testWaitersBoundedByMaxWaiting() {
        HashGate gate(1, 2);
        std::optional<HashGate::Permit> held(gate.try_enter());
        std::atomic<int> served{0};
        auto wait_and_hold = [&gate, &served] {
            HashGate::Permit p = gate.enter_within(60s);
            if (p) ++served;
        };
        std::thread first(wait_and_hold), second(wait_and_hold);
        for (int i = 0; i < 2000 && gate.waiting() < 2; ++i) std::this_thread::sleep_for(10ms);
        CPPUNIT_ASSERT_EQUAL(2, gate.waiting());
        const auto start = std::chrono::steady_clock::now();
        CPPUNIT_ASSERT(!gate.enter_within(30s));
        CPPUNIT_ASSERT(std::chrono::steady_clock::now() - start < 20s);
        held.reset();
        first.join();
        second.join();
        CPPUNIT_ASSERT_EQUAL(2, served.load());
        CPPUNIT_ASSERT(static_cast<bool>(gate.try_enter()));
    }

    void testBlockedAfterMaxFailures() {
        FailureLimiter lim(3, 60s);
        const std::string ip = "203.0.113.7";
        CPPUNIT_ASSERT(!lim.blocked(ip, t0));
        lim.record_failure(ip, t0);
        lim.record_failure(ip, t0 + 1s);
        CPPUNIT_ASSERT(!lim.blocked(ip, t0 + 2s));
        lim.record_failure(ip, t0 + 2s);
        CPPUNIT_ASSERT(lim.blocked(ip, t0 + 3s));
        lim.record_failure(ip, t0 + 4s);
        CPPUNIT_ASSERT(lim.blocked(ip, t0 + 5s));
    }

    void testOtherKeyNotBlocked() {
        FailureLimiter lim(2, 60s);
        lim.record_failure("198.51.100.1", t0);
        lim.record_failure("198.51.100.1", t0);
        CPPUNIT_ASSERT(lim.blocked("198.51.100.1", t0 + 1s));
        CPPUNIT_ASSERT(!lim.blocked("198.51.100.2", t0 + 1s));
        CPPUNIT_ASSERT(!lim.blocked("198.51.100.10", t0 + 1s));
    }

    void testUnblockedAfterWindow() {
        FailureLimiter lim(2, 60s);
        lim.record_failure("k", t0);
        lim.record_failure("k", t0 + 10s);
        CPPUNIT_ASSERT(lim.blocked("k", t0 + 59s));
        // The first failure leaves the window exactly 60 s after it happened.
        CPPUNIT_ASSERT(!lim.blocked("k", t0 + 60s));
        CPPUNIT_ASSERT(!lim.blocked("k", t0 + 200s));
        // Blocking starts over from nothing.
        lim.record_failure("k", t0 + 200s);
        CPPUNIT_ASSERT(!lim.blocked("k", t0 + 200s));
        lim.record_failure("k", t0 + 201s);
        CPPUNIT_ASSERT(lim.blocked("k", t0 + 201s));
    }

    void testSlidingWindow() {
        FailureLimiter lim(3, 60s);
        lim.record_failure("k", t0);
        lim.record_failure("k", t0 + 30s);
        lim.record_failure("k", t0 + 59s);
        CPPUNIT_ASSERT(lim.blocked("k", t0 + 59s));
        CPPUNIT_ASSERT(!lim.blocked("k", t0 + 61s));  // only two left in [1 s, 61 s)
        lim.record_failure("k", t0 + 62s);
        CPPUNIT_ASSERT(lim.blocked("k", t0 + 62s));
        CPPUNIT_ASSERT(!lim.blocked("k", t0 + 90s));  // the 30 s one has left
    }

    void testUnknownKeyNotBlocked() {
        FailureLimiter lim(1, 60s);
        CPPUNIT_ASSERT(!lim.blocked("", t0));
        lim.record_failure("", t0);
        CPPUNIT_ASSERT(lim.blocked("", t0));
        CPPUNIT_ASSERT(!lim.blocked("x", t0));
    }

    void testMaxKeysForgetsIdleFirst() {
        FailureLimiter lim(1, 60s, 2);
        lim.record_failure("old", t0);
        lim.record_failure("recent", t0 + 50s);
        CPPUNIT_ASSERT(lim.blocked("recent", t0 + 50s));
        // At t0+61s the map is full, "old" is idle and is dropped; "recent" stays.
        lim.record_failure("new", t0 + 61s);
        CPPUNIT_ASSERT(lim.blocked("new", t0 + 61s));
        CPPUNIT_ASSERT(lim.blocked("recent", t0 + 61s));
        CPPUNIT_ASSERT(!lim.blocked("old", t0 + 61s));
    }

    void testMaxKeysBoundUnderFlood() {
        // With all keys active, a full map is cleared rather than allowed to grow: the
        // first key's failures are forgotten once more than max_keys keys are seen.
        const std::size_t max_keys = 8;
        FailureLimiter lim(1, 3600s, max_keys);
        lim.record_failure("first", t0);
        CPPUNIT_ASSERT(lim.blocked("first", t0));
        for (std::size_t i = 1; i < max_keys; ++i) lim.record_failure("k" + std::to_string(i), t0);
        CPPUNIT_ASSERT(lim.blocked("first", t0));  // max_keys keys: nothing forgotten yet
        CPPUNIT_ASSERT(lim.blocked("k7", t0));
        lim.record_failure("overflow", t0);
        CPPUNIT_ASSERT(lim.blocked("overflow", t0));
        CPPUNIT_ASSERT(!lim.blocked("first", t0));
        CPPUNIT_ASSERT(!lim.blocked("k7", t0));

        // A long flood of distinct keys never keeps more than max_keys of them.
        FailureLimiter flood(1, 3600s, max_keys);
        for (int i = 0; i < 1000; ++i) flood.record_failure("f" + std::to_string(i), t0);
        int still_blocked = 0;
        for (int i = 0; i < 1000; ++i)
            if (flood.blocked("f" + std::to_string(i), t0)) ++still_blocked;
        CPPUNIT_ASSERT(still_blocked >= 1);
        CPPUNIT_ASSERT(still_blocked <= static_cast<int>(max_keys));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ThrottleTest);
