// test_session.cpp: CppUnit tests of the database-free parts of common/web/session: CSRF
// tokens (HMAC of a binding under a server key) and the cookie-token hash. Uses
// common/base/crypto only as the reference for SHA-256 and for random keys.
#include "common/base/crypto.hpp"
#include "common/web/session.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <cctype>
#include <string>

using namespace zk;

namespace {

bool is_lower_hex(const std::string& s) {
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

}  // namespace

class SessionCsrfTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SessionCsrfTest);
    CPPUNIT_TEST(testTokenDeterministic);
    CPPUNIT_TEST(testTokenDiffersByBinding);
    CPPUNIT_TEST(testTokenDiffersByKey);
    CPPUNIT_TEST(testTokenIs64Hex);
    CPPUNIT_TEST(testValidForRightToken);
    CPPUNIT_TEST(testInvalidForWrongToken);
    CPPUNIT_TEST(testInvalidForEmptyAndShortTokens);
    CPPUNIT_TEST(testInvalidForEmptyBinding);
    CPPUNIT_TEST(testInvalidForOtherBindingOrKey);
    CPPUNIT_TEST(testTokenHashIsSha256);
    CPPUNIT_TEST(testCookieNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        key_ = crypto::random_bytes(32);
        other_key_ = crypto::random_bytes(32);
        binding_ = crypto::random_hex(32);
    }

    void testTokenDeterministic() {
        const std::string a = session::csrf_token(key_, binding_);
        const std::string b = session::csrf_token(key_, binding_);
        CPPUNIT_ASSERT_EQUAL(a, b);
        // Equal copies of key and binding (another worker, another process) agree.
        const std::string key_copy(key_.data(), key_.size());
        const std::string binding_copy(binding_.data(), binding_.size());
        CPPUNIT_ASSERT_EQUAL(a, session::csrf_token(key_copy, binding_copy));
    }

    void testTokenDiffersByBinding() {
        const std::string a = session::csrf_token(key_, binding_);
        const std::string b = session::csrf_token(key_, crypto::random_hex(32));
        CPPUNIT_ASSERT(a != b);
        CPPUNIT_ASSERT(session::csrf_token(key_, "a") != session::csrf_token(key_, "b"));
    }

    void testTokenDiffersByKey() {
        CPPUNIT_ASSERT(session::csrf_token(key_, binding_) != session::csrf_token(other_key_, binding_));
    }

    void testTokenIs64Hex() {
        const std::string t = session::csrf_token(key_, binding_);
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), t.size());
        CPPUNIT_ASSERT(is_lower_hex(t));
        // It is not simply the binding or a hash of it without the key.
        CPPUNIT_ASSERT(t != binding_);
        CPPUNIT_ASSERT(t != crypto::to_hex(crypto::sha256(binding_)));
    }

    void testValidForRightToken() {
        const std::string t = session::csrf_token(key_, binding_);
        CPPUNIT_ASSERT(session::csrf_valid(key_, binding_, t));
    }

    void testInvalidForWrongToken() {
        std::string t = session::csrf_token(key_, binding_);
        std::string flipped = t;
        flipped[63] = flipped[63] == '0' ? '1' : '0';
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, flipped));
        std::string first_flipped = t;
        first_flipped[0] = first_flipped[0] == 'a' ? 'b' : 'a';
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, first_flipped));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, std::string(64, '0')));
        // Case matters: the token is compared byte for byte.
        std::string upper = t;
        for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, upper));  // 64 digits: p ~ 1e-13
    }

    void testInvalidForEmptyAndShortTokens() {
        const std::string t = session::csrf_token(key_, binding_);
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, ""));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, t.substr(0, 63)));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, t.substr(0, 32)));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, t + "0"));
        CPPUNIT_ASSERT(!session::csrf_valid(key_, binding_, t + t));
    }

    void testInvalidForEmptyBinding() {
        // Even the token an attacker can compute for "" must not pass: no binding, no form.
        const std::string t = session::csrf_token(key_, "");
        CPPUNIT_ASSERT_EQUAL(std::size_t(64), t.size());
        CPPUNIT_ASSERT(!session::csrf_valid(key_, "", t));
    }

    void testInvalidForOtherBindingOrKey() {
        const std::string t = session::csrf_token(key_, binding_);
        CPPUNIT_ASSERT(!session::csrf_valid(key_, crypto::random_hex(32), t));
        CPPUNIT_ASSERT(!session::csrf_valid(other_key_, binding_, t));
    }

    void testTokenHashIsSha256() {
        const std::string token = crypto::random_hex(32);
        const std::string h = session::token_hash(token);
        CPPUNIT_ASSERT_EQUAL(std::size_t(32), h.size());
        CPPUNIT_ASSERT_EQUAL(crypto::sha256(token), h);
        // SHA-256("abc"), FIPS 180-2 test vector.
        CPPUNIT_ASSERT_EQUAL(std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                             crypto::to_hex(session::token_hash("abc")));
        CPPUNIT_ASSERT(session::token_hash("a") != session::token_hash("b"));
    }

    void testCookieNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("zk_session"), std::string(session::kCookie));
        CPPUNIT_ASSERT_EQUAL(std::string("zk_pre"), std::string(session::kPreCookie));
    }

private:
    std::string key_, other_key_, binding_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SessionCsrfTest);

// The idle and absolute rules of session::liveness, with the clock injected: a session
// lives while now - last_seen < idle minutes and now < expires, and dies exactly at
// either boundary.
class SessionLivenessTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(SessionLivenessTest);
    CPPUNIT_TEST(testFreshSessionAlive);
    CPPUNIT_TEST(testIdleBoundary);
    CPPUNIT_TEST(testAbsoluteBoundary);
    CPPUNIT_TEST(testActivityKeepsAliveUntilAbsoluteEnd);
    CPPUNIT_TEST(testIdleSettingIsHonoured);
    CPPUNIT_TEST(testTouchDueAfterAMinute);
    CPPUNIT_TEST_SUITE_END();

    static constexpr double kStart = 1'764'000'000;  // some moment, in epoch seconds
    session::Settings settings_;  // 30 minutes idle, 12 hours absolute

    session::Times at(double now, double last_seen) const {
        return {now, last_seen, kStart + settings_.absolute_hours * 3600.0};
    }

public:
    void testFreshSessionAlive() {
        CPPUNIT_ASSERT(session::liveness(at(kStart, kStart), settings_) == session::Liveness::Alive);
    }

    void testIdleBoundary() {
        const double idle = 30 * 60;
        CPPUNIT_ASSERT(session::liveness(at(kStart + idle - 1, kStart), settings_) == session::Liveness::Alive);
        CPPUNIT_ASSERT(session::liveness(at(kStart + idle - 0.001, kStart), settings_) == session::Liveness::Alive);
        CPPUNIT_ASSERT(session::liveness(at(kStart + idle, kStart), settings_) == session::Liveness::Idle);
        CPPUNIT_ASSERT(session::liveness(at(kStart + idle + 3600, kStart), settings_) == session::Liveness::Idle);
    }

    void testAbsoluteBoundary() {
        const double end = kStart + 12 * 3600;
        // Active a second ago, yet past the absolute lifetime: dead.
        CPPUNIT_ASSERT(session::liveness(at(end - 1, end - 2), settings_) == session::Liveness::Alive);
        CPPUNIT_ASSERT(session::liveness(at(end, end - 1), settings_) == session::Liveness::Expired);
        CPPUNIT_ASSERT(session::liveness(at(end + 1, end), settings_) == session::Liveness::Expired);
    }

    void testActivityKeepsAliveUntilAbsoluteEnd() {
        // Someone active every 20 minutes stays logged in until the absolute end.
        double last = kStart;
        for (double now = kStart + 20 * 60; now < kStart + 12 * 3600; now += 20 * 60) {
            CPPUNIT_ASSERT(session::liveness(at(now, last), settings_) == session::Liveness::Alive);
            last = now;
        }
    }

    void testIdleSettingIsHonoured() {
        session::Settings five = settings_;
        five.idle_minutes = 5;
        CPPUNIT_ASSERT(session::liveness(at(kStart + 299, kStart), five) == session::Liveness::Alive);
        CPPUNIT_ASSERT(session::liveness(at(kStart + 300, kStart), five) == session::Liveness::Idle);
        CPPUNIT_ASSERT(session::liveness(at(kStart + 299, kStart), settings_) == session::Liveness::Alive);
    }

    void testTouchDueAfterAMinute() {
        CPPUNIT_ASSERT(!session::touch_due(at(kStart + 60, kStart)));
        CPPUNIT_ASSERT(session::touch_due(at(kStart + 60.5, kStart)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(SessionLivenessTest);
