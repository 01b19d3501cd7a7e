// test_csv_export.cpp: CppUnit tests for what common/base/csv adds for files people open
// in a spreadsheet (the back office's download of applications, REV-4): cells that Excel
// or WPS would evaluate as a formula get a leading apostrophe (and only those), quoting
// still applies after that, the BOM is the UTF-8 one, and the Content-Disposition value
// carries a safe ASCII name plus the percent-encoded UTF-8 one.
#include "common/base/csv.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>
#include <vector>

using namespace zk;

class CsvExportTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(CsvExportTest);
    CPPUNIT_TEST(testFormulaStartsAreNeutralized);
    CPPUNIT_TEST(testOrdinaryTextIsUnchanged);
    CPPUNIT_TEST(testLineNeutralizesThenQuotes);
    CPPUNIT_TEST(testKeepLeavesFormulasForPrograms);
    CPPUNIT_TEST(testBomIsUtf8);
    CPPUNIT_TEST(testAttachmentNames);
    CPPUNIT_TEST_SUITE_END();

public:
    void testFormulaStartsAreNeutralized() {
        CPPUNIT_ASSERT_EQUAL(std::string("'=1+1"), csv::spreadsheet_text("=1+1"));
        CPPUNIT_ASSERT_EQUAL(std::string("'+86 138"), csv::spreadsheet_text("+86 138"));
        CPPUNIT_ASSERT_EQUAL(std::string("'-2"), csv::spreadsheet_text("-2"));
        CPPUNIT_ASSERT_EQUAL(std::string("'@SUM(A1)"), csv::spreadsheet_text("@SUM(A1)"));
        CPPUNIT_ASSERT_EQUAL(std::string("'\t=cmd"), csv::spreadsheet_text("\t=cmd"));
        CPPUNIT_ASSERT_EQUAL(std::string("'\r=cmd"), csv::spreadsheet_text("\r=cmd"));
    }

    void testOrdinaryTextIsUnchanged() {
        for (const std::string v : {"", "张三", "010120100001", "1401**********0012", "2025-06-01 09:30", "a=b", " =x",
                                    "'quoted", "太原理工大学；山西大学"})
            CPPUNIT_ASSERT_EQUAL(v, csv::spreadsheet_text(v));
    }

    void testLineNeutralizesThenQuotes() {
        // The apostrophe goes inside the quotes, so the cell reads back as '=HYPERLINK("x").
        const std::string written = csv::line({"=HYPERLINK(\"x\")", "张三", "-1,5", "a"}, csv::Formulas::Neutralize);
        CPPUNIT_ASSERT_EQUAL(std::string("\"'=HYPERLINK(\"\"x\"\")\",张三,\"'-1,5\",a\r\n"), written);
        std::string error;
        const auto back = csv::fields(written.substr(0, written.size() - 2), &error);
        CPPUNIT_ASSERT_EQUAL(std::string(), error);
        CPPUNIT_ASSERT(back == (std::vector<std::string>{"'=HYPERLINK(\"x\")", "张三", "'-1,5", "a"}));
        // A field made of a CR alone: neutralized, then quoted because of the CR.
        CPPUNIT_ASSERT_EQUAL(std::string("\"'\r\"\r\n"), csv::line({"\r"}, csv::Formulas::Neutralize));
    }

    void testKeepLeavesFormulasForPrograms() {
        CPPUNIT_ASSERT_EQUAL(std::string("=1,-2\r\n"), csv::line({"=1", "-2"}));
        CPPUNIT_ASSERT_EQUAL(std::string("=1,-2\r\n"), csv::line({"=1", "-2"}, csv::Formulas::Keep));
    }

    void testBomIsUtf8() { CPPUNIT_ASSERT_EQUAL(std::string("\xEF\xBB\xBF"), std::string(csv::kUtf8Bom)); }

    void testAttachmentNames() {
        CPPUNIT_ASSERT_EQUAL(std::string("attachment; filename=\"applications-batch1.csv\"; "
                                         "filename*=UTF-8''%E5%90%8D%E5%8D%95%202025.csv"),
                             csv::attachment("applications-batch1.csv", "名单 2025.csv"));
        // Nothing in the ASCII name can end the quoted string or the header.
        CPPUNIT_ASSERT_EQUAL(std::string("attachment; filename=\"a___b__c.csv\"; filename*=UTF-8''a%22%3B.csv"),
                             csv::attachment("a\"\r\nb;\\c.csv", "a\";.csv"));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CsvExportTest);
