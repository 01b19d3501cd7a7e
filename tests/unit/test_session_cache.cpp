// test_session_cache.cpp: CppUnit tests of the per-process session cache and the host
// board (common/web/session_cache): what is served from memory, what every invalidation
// key drops, the ticket that keeps a read overtaken by a change out of the cache, the
// liveness rules on the estimated database clock, the bound, suspension, and keys
// crossing between two mappings of one board file as between two processes of a host.
#include "common/web/session_cache.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/temp_dir.hpp"

using namespace zk;
using session::Cache;
using session::HostBoard;

namespace {

constexpr double kDbNow = 1.8e9;  // the database's clock when the rows were read

session::Session make_session(char tag, session::Kind kind, std::int64_t subject, double last_seen_ago = 0,
                              double expires_in = 3600) {
    session::Session s;
    s.id_hash = std::string(32, tag);
    s.kind = kind;
    s.subject_id = subject;
    s.display_name = std::string("name-") + tag;
    s.verified = true;
    s.examinee.name = s.display_name;
    s.times = {kDbNow, kDbNow - last_seen_ago, kDbNow + expires_in};
    return s;
}

session::Settings settings() {
    session::Settings st;
    st.idle_minutes = 30;
    st.absolute_hours = 12;
    return st;
}

}  // namespace

class SessionCacheTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SessionCacheTest);
    CPPUNIT_TEST(testStartsSuspended);
    CPPUNIT_TEST(testServesWhatItStored);
    CPPUNIT_TEST(testSessionKeyDropsOnlyThatSession);
    CPPUNIT_TEST(testSubjectKeyDropsEverySessionOfThatSubject);
    CPPUNIT_TEST(testStaffAndExamineeKeysDoNotMix);
    CPPUNIT_TEST(testEverythingAndUnknownKeysDropAll);
    CPPUNIT_TEST(testReadOvertakenByChangeIsNotKept);
    CPPUNIT_TEST(testExpiredOnTheEstimatedDatabaseClock);
    CPPUNIT_TEST(testIdleGoesBackToTheDatabase);
    CPPUNIT_TEST(testTouchDueAfterAMinuteAndTouchedResetsIt);
    CPPUNIT_TEST(testBoundDropsLeastRecentlyUsed);
    CPPUNIT_TEST(testSuspendEmptiesAndRefusesStores);
    CPPUNIT_TEST(testZeroCapacityNeverServes);
    CPPUNIT_TEST(testKeysOfTheDatabaseTriggers);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        cache_ = std::make_unique<Cache>(100);
        cache_->resume();
        t0_ = Cache::Clock::now();
    }

    void testStartsSuspended() {
        Cache fresh(10);
        CPPUNIT_ASSERT(!fresh.active());
        fresh.store(make_session('a', session::Kind::Examinee, 1), t0_, fresh.ticket());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), fresh.size());
        CPPUNIT_ASSERT(!fresh.find(std::string(32, 'a'), settings(), t0_));
    }

    void testServesWhatItStored() {
        store(make_session('a', session::Kind::Examinee, 1));
        auto s = cache_->find(std::string(32, 'a'), settings(), t0_ + std::chrono::seconds(5));
        CPPUNIT_ASSERT(s);
        CPPUNIT_ASSERT_EQUAL(std::string("name-a"), s->display_name);
        CPPUNIT_ASSERT_EQUAL(std::int64_t(1), s->subject_id);
        CPPUNIT_ASSERT(!s->touch_due);
        CPPUNIT_ASSERT_DOUBLES_EQUAL(kDbNow + 5, s->times.now, 0.01);
        CPPUNIT_ASSERT(!cache_->find(std::string(32, 'b'), settings(), t0_));
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), cache_->counts().hits);
        CPPUNIT_ASSERT_EQUAL(std::uint64_t(1), cache_->counts().misses);
    }

    void testSessionKeyDropsOnlyThatSession() {
        store(make_session('a', session::Kind::Examinee, 1));
        store(make_session('b', session::Kind::Examinee, 1));
        cache_->invalidate(session::session_key(std::string(32, 'a')));
        CPPUNIT_ASSERT(!find('a'));
        CPPUNIT_ASSERT(find('b'));
    }

    void testSubjectKeyDropsEverySessionOfThatSubject() {
        store(make_session('a', session::Kind::Examinee, 1));
        store(make_session('b', session::Kind::Examinee, 1));
        store(make_session('c', session::Kind::Examinee, 2));
        cache_->invalidate("e:1");
        CPPUNIT_ASSERT(!find('a'));
        CPPUNIT_ASSERT(!find('b'));
        CPPUNIT_ASSERT(find('c'));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache_->size());
    }

    void testStaffAndExamineeKeysDoNotMix() {
        store(make_session('a', session::Kind::Examinee, 7));
        store(make_session('s', session::Kind::Staff, 7));
        cache_->invalidate("t:7");
        CPPUNIT_ASSERT(find('a'));
        CPPUNIT_ASSERT(!find('s'));
        store(make_session('s', session::Kind::Staff, 7));
        cache_->invalidate("e:7");
        CPPUNIT_ASSERT(!find('a'));
        CPPUNIT_ASSERT(find('s'));
    }

    void testEverythingAndUnknownKeysDropAll() {
        for (const char* key : {"*", "x:1", "e:", "e:12a", "s:zz", ""}) {
            store(make_session('a', session::Kind::Examinee, 1));
            store(make_session('s', session::Kind::Staff, 2));
            cache_->invalidate(key);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(key, std::size_t(0), cache_->size());
        }
    }

    void testReadOvertakenByChangeIsNotKept() {
        const std::uint64_t ticket = cache_->ticket();
        cache_->invalidate("e:99");  // any change, even of someone else, while the row was read
        cache_->store(make_session('a', session::Kind::Examinee, 1), t0_, ticket);
        CPPUNIT_ASSERT(!find('a'));
        cache_->store(make_session('a', session::Kind::Examinee, 1), t0_, cache_->ticket());
        CPPUNIT_ASSERT(find('a'));
    }

    void testExpiredOnTheEstimatedDatabaseClock() {
        store(make_session('a', session::Kind::Examinee, 1, 0, 10));  // 10 s of life left
        CPPUNIT_ASSERT(cache_->find(std::string(32, 'a'), settings(), t0_ + std::chrono::seconds(9)));
        CPPUNIT_ASSERT(!cache_->find(std::string(32, 'a'), settings(), t0_ + std::chrono::seconds(11)));
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache_->size());
    }

    void testIdleGoesBackToTheDatabase() {
        store(make_session('a', session::Kind::Examinee, 1, 29 * 60));  // idle 29 of 30 minutes
        CPPUNIT_ASSERT(cache_->find(std::string(32, 'a'), settings(), t0_ + std::chrono::seconds(30)));
        CPPUNIT_ASSERT(!cache_->find(std::string(32, 'a'), settings(), t0_ + std::chrono::seconds(61)));
    }

    void testTouchDueAfterAMinuteAndTouchedResetsIt() {
        store(make_session('a', session::Kind::Examinee, 1));
        auto later = t0_ + std::chrono::seconds(61);
        auto s = cache_->find(std::string(32, 'a'), settings(), later);
        CPPUNIT_ASSERT(s && s->touch_due);
        cache_->touched(std::string(32, 'a'), later);
        s = cache_->find(std::string(32, 'a'), settings(), later + std::chrono::seconds(1));
        CPPUNIT_ASSERT(s && !s->touch_due);
        // Activity kept it alive: 29 minutes after the touch it is still served.
        CPPUNIT_ASSERT(cache_->find(std::string(32, 'a'), settings(), later + std::chrono::minutes(29)));
    }

    void testBoundDropsLeastRecentlyUsed() {
        Cache small(3);
        small.resume();
        for (char c : {'a', 'b', 'c'}) small.store(make_session(c, session::Kind::Examinee, c), t0_, small.ticket());
        CPPUNIT_ASSERT(small.find(std::string(32, 'a'), settings(), t0_));  // a is now the most recent
        small.store(make_session('d', session::Kind::Examinee, 'd'), t0_, small.ticket());
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), small.size());
        CPPUNIT_ASSERT(small.find(std::string(32, 'a'), settings(), t0_));
        CPPUNIT_ASSERT(!small.find(std::string(32, 'b'), settings(), t0_));
        CPPUNIT_ASSERT(small.find(std::string(32, 'd'), settings(), t0_));
        // The subject index follows the eviction: b's key finds nothing to drop, d's does.
        small.invalidate("e:" + std::to_string(int('d')));
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), small.size());
    }

    void testSuspendEmptiesAndRefusesStores() {
        store(make_session('a', session::Kind::Examinee, 1));
        cache_->suspend();
        CPPUNIT_ASSERT(!cache_->active());
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache_->size());
        store(make_session('a', session::Kind::Examinee, 1));
        CPPUNIT_ASSERT(!find('a'));
        // A ticket taken before resume() is stale: the row may predate the lost keys.
        const std::uint64_t before = cache_->ticket();
        cache_->resume();
        cache_->store(make_session('a', session::Kind::Examinee, 1), t0_, before);
        CPPUNIT_ASSERT(!find('a'));
        store(make_session('a', session::Kind::Examinee, 1));
        CPPUNIT_ASSERT(find('a'));
    }

    void testZeroCapacityNeverServes() {
        Cache off(0);
        off.resume();
        CPPUNIT_ASSERT(!off.active());
        off.store(make_session('a', session::Kind::Examinee, 1), t0_, off.ticket());
        CPPUNIT_ASSERT(!off.find(std::string(32, 'a'), settings(), t0_));
    }

    void testKeysOfTheDatabaseTriggers() {
        // The texts migration 0014 sends: "s:" || encode(id_hash, 'hex'), 'e:' || id, 't:' || id.
        CPPUNIT_ASSERT_EQUAL(std::string("s:") + std::string(64, 'f'), session::session_key(std::string(32, '\xff')));
        CPPUNIT_ASSERT_EQUAL(std::string("e:42"), session::subject_key(session::Kind::Examinee, 42));
        CPPUNIT_ASSERT_EQUAL(std::string("t:7"), session::subject_key(session::Kind::Staff, 7));
    }

private:
    void store(const session::Session& s) { cache_->store(s, t0_, cache_->ticket()); }
    bool find(char tag) { return cache_->find(std::string(32, tag), settings(), t0_).has_value(); }

    std::unique_ptr<Cache> cache_;
    Cache::Clock::time_point t0_;
};
CPPUNIT_TEST_SUITE_REGISTRATION(SessionCacheTest);

class HostBoardTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(HostBoardTest);
    CPPUNIT_TEST(testKeyPostedByOneProcessReachesAnother);
    CPPUNIT_TEST(testHistoryBeforeOpeningIsNotApplied);
    CPPUNIT_TEST(testRingOverrunDropsEverything);
    CPPUNIT_TEST(testConcurrentPostersLoseNoKey);
    CPPUNIT_TEST(testForeignFileRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testKeyPostedByOneProcessReachesAnother() {
        test::TempDir dir;
        HostBoard writer(dir.file("board")), reader(dir.file("board"));  // two mappings, as two processes
        Cache cache(10);
        cache.resume();
        fill(cache, {'a', 'b'});
        writer.post(session::session_key(std::string(32, 'a')));
        reader.apply_new(cache);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache.size());
        CPPUNIT_ASSERT(!cache.find(std::string(32, 'a'), settings(), Cache::Clock::now()));
        reader.apply_new(cache);  // nothing new: nothing more dropped
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache.size());
    }

    void testHistoryBeforeOpeningIsNotApplied() {
        test::TempDir dir;
        HostBoard early(dir.file("board"));
        early.post("*");
        HostBoard late(dir.file("board"));
        Cache cache(10);
        cache.resume();
        fill(cache, {'a'});
        late.apply_new(cache);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cache.size());
    }

    void testRingOverrunDropsEverything() {
        test::TempDir dir;
        HostBoard writer(dir.file("board")), reader(dir.file("board"));
        Cache cache(10);
        cache.resume();
        fill(cache, {'a', 'b'});
        // More keys than the ring holds, none of them about a or b: what was overwritten
        // is unknown, so everything goes.
        for (std::size_t i = 0; i < HostBoard::kSlots + 1; ++i) writer.post("e:" + std::to_string(1000 + i));
        reader.apply_new(cache);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache.size());
    }

    void testConcurrentPostersLoseNoKey() {
        test::TempDir dir;
        HostBoard reader(dir.file("board"));
        Cache cache(2000);
        cache.resume();
        for (int i = 0; i < 1000; ++i) {
            auto one = make_session('a', session::Kind::Examinee, i);
            one.id_hash = std::to_string(100000 + i) + std::string(26, 'x');
            cache.store(one, Cache::Clock::now(), cache.ticket());
        }
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), cache.size());
        std::vector<std::thread> posters;
        for (int t = 0; t < 4; ++t)
            posters.emplace_back([&dir, t] {
                HostBoard own(dir.file("board"));
                for (int i = t; i < 1000; i += 4) own.post("e:" + std::to_string(i));
            });
        for (auto& p : posters) p.join();
        reader.apply_new(cache);
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), cache.size());
    }

    void testForeignFileRefused() {
        test::TempDir dir;
        {
            std::FILE* f = std::fopen(dir.file("board").c_str(), "w");
            std::fputs("not a board, but long enough to have a first word", f);
            std::fclose(f);
        }
        CPPUNIT_ASSERT_THROW(HostBoard(dir.file("board")), std::runtime_error);
    }

private:
    static void fill(Cache& cache, std::initializer_list<char> tags) {
        for (char c : tags) cache.store(make_session(c, session::Kind::Examinee, c), Cache::Clock::now(), cache.ticket());
    }
};
CPPUNIT_TEST_SUITE_REGISTRATION(HostBoardTest);
