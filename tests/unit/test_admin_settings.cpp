// test_admin_settings.cpp: CppUnit tests of what the administrators' settings pages parse:
// fees typed in 元 (common/domain/money: at most two decimals, no sign, at most 100000元,
// stored as 分) and window or publish times typed in a datetime-local field
// (common/domain/china_time: real dates only, normalised so they compare as text).
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "common/domain/china_time.hpp"
#include "common/domain/money.hpp"

class AdminSettingsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AdminSettingsTest);
    CPPUNIT_TEST(testYuanAccepted);
    CPPUNIT_TEST(testYuanRefused);
    CPPUNIT_TEST(testYuanLimit);
    CPPUNIT_TEST(testFormatYuan);
    CPPUNIT_TEST(testLocalTimeAccepted);
    CPPUNIT_TEST(testLocalTimeRefused);
    CPPUNIT_TEST(testLocalTimeOrder);
    CPPUNIT_TEST_SUITE_END();

    static std::int64_t fen(const std::string& typed) {
        const auto p = zk::money::parse_yuan(typed);
        CPPUNIT_ASSERT_MESSAGE("refused: " + typed + " (" + p.error + ")", p.fen.has_value());
        CPPUNIT_ASSERT(p.error.empty());
        return *p.fen;
    }
    static std::string refusal(const std::string& typed) {
        const auto p = zk::money::parse_yuan(typed);
        CPPUNIT_ASSERT_MESSAGE("accepted: " + typed, !p.fen.has_value());
        CPPUNIT_ASSERT(!p.error.empty());
        return p.error;
    }

public:
    void testYuanAccepted() {
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15000}, fen("150"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15050}, fen("150.5"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15050}, fen("150.50"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15001}, fen("150.01"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, fen("0"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{5}, fen("0.05"));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15000}, fen(" 150 "));
        CPPUNIT_ASSERT_EQUAL(std::int64_t{15000}, fen("000150"));
    }
    void testYuanRefused() {
        for (const char* typed : {"", "   ", "abc", "15o", "150.", ".5", "1,500", "1e3", "+150", "150元", "１５０",
                                  "150.5.0", "0x10"})
            refusal(typed);
        CPPUNIT_ASSERT_EQUAL(std::string("金额不能为负数。"), refusal("-1"));
        CPPUNIT_ASSERT_EQUAL(std::string("金额最多保留两位小数（精确到分）。"), refusal("150.505"));
        CPPUNIT_ASSERT_EQUAL(std::string("请输入金额。"), refusal(""));
    }
    void testYuanLimit() {
        CPPUNIT_ASSERT_EQUAL(zk::money::kMaxFen, fen("100000"));
        CPPUNIT_ASSERT_EQUAL(zk::money::kMaxFen, fen("100000.00"));
        CPPUNIT_ASSERT_EQUAL(std::string("金额不能超过100000元。"), refusal("100000.01"));
        CPPUNIT_ASSERT_EQUAL(std::string("金额不能超过100000元。"), refusal("999999999999999999999"));
    }
    void testFormatYuan() {
        CPPUNIT_ASSERT_EQUAL(std::string("150.00"), zk::money::format_yuan(15000));
        CPPUNIT_ASSERT_EQUAL(std::string("150.50"), zk::money::format_yuan(15050));
        CPPUNIT_ASSERT_EQUAL(std::string("0.05"), zk::money::format_yuan(5));
        CPPUNIT_ASSERT_EQUAL(std::string("0.00"), zk::money::format_yuan(0));
        // What is printed parses back to the same amount.
        for (std::int64_t v : {0, 1, 99, 100, 12345, 10000000}) CPPUNIT_ASSERT_EQUAL(v, fen(zk::money::format_yuan(v)));
    }
    void testLocalTimeAccepted() {
        using zk::china_time::parse_local;
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17 08:30:00"), parse_local("2025-05-17T08:30").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17 08:30:15"), parse_local("2025-05-17T08:30:15").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17 23:59:00"), parse_local("2025-05-17 23:59").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("2024-02-29 00:00:00"), parse_local("2024-02-29T00:00").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("2000-02-29 00:00:00"), parse_local("2000-02-29T00:00").value_or(""));
    }
    void testLocalTimeRefused() {
        using zk::china_time::parse_local;
        for (const char* typed : {"", "2025-05-17", "2025-02-29T10:00", "2100-02-29T10:00", "2025-13-01T10:00",
                                  "2025-00-10T10:00", "2025-04-31T10:00", "2025-05-17T24:00", "2025-05-17T23:60",
                                  "2025-05-17T08:30:60", "2025-05-17T08:30Z", "2025-05-17T08:30+08:00",
                                  "1999-12-31T23:59", "2025/05/17T08:30", "2025-5-17T08:30", "abcd-ef-ghTij:kl",
                                  "2025-05-17T08:3a"})
            CPPUNIT_ASSERT_MESSAGE(std::string("accepted: ") + typed, !parse_local(typed).has_value());
    }
    void testLocalTimeOrder() {
        using zk::china_time::parse_local;
        CPPUNIT_ASSERT(*parse_local("2025-05-17T08:30") < *parse_local("2025-05-17T08:31"));
        CPPUNIT_ASSERT(*parse_local("2025-05-17T23:59") < *parse_local("2025-05-18T00:00"));
        CPPUNIT_ASSERT(*parse_local("2025-05-17T08:30") < *parse_local("2025-05-17T08:30:01"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AdminSettingsTest);
