// test_log.cpp: CppUnit tests of log::scrub, the second line of defence that masks long
// digit runs (ID numbers, phone numbers) in every logged value: first 3 and last 2 kept.
#include "common/base/log.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

using zk::log::scrub;

class LogScrubTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(LogScrubTest);
    CPPUNIT_TEST(testIdNumberMasked);
    CPPUNIT_TEST(testIdNumberWithXMasked);
    CPPUNIT_TEST(testShortNumbersKept);
    CPPUNIT_TEST(testPhoneMasked);
    CPPUNIT_TEST(testTenDigitsKeptElevenMasked);
    CPPUNIT_TEST(testTextUnchanged);
    CPPUNIT_TEST(testSeveralRuns);
    CPPUNIT_TEST(testRunAtEnds);
    CPPUNIT_TEST_SUITE_END();

public:
    void testIdNumberMasked() {
        const std::string out = scrub("身份证140105199003070012");
        CPPUNIT_ASSERT_EQUAL(std::string("身份证140*************12"), out);
        CPPUNIT_ASSERT(out.find("199003") == std::string::npos);
        CPPUNIT_ASSERT_EQUAL(std::string("身份证140105199003070012").size(), out.size());
    }

    void testIdNumberWithXMasked() {
        CPPUNIT_ASSERT_EQUAL(std::string("id=140*************0X"), scrub("id=14010519900307010X"));
    }

    void testShortNumbersKept() {
        CPPUNIT_ASSERT_EQUAL(std::string("12345"), scrub("12345"));
        CPPUNIT_ASSERT_EQUAL(std::string("examinee_id=12345 status=2"), scrub("examinee_id=12345 status=2"));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17"), scrub("2025-05-17"));
    }

    void testPhoneMasked() {
        CPPUNIT_ASSERT_EQUAL(std::string("138******78"), scrub("13812345678"));
        CPPUNIT_ASSERT_EQUAL(std::string("手机：138******78。"), scrub("手机：13812345678。"));
    }

    void testTenDigitsKeptElevenMasked() {
        CPPUNIT_ASSERT_EQUAL(std::string("1234567890"), scrub("1234567890"));
        CPPUNIT_ASSERT_EQUAL(std::string("123******01"), scrub("12345678901"));
    }

    void testTextUnchanged() {
        CPPUNIT_ASSERT_EQUAL(std::string(""), scrub(""));
        const std::string plain = "login.failed 用户不存在 path=/login?next=%2Fapply";
        CPPUNIT_ASSERT_EQUAL(plain, scrub(plain));
        const std::string json_like = "{\"a\":1, \"b\":[2,3]}\t\n";
        CPPUNIT_ASSERT_EQUAL(json_like, scrub(json_like));
    }

    void testSeveralRuns() {
        CPPUNIT_ASSERT_EQUAL(std::string("a 138******78 b 140*************12 c 42"),
                             scrub("a 13812345678 b 140105199003070012 c 42"));
    }

    void testRunAtEnds() {
        CPPUNIT_ASSERT_EQUAL(std::string("138******78,"), scrub("13812345678,"));
        CPPUNIT_ASSERT_EQUAL(std::string(",138******78"), scrub(",13812345678"));
        CPPUNIT_ASSERT_EQUAL(std::string("1"), scrub("1"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(LogScrubTest);
