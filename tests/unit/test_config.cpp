// test_config.cpp: CppUnit tests of common/base/config: "key = value" parsing with comments
// and blank lines, errors naming the bad line, typed getters, require(), loading from a
// file, and ZIKAO_<KEY> environment overrides (set and removed inside each test, with
// key names no other code uses): for every key, or, for an authoritative file, only for
// the credential locations; and the description of a connection string without its password.
#include "common/base/config.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

using zk::Config;
using zk::ConfigError;

namespace {

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// Returns the ConfigError message, or fails the test when nothing (or something else) is thrown.
template <typename Fn>
std::string config_error(Fn&& fn) {
    try {
        fn();
    } catch (const ConfigError& e) {
        return e.what();
    }
    CPPUNIT_FAIL("expected ConfigError");
    return {};
}

// Removes the variable again even when an assertion fails.
class EnvGuard {
public:
    EnvGuard(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
    ~EnvGuard() { ::unsetenv(name_); }

private:
    const char* name_;
};

}  // namespace

class ConfigTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ConfigTest);
    CPPUNIT_TEST(testParsesKeyValueCommentsBlankLines);
    CPPUNIT_TEST(testValueMayContainEquals);
    CPPUNIT_TEST(testMalformedLineThrowsNamingLine);
    CPPUNIT_TEST(testEmptyKeyThrows);
    CPPUNIT_TEST(testGetFallback);
    CPPUNIT_TEST(testGetInt);
    CPPUNIT_TEST(testGetIntJunkThrows);
    CPPUNIT_TEST(testGetBool);
    CPPUNIT_TEST(testGetBoolJunkThrows);
    CPPUNIT_TEST(testRequire);
    CPPUNIT_TEST(testSetOverridesFile);
    CPPUNIT_TEST(testEnvironmentOverrideWins);
    CPPUNIT_TEST(testEnvironmentOverrideTyped);
    CPPUNIT_TEST(testLoadFromFile);
    CPPUNIT_TEST(testLoadMissingFileThrows);
    CPPUNIT_TEST(testAuthoritativeFileIgnoresEnvironment);
    CPPUNIT_TEST(testAuthoritativeFileKeepsCredentialOverrides);
    CPPUNIT_TEST(testDescribeDatabase);
    CPPUNIT_TEST_SUITE_END();

public:
    void testParsesKeyValueCommentsBlankLines() {
        Config c = Config::from_string(
            "# zikao.conf\n"
            "\n"
            "database = host=/run/postgresql dbname=zikao\n"
            "   # indented comment = not a key\n"
            "\t\n"
            "  workers=4  \n"
            "templates_dir =   /usr/share/zikao/templates\r\n"
            "empty =\n");
        CPPUNIT_ASSERT_EQUAL(std::string("host=/run/postgresql dbname=zikao"), c.get("database"));
        CPPUNIT_ASSERT_EQUAL(std::string("4"), c.get("workers"));
        CPPUNIT_ASSERT_EQUAL(std::string("/usr/share/zikao/templates"), c.get("templates_dir"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), c.get("empty", "fallback-not-used?"));
        CPPUNIT_ASSERT_EQUAL(std::string("none"), c.get("# indented comment", "none"));
        CPPUNIT_ASSERT_EQUAL(std::string("none"), c.get("# zikao.conf", "none"));
    }

    void testValueMayContainEquals() {
        Config c = Config::from_string("database = host=db port=5432\n");
        CPPUNIT_ASSERT_EQUAL(std::string("host=db port=5432"), c.get("database"));
    }

    void testMalformedLineThrowsNamingLine() {
        const std::string msg = config_error([] { Config::from_string("a = 1\n# ok\nthis line has no equals\nb = 2\n"); });
        CPPUNIT_ASSERT(contains(msg, "line 3"));
        const std::string first = config_error([] { Config::from_string("junk\n"); });
        CPPUNIT_ASSERT(contains(first, "line 1"));
    }

    void testEmptyKeyThrows() {
        const std::string msg = config_error([] { Config::from_string("a = 1\n = value\n"); });
        CPPUNIT_ASSERT(contains(msg, "line 2"));
    }

    void testGetFallback() {
        Config c = Config::from_string("a = 1\n");
        CPPUNIT_ASSERT_EQUAL(std::string("dflt"), c.get("zk_unit_missing_key", "dflt"));
        CPPUNIT_ASSERT_EQUAL(std::string(""), c.get("zk_unit_missing_key"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), c.get("a", "dflt"));
    }

    void testGetInt() {
        Config c = Config::from_string("n = 42\nneg = -7\nzero = 0\nblank =\n");
        CPPUNIT_ASSERT_EQUAL(42L, c.get_int("n", 1));
        CPPUNIT_ASSERT_EQUAL(-7L, c.get_int("neg", 1));
        CPPUNIT_ASSERT_EQUAL(0L, c.get_int("zero", 1));
        CPPUNIT_ASSERT_EQUAL(99L, c.get_int("zk_unit_missing_key", 99));
        CPPUNIT_ASSERT_EQUAL(5L, c.get_int("blank", 5));
    }

    void testGetIntJunkThrows() {
        Config c = Config::from_string("a = 12abc\nb = abc\nc = 1.5\nd = 0x10\ne = 3 MB\n");
        const std::string msg = config_error([&] { c.get_int("a", 0); });
        CPPUNIT_ASSERT(contains(msg, "'a'"));
        CPPUNIT_ASSERT_THROW(c.get_int("b", 0), ConfigError);
        CPPUNIT_ASSERT_THROW(c.get_int("c", 0), ConfigError);
        CPPUNIT_ASSERT_THROW(c.get_int("d", 0), ConfigError);
        CPPUNIT_ASSERT_THROW(c.get_int("e", 0), ConfigError);
        Config huge = Config::from_string("n = 99999999999999999999\n");
        CPPUNIT_ASSERT_THROW(huge.get_int("n", 0), ConfigError);
    }

    void testGetBool() {
        Config c = Config::from_string("t1 = true\nt2 = yes\nt3 = 1\nt4 = on\nf1 = false\nf2 = no\nf3 = 0\nf4 = off\n");
        for (const char* k : {"t1", "t2", "t3", "t4"}) CPPUNIT_ASSERT_MESSAGE(k, c.get_bool(k, false));
        for (const char* k : {"f1", "f2", "f3", "f4"}) CPPUNIT_ASSERT_MESSAGE(k, !c.get_bool(k, true));
        CPPUNIT_ASSERT(c.get_bool("zk_unit_missing_key", true));
        CPPUNIT_ASSERT(!c.get_bool("zk_unit_missing_key", false));
    }

    void testGetBoolJunkThrows() {
        Config c = Config::from_string("a = maybe\nb = 2\nc = truee\n");
        const std::string msg = config_error([&] { c.get_bool("a", false); });
        CPPUNIT_ASSERT(contains(msg, "'a'"));
        CPPUNIT_ASSERT_THROW(c.get_bool("b", false), ConfigError);
        CPPUNIT_ASSERT_THROW(c.get_bool("c", true), ConfigError);
    }

    void testRequire() {
        Config c = Config::from_string("present = here\nblank =\n");
        CPPUNIT_ASSERT_EQUAL(std::string("here"), c.require("present"));
        const std::string msg = config_error([&] { c.require("zk_unit_missing_key"); });
        CPPUNIT_ASSERT(contains(msg, "zk_unit_missing_key"));
        CPPUNIT_ASSERT_THROW(c.require("blank"), ConfigError);  // empty counts as missing
    }

    void testSetOverridesFile() {
        Config c = Config::from_string("a = 1\n");
        c.set("a", "2");
        c.set("b", "3");
        CPPUNIT_ASSERT_EQUAL(std::string("2"), c.get("a"));
        CPPUNIT_ASSERT_EQUAL(3L, c.get_int("b", 0));
    }

    void testEnvironmentOverrideWins() {
        Config c = Config::from_string("zk_unit_override = from-file\n");
        CPPUNIT_ASSERT_EQUAL(std::string("from-file"), c.get("zk_unit_override"));
        {
            EnvGuard env("ZIKAO_ZK_UNIT_OVERRIDE", "from-env");
            CPPUNIT_ASSERT_EQUAL(std::string("from-env"), c.get("zk_unit_override"));
            CPPUNIT_ASSERT_EQUAL(std::string("from-env"), c.require("zk_unit_override"));
            c.set("zk_unit_override", "from-set");
            CPPUNIT_ASSERT_EQUAL(std::string("from-env"), c.get("zk_unit_override"));
        }
        CPPUNIT_ASSERT_EQUAL(std::string("from-set"), c.get("zk_unit_override"));
        // A key only in the environment is found as well.
        Config empty;
        CPPUNIT_ASSERT_THROW(empty.require("zk_unit_env_only"), ConfigError);
        EnvGuard env("ZIKAO_ZK_UNIT_ENV_ONLY", "x");
        CPPUNIT_ASSERT_EQUAL(std::string("x"), empty.require("zk_unit_env_only"));
    }

    void testEnvironmentOverrideTyped() {
        Config c = Config::from_string("zk_unit_n = 1\nzk_unit_b = false\n");
        EnvGuard n("ZIKAO_ZK_UNIT_N", "250");
        EnvGuard b("ZIKAO_ZK_UNIT_B", "yes");
        CPPUNIT_ASSERT_EQUAL(250L, c.get_int("zk_unit_n", 0));
        CPPUNIT_ASSERT(c.get_bool("zk_unit_b", false));
        ::setenv("ZIKAO_ZK_UNIT_N", "lots", 1);
        CPPUNIT_ASSERT_THROW(c.get_int("zk_unit_n", 0), ConfigError);
    }

    void testLoadFromFile() {
        char tmpl[] = "/tmp/zk_config_test.XXXXXX";
        const int fd = ::mkstemp(tmpl);
        CPPUNIT_ASSERT(fd >= 0);
        ::close(fd);
        const std::string path = tmpl;
        {
            std::ofstream f(path);
            f << "# test\nzk_unit_file_key = value from file\n";
        }
        Config c = Config::load(path);
        std::filesystem::remove(path);
        CPPUNIT_ASSERT_EQUAL(std::string("value from file"), c.get("zk_unit_file_key"));
    }

    void testLoadMissingFileThrows() {
        const std::string msg = config_error([] { Config::load("/nonexistent/zikao.conf"); });
        CPPUNIT_ASSERT(contains(msg, "/nonexistent/zikao.conf"));
    }

    void testAuthoritativeFileIgnoresEnvironment() {
        const std::string text = "zk_unit_override = from-file\nzk_unit_n = 1\n";
        EnvGuard env("ZIKAO_ZK_UNIT_OVERRIDE", "from-env");
        EnvGuard n("ZIKAO_ZK_UNIT_N", "250");
        EnvGuard only("ZIKAO_ZK_UNIT_ENV_ONLY", "x");
        Config c = Config::from_string(text, Config::Environment::CredentialsOnly);
        CPPUNIT_ASSERT_EQUAL(std::string("from-file"), c.get("zk_unit_override"));
        CPPUNIT_ASSERT_EQUAL(1L, c.get_int("zk_unit_n", 0));
        CPPUNIT_ASSERT_THROW(c.require("zk_unit_env_only"), ConfigError);  // not in the file: not from env either
        const std::vector<std::string> ignored{"ZIKAO_ZK_UNIT_N", "ZIKAO_ZK_UNIT_OVERRIDE"};
        CPPUNIT_ASSERT(c.ignored_environment() == ignored);
        // The default keeps overriding, and ignores nothing.
        Config d = Config::from_string(text);
        CPPUNIT_ASSERT_EQUAL(std::string("from-env"), d.get("zk_unit_override"));
        CPPUNIT_ASSERT(d.ignored_environment().empty());
    }

    void testAuthoritativeFileKeepsCredentialOverrides() {
        // What the systemd units set (ZIKAO_KEYS_DIR=%d, ZIKAO_SMS_GATEWAY_TOKEN_FILE=…).
        EnvGuard keys("ZIKAO_KEYS_DIR", "/run/credentials/zikao-deliver.service");
        EnvGuard token("ZIKAO_ZK_UNIT_TOKEN_FILE", "/run/credentials/token");
        Config c = Config::from_string("keys_dir = /etc/zikao/keys\nzk_unit_token_file = /etc/zikao/keys/t\n",
                                       Config::Environment::CredentialsOnly);
        CPPUNIT_ASSERT_EQUAL(std::string("/run/credentials/zikao-deliver.service"), c.get("keys_dir"));
        CPPUNIT_ASSERT_EQUAL(std::string("/run/credentials/token"), c.get("zk_unit_token_file"));
        CPPUNIT_ASSERT(c.ignored_environment().empty());
        CPPUNIT_ASSERT(Config::is_credential_key("smtp_password_file"));
        CPPUNIT_ASSERT(!Config::is_credential_key("database"));
    }

    void testDescribeDatabase() {
        CPPUNIT_ASSERT_EQUAL(std::string("host=/srv/var/run dbname=zikao user=zikao"),
                             zk::describe_database("host=/srv/var/run dbname=zikao user=zikao"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=db.example port=5433 dbname=zk"),
                             zk::describe_database("dbname=zk password=s3cret host=db.example port=5433"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=db.example port=5433 dbname=zk user=ops"),
                             zk::describe_database("postgresql://ops:s3cret@db.example:5433/zk?sslmode=require"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=/run/postgresql dbname=zikao"),
                             zk::describe_database("postgresql:///zikao?host=%2Frun%2Fpostgresql"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=/srv/a b dbname=zk"),
                             zk::describe_database("host = '/srv/a b' dbname=zk password='it\\'s'"));
        CPPUNIT_ASSERT_EQUAL(std::string("host=（默认） dbname=（默认）"), zk::describe_database(""));
        CPPUNIT_ASSERT_EQUAL(std::string("host=10.0.0.5 dbname=zk"),
                             zk::describe_database("hostaddr=10.0.0.5 dbname=zk"));
        const std::string bad = zk::describe_database("dbname=zk password='s3cret");
        CPPUNIT_ASSERT_EQUAL(std::string("（无法解析）"), bad);
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConfigTest);
