// test_ctl_csv.cpp: CppUnit tests for common/base/csv as zikao-ctl uses it:
// what the exports write reads back field for field through what the imports read
// (quotes, commas, CR/LF inside fields), and the reader's errors for a quote left open or
// text after a closing quote.
#include "common/base/csv.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace zk;

class CtlCsvTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CtlCsvTest);
    CPPUNIT_TEST(testPlainFieldsAreNotQuoted);
    CPPUNIT_TEST(testWrittenLineReadsBack);
    CPPUNIT_TEST(testQuotedFieldsAndEmptyOnes);
    CPPUNIT_TEST(testUnclosedQuoteIsAnError);
    CPPUNIT_TEST(testTextAfterClosingQuoteIsAnError);
    CPPUNIT_TEST_SUITE_END();

public:
    void testPlainFieldsAreNotQuoted() {
        CPPUNIT_ASSERT_EQUAL(std::string("申请编号,姓名,\r\n"), csv::line({"申请编号", "姓名", ""}));
        CPPUNIT_ASSERT_EQUAL(std::string("\"a,b\",\"say \"\"hi\"\"\"\r\n"), csv::line({"a,b", "say \"hi\""}));
    }

    void testWrittenLineReadsBack() {
        const std::vector<std::string> fields = {"太原市杏花岭区", "a,b", "say \"hi\"", "", " padded "};
        std::string written = csv::line(fields);
        CPPUNIT_ASSERT(written.size() >= 2 && written.substr(written.size() - 2) == "\r\n");
        written.resize(written.size() - 2);
        std::string error;
        CPPUNIT_ASSERT(csv::fields(written, &error) == fields);
        CPPUNIT_ASSERT_EQUAL(std::string(), error);
    }

    void testQuotedFieldsAndEmptyOnes() {
        std::string error;
        const auto f = csv::fields("10112,\"计算机,科学\",,  \"x\"", &error);
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), f.size());
        CPPUNIT_ASSERT_EQUAL(std::string("计算机,科学"), f[1]);
        CPPUNIT_ASSERT_EQUAL(std::string(), f[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("x"), f[3]);
        CPPUNIT_ASSERT_EQUAL(std::string(), error);
    }

    void testUnclosedQuoteIsAnError() {
        std::string error;
        csv::fields("a,\"b", &error);
        CPPUNIT_ASSERT_EQUAL(std::string("quote not closed in field 2 (a field cannot span lines)"), error);
    }

    void testTextAfterClosingQuoteIsAnError() {
        std::string error;
        const auto f = csv::fields("\"a\"b,c", &error);
        CPPUNIT_ASSERT_EQUAL(std::string("unexpected text after a closing quote in field 1"), error);
        CPPUNIT_ASSERT_EQUAL(std::string("ab"), f[0]);  // kept, as the old reader did
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CtlCsvTest);
