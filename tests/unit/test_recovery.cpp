// test_recovery.cpp: CppUnit tests of the rules that keep accounts out of an attacker's
// hands without locking their owners out (ACC-7, ACC-8):
//   - the progressive delay (throttle.hpp) and the login policy around the password
//     check (password_login::before_check/after_failure), driven with a simulated account
//     whose counters change as the login's SQL changes them; time is passed explicitly;
//   - the identity verifiers: the local stand-in and the production `manual` verifier
//     never confirm a password reset;
//   - the stand-in guard (stand_ins.hpp): production configurations naming a stand-in or
//     lacking public_base_url are refused.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <optional>
#include <string>

#include "common/domain/identity.hpp"
#include "common/web/password_login.hpp"
#include "common/domain/stand_ins.hpp"
#include "common/domain/throttle.hpp"

using namespace std::chrono_literals;
using zk::FailureLimiter;
using zk::NameDelays;
namespace pl = zk::password_login;

namespace {

const FailureLimiter::Clock::time_point t0 = FailureLimiter::Clock::time_point{} + 1000h;

// An account as the login statements see it; wrong() is what "login_failed" does.
struct SimulatedAccount {
    pl::Account row;
    FailureLimiter::Clock::time_point last_failure{};
    bool failed_once = false;

    std::optional<pl::Account> at(FailureLimiter::Clock::time_point now) const {
        pl::Account a = row;
        a.seconds_since_failure = failed_once ? std::chrono::duration<double>(now - last_failure).count() : 1e9;
        return a;
    }
    void wrong(FailureLimiter::Clock::time_point now) {
        ++row.failed_logins;
        last_failure = now;
        failed_once = true;
    }
};

// One login try with a wrong password, as attempt() runs it: returns the outcome.
pl::Outcome try_wrong(FailureLimiter& addresses, NameDelays& names, SimulatedAccount* account,
                      const std::string& address, const std::string& name, FailureLimiter::Clock::time_point now) {
    const auto current = account ? account->at(now) : std::nullopt;
    const pl::Gate gate = pl::before_check(addresses, names, address, current, name, now);
    if (gate.outcome != pl::Outcome::Success) return gate.outcome;
    pl::after_failure(addresses, names, address, current, name, now);
    if (account) account->wrong(now);
    return pl::Outcome::Failure;
}

std::string message_of(const zk::Config& c) {
    try {
        zk::stand_ins::refuse_in_production(c);
    } catch (const zk::ConfigError& e) {
        return e.what();
    }
    return "";
}

zk::Config production() {
    zk::Config c;
    c.set("identity_verifier", "manual");
    c.set("sms_gateway", "http");
    c.set("mail_transport", "smtp");
    c.set("public_base_url", "https://bysq.sxkszx.cn");
    c.set("chsi_authorize_url", "https://account.chsi.com.cn/oauth/authorize");
    return c;
}

zk::identity::Photo bright_photo(const std::string& kind) {
    zk::identity::Photo p;
    p.kind = kind;
    p.image.stats.mean_luma = 180;
    p.image.stats.colorfulness = 40;
    return p;
}

}  // namespace

class RecoveryTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RecoveryTest);
    CPPUNIT_TEST(testDelaySchedule);
    CPPUNIT_TEST(testDelayRemaining);
    CPPUNIT_TEST(testOwnerLogsInAfter200WrongPasswordsFromOtherAddresses);
    CPPUNIT_TEST(testFailingAddressWaitsForTheDelay);
    CPPUNIT_TEST(testOwnerTypingWrongIsSlowedThenLetIn);
    CPPUNIT_TEST(testAddressLimitEndsWithItsWindow);
    CPPUNIT_TEST(testUnknownNameBehavesLikeAnAccount);
    CPPUNIT_TEST(testStandInNeverConfirmsAReset);
    CPPUNIT_TEST(testManualVerifierSendsEverythingToAPerson);
    CPPUNIT_TEST(testUnknownVerifierRefused);
    CPPUNIT_TEST(testProductionConfigurationAccepted);
    CPPUNIT_TEST(testStandInsRefusedWithoutDevelopmentSwitch);
    CPPUNIT_TEST(testStandInsAcceptedWithDevelopmentSwitch);
    CPPUNIT_TEST(testPublicBaseUrlRequiredAndChecked);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDelaySchedule() {
        for (long n = 0; n <= 4; ++n) CPPUNIT_ASSERT_EQUAL(0L, static_cast<long>(zk::failure_delay(n).count()));
        CPPUNIT_ASSERT_EQUAL(1L, static_cast<long>(zk::failure_delay(5).count()));
        CPPUNIT_ASSERT_EQUAL(2L, static_cast<long>(zk::failure_delay(6).count()));
        CPPUNIT_ASSERT_EQUAL(4L, static_cast<long>(zk::failure_delay(7).count()));
        CPPUNIT_ASSERT_EQUAL(512L, static_cast<long>(zk::failure_delay(14).count()));
        CPPUNIT_ASSERT_EQUAL(900L, static_cast<long>(zk::failure_delay(15).count()));
        CPPUNIT_ASSERT_EQUAL(900L, static_cast<long>(zk::failure_delay(1000000).count()));
    }

    void testDelayRemaining() {
        CPPUNIT_ASSERT_EQUAL(0L, zk::delay_remaining(4, 0));
        CPPUNIT_ASSERT_EQUAL(8L, zk::delay_remaining(8, 0));
        CPPUNIT_ASSERT_EQUAL(5L, zk::delay_remaining(8, 3.5));  // rounded up: never "0 seconds"
        CPPUNIT_ASSERT_EQUAL(0L, zk::delay_remaining(8, 8));
        CPPUNIT_ASSERT_EQUAL(0L, zk::delay_remaining(20, 1e9));
    }

    // The attack: 200 wrong passwords for 张三 from other addresses. 张三, from his
    // own address, is checked and let in.
    void testOwnerLogsInAfter200WrongPasswordsFromOtherAddresses() {
        FailureLimiter addresses(30, 10min);
        NameDelays names;
        SimulatedAccount zhang{{1, "hash", 0, 1e9}};
        int refused_without_check = 0;
        auto now = t0;
        for (int i = 0; i < 200; ++i) {
            // 20 addresses, each trying 10 times, 0.1 s apart.
            const std::string address = "203.0.113." + std::to_string(i % 20);
            if (try_wrong(addresses, names, &zhang, address, "140105199003070012", now) == pl::Outcome::Delayed)
                ++refused_without_check;
            now += 100ms;
        }
        CPPUNIT_ASSERT(zhang.row.failed_logins >= 20);
        CPPUNIT_ASSERT_MESSAGE("repeated guesses from failing addresses must wait", refused_without_check >= 150);
        const pl::Gate owner = pl::before_check(addresses, names, "198.51.100.7", zhang.at(now), "140105199003070012", now);
        CPPUNIT_ASSERT(owner.outcome == pl::Outcome::Success);
        // The same moment, from one of the attacking addresses: refused, with the wait.
        const pl::Gate attacker = pl::before_check(addresses, names, "203.0.113.3", zhang.at(now), "140105199003070012", now);
        CPPUNIT_ASSERT(attacker.outcome == pl::Outcome::Delayed);
        CPPUNIT_ASSERT(attacker.retry_after > 0 && attacker.retry_after <= 900);
    }

    void testFailingAddressWaitsForTheDelay() {
        FailureLimiter addresses(30, 10min);
        NameDelays names;
        SimulatedAccount a{{7, "hash", 0, 1e9}};
        auto now = t0;
        for (int i = 0; i < 5; ++i) CPPUNIT_ASSERT(try_wrong(addresses, names, &a, "203.0.113.9", "x", now) == pl::Outcome::Failure);
        // Fifth failure: 1 s; sixth would be 2 s.
        CPPUNIT_ASSERT(try_wrong(addresses, names, &a, "203.0.113.9", "x", now + 500ms) == pl::Outcome::Delayed);
        CPPUNIT_ASSERT(try_wrong(addresses, names, &a, "203.0.113.9", "x", now + 1s) == pl::Outcome::Failure);
        const pl::Gate g = pl::before_check(addresses, names, "203.0.113.9", a.at(now + 1s), "x", now + 1s);
        CPPUNIT_ASSERT(g.outcome == pl::Outcome::Delayed);
        CPPUNIT_ASSERT_EQUAL(2L, g.retry_after);
        CPPUNIT_ASSERT(pl::before_check(addresses, names, "203.0.113.9", a.at(now + 3s), "x", now + 3s).outcome ==
                       pl::Outcome::Success);
    }

    void testOwnerTypingWrongIsSlowedThenLetIn() {
        FailureLimiter addresses(30, 10min);
        NameDelays names;
        SimulatedAccount a{{8, "hash", 0, 1e9}};
        auto now = t0;
        for (int i = 0; i < 7; ++i) {
            try_wrong(addresses, names, &a, "198.51.100.7", "y", now);
            now += 10s;
        }
        CPPUNIT_ASSERT_EQUAL(7L, a.row.failed_logins);
        // His own address is failing now: the 4 s delay after the seventh failure applies.
        CPPUNIT_ASSERT(pl::before_check(addresses, names, "198.51.100.7", a.at(now - 10s + 2s), "y", now - 10s + 2s)
                           .outcome == pl::Outcome::Delayed);
        CPPUNIT_ASSERT(pl::before_check(addresses, names, "198.51.100.7", a.at(now), "y", now).outcome ==
                       pl::Outcome::Success);
    }

    // An address over its limit is refused for its failures; once the window has passed,
    // the right password from it is checked again.
    void testAddressLimitEndsWithItsWindow() {
        FailureLimiter addresses(30, 10min);
        NameDelays names;
        auto now = t0;
        for (int i = 0; i < 30; ++i) {
            try_wrong(addresses, names, nullptr, "203.0.113.50", "name" + std::to_string(i), now);
            now += 1s;
        }
        SimulatedAccount owner{{9, "hash", 0, 1e9}};
        CPPUNIT_ASSERT(pl::before_check(addresses, names, "203.0.113.50", owner.at(now), "z", now).outcome ==
                       pl::Outcome::Throttled);
        const auto later = now + 10min;
        CPPUNIT_ASSERT(pl::before_check(addresses, names, "203.0.113.50", owner.at(later), "z", later).outcome ==
                       pl::Outcome::Success);
    }

    // Being delayed must not tell whether an account exists.
    void testUnknownNameBehavesLikeAnAccount() {
        FailureLimiter addr_known(30, 10min), addr_unknown(30, 10min);
        NameDelays names_known, names_unknown;
        SimulatedAccount a{{10, "hash", 0, 1e9}};
        auto now = t0;
        for (int i = 0; i < 12; ++i) {
            const auto k = try_wrong(addr_known, names_known, &a, "203.0.113.60", "140105199003070012", now);
            const auto u = try_wrong(addr_unknown, names_unknown, nullptr, "203.0.113.60", "140105199912310011", now);
            CPPUNIT_ASSERT(k == u);
            now += 1500ms;
        }
        const auto gk = pl::before_check(addr_known, names_known, "203.0.113.60", a.at(now), "140105199003070012", now);
        const auto gu = pl::before_check(addr_unknown, names_unknown, "203.0.113.60", std::nullopt, "140105199912310011", now);
        CPPUNIT_ASSERT(gk.outcome == gu.outcome);
        CPPUNIT_ASSERT_EQUAL(gk.retry_after, gu.retry_after);
    }

    void testStandInNeverConfirmsAReset() {
        const zk::identity::LocalStandIn local;
        const std::vector<zk::identity::Photo> photos = {bright_photo("id_front"), bright_photo("id_in_hand")};
        const auto enrolled = local.verify({zk::identity::Path::Enrolled, "张三", "140105199003070012", photos, {}});
        CPPUNIT_ASSERT(enrolled.outcome == zk::identity::Outcome::Pass);  // the same photos pass a first password
        const auto reset = local.verify({zk::identity::Path::Reset, "张三", "140105199003070012", photos, {}});
        CPPUNIT_ASSERT(reset.outcome == zk::identity::Outcome::Manual);
        CPPUNIT_ASSERT(reset.reason.find("人工审核") != std::string::npos);
        CPPUNIT_ASSERT(!local.matches_faces_on_record());
    }

    void testManualVerifierSendsEverythingToAPerson() {
        zk::Config c;  // the default
        const auto v = zk::identity::make_verifier(c);
        CPPUNIT_ASSERT_EQUAL(std::string("manual"), v->name());
        const std::vector<zk::identity::Photo> photos = {bright_photo("portrait"), bright_photo("id_front"),
                                                         bright_photo("id_in_hand")};
        for (auto path : {zk::identity::Path::New, zk::identity::Path::Enrolled, zk::identity::Path::Reset})
            CPPUNIT_ASSERT(v->verify({path, "张三", "140105199003070012", photos, {}}).outcome ==
                           zk::identity::Outcome::Manual);
        CPPUNIT_ASSERT(!v->matches_faces_on_record());
    }

    void testUnknownVerifierRefused() {
        zk::Config c = production();
        c.set("identity_verifier", "facepp");
        CPPUNIT_ASSERT_THROW(zk::identity::make_verifier(c), zk::ConfigError);
        CPPUNIT_ASSERT(message_of(c).find("identity_verifier = facepp is unknown") != std::string::npos);
    }

    void testProductionConfigurationAccepted() { CPPUNIT_ASSERT_EQUAL(std::string(), message_of(production())); }

    void testStandInsRefusedWithoutDevelopmentSwitch() {
        zk::Config c = production();
        c.set("identity_verifier", "local");
        const std::string m = message_of(c);
        CPPUNIT_ASSERT(m.find("identity_verifier = local is a development stand-in") != std::string::npos);
        // Unset transports fall back to the outbox stand-in: refused too, all named at once.
        zk::Config bare;
        bare.set("public_base_url", "https://bysq.sxkszx.cn");
        const std::string all = message_of(bare);
        CPPUNIT_ASSERT(all.find("chsi_authorize_url is not set") != std::string::npos);
        CPPUNIT_ASSERT(all.find("sms_gateway = outbox") != std::string::npos);
        CPPUNIT_ASSERT(all.find("mail_transport = outbox") != std::string::npos);
        CPPUNIT_ASSERT(all.find("identity_verifier = manual is") == std::string::npos);  // manual is the default
        c.set("development_stand_ins", "false");
        CPPUNIT_ASSERT(!message_of(c).empty());
        zk::Config plain_http = production();
        plain_http.set("chsi_authorize_url", "http://chsi.example/auth");
        CPPUNIT_ASSERT(message_of(plain_http).find("chsi_authorize_url must be an https://") != std::string::npos);
    }

    void testStandInsAcceptedWithDevelopmentSwitch() {
        zk::Config c;
        c.set("development_stand_ins", "true");
        c.set("identity_verifier", "local");
        c.set("public_base_url", "http://127.0.0.1:8080");
        CPPUNIT_ASSERT_EQUAL(std::string(), message_of(c));
        CPPUNIT_ASSERT(zk::stand_ins::development(c));
    }

    void testPublicBaseUrlRequiredAndChecked() {
        zk::Config c = production();
        c.set("public_base_url", "");
        CPPUNIT_ASSERT(message_of(c).find("public_base_url") != std::string::npos);
        for (const char* bad : {"bysq.sxkszx.cn", "ftp://x.cn", "https://", "https://a.cn/path", "https://u@a.cn",
                                "https://a.cn?x", "javascript://a.cn"}) {
            c.set("public_base_url", bad);
            CPPUNIT_ASSERT_MESSAGE(bad, !message_of(c).empty());
        }
        c.set("public_base_url", "https://bysq.sxkszx.cn/");
        CPPUNIT_ASSERT_EQUAL(std::string("https://bysq.sxkszx.cn"), zk::stand_ins::public_base_url(c));
        c.set("public_base_url", "http://127.0.0.1:8080");
        CPPUNIT_ASSERT_EQUAL(std::string("http://127.0.0.1:8080"), zk::stand_ins::public_base_url(c));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RecoveryTest);
