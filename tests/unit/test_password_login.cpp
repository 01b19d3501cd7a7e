// test_password_login.cpp: CppUnit tests of how the login pages answer a refused attempt
// (common/web/password_login refusal_of): status, the message at the form and
// Retry-After for each outcome, and that the transitional return-value form says the same.
#include "common/web/password_login.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace pl = zk::password_login;

namespace {
const std::string kGeneric = "登录失败：账号或密码不正确。";

pl::Attempt attempt(pl::Outcome outcome, long retry_after = 0) {
    pl::Attempt a;
    a.outcome = outcome;
    a.retry_after = retry_after;
    return a;
}
}  // namespace

class PasswordLoginTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(PasswordLoginTest);
    CPPUNIT_TEST(testFailureIsTheGenericMessage);
    CPPUNIT_TEST(testThrottled);
    CPPUNIT_TEST(testDelayedInSeconds);
    CPPUNIT_TEST(testDelayedInMinutesRoundsUp);
    CPPUNIT_TEST(testBusy);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFailureIsTheGenericMessage() {
        const zk::Refusal r = pl::refusal_of(attempt(pl::Outcome::Failure), kGeneric);
        CPPUNIT_ASSERT_EQUAL(200, r.status);
        CPPUNIT_ASSERT_EQUAL(kGeneric, r.first());
        CPPUNIT_ASSERT_EQUAL(std::string(), r.retry_after);
    }

    void testThrottled() {
        const zk::Refusal r = pl::refusal_of(attempt(pl::Outcome::Throttled), kGeneric);
        CPPUNIT_ASSERT_EQUAL(429, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("登录尝试过于频繁，请10分钟后再试。"), r.first());
        CPPUNIT_ASSERT_EQUAL(std::string("600"), r.retry_after);
    }

    void testDelayedInSeconds() {
        const zk::Refusal r = pl::refusal_of(attempt(pl::Outcome::Delayed, 45), kGeneric);
        CPPUNIT_ASSERT_EQUAL(429, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("该账号密码输错次数较多，请45秒后再试。"), r.first());
        CPPUNIT_ASSERT_EQUAL(std::string("45"), r.retry_after);
    }

    void testDelayedInMinutesRoundsUp() {
        const zk::Refusal r = pl::refusal_of(attempt(pl::Outcome::Delayed, 61), kGeneric);
        CPPUNIT_ASSERT_EQUAL(std::string("该账号密码输错次数较多，请2分钟后再试。"), r.first());
        CPPUNIT_ASSERT_EQUAL(std::string("61"), r.retry_after);
        CPPUNIT_ASSERT_EQUAL(std::string("该账号密码输错次数较多，请1分钟后再试。"),
                             pl::refusal_of(attempt(pl::Outcome::Delayed, 60), kGeneric).first());
    }

    void testBusy() {
        const zk::Refusal r = pl::refusal_of(attempt(pl::Outcome::Busy), kGeneric);
        CPPUNIT_ASSERT_EQUAL(503, r.status);
        CPPUNIT_ASSERT_EQUAL(std::string("登录人数较多，请稍后再试。"), r.first());
        CPPUNIT_ASSERT_EQUAL(std::string("2"), r.retry_after);
    }

};

CPPUNIT_TEST_SUITE_REGISTRATION(PasswordLoginTest);
