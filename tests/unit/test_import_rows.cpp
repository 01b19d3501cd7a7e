// test_import_rows.cpp: CppUnit tests for the row reader of `zikao-ctl import`
// (modules/ctl/import_rows): a UTF-8 BOM and CRLF are accepted, blank lines skipped, a bad
// row is reported by its line number and skipped while reading goes on, a wrong header
// stops the reading, a line that is not UTF-8 is refused, an empty file names the header.
#include "modules/ctl/import_rows.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace zk::ctl;

namespace {

struct Read {
    std::optional<std::vector<import::Row>> rows;
    std::vector<std::pair<int, std::string>> bad;
    int data_rows = 0;
};

Read read(const std::string& text, ImportKind kind = ImportKind::Examinees) {
    Read r;
    std::istringstream in(text);
    r.rows = import::read_rows(
        in, kind, [&](int line, const std::string& reason) { r.bad.emplace_back(line, reason); }, r.data_rows);
    return r;
}

}  // namespace

class ImportRowsTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ImportRowsTest);
    CPPUNIT_TEST(testRowsAfterBomAndCrlfWithBlankLinesSkipped);
    CPPUNIT_TEST(testBadRowsReportedByLineAndSkipped);
    CPPUNIT_TEST(testWrongHeaderStops);
    CPPUNIT_TEST(testNotUtf8Stops);
    CPPUNIT_TEST(testEmptyFileNamesTheHeader);
    CPPUNIT_TEST(testOptionalColumnsOfPassed);
    CPPUNIT_TEST_SUITE_END();

public:
    void testRowsAfterBomAndCrlfWithBlankLinesSkipped() {
        const Read r = read("\xEF\xBB\xBFname,id_number,ticket_no,county_code,phone\r\n"
                            "张三, 140105199003070012 ,010120100001,140105,\r\n"
                            "\r\n"
                            "\"李,娜\",14010619970225006X,010120100002,140106,13912345678\n");
        CPPUNIT_ASSERT(r.rows.has_value());
        CPPUNIT_ASSERT(r.bad.empty());
        CPPUNIT_ASSERT_EQUAL(2, r.data_rows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.rows->size());
        CPPUNIT_ASSERT_EQUAL(2, (*r.rows)[0].line);
        CPPUNIT_ASSERT_EQUAL(std::string("140105199003070012"), (*r.rows)[0].f[1]);  // trimmed
        CPPUNIT_ASSERT_EQUAL(std::size_t(5), (*r.rows)[0].f.size());
        CPPUNIT_ASSERT_EQUAL(4, (*r.rows)[1].line);
        CPPUNIT_ASSERT_EQUAL(std::string("李,娜"), (*r.rows)[1].f[0]);
    }

    void testBadRowsReportedByLineAndSkipped() {
        const Read r = read("name,id_number,ticket_no,county_code,phone\n"
                            "张三,140105199003070012,010120100001\n"
                            "\"李娜,14010619970225006X,010120100002,140106,\n"
                            "王强,140403199506120038,040320100003,140403,\n");
        CPPUNIT_ASSERT(r.rows.has_value());
        CPPUNIT_ASSERT_EQUAL(3, r.data_rows);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.rows->size());
        CPPUNIT_ASSERT_EQUAL(4, (*r.rows)[0].line);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), r.bad.size());
        CPPUNIT_ASSERT_EQUAL(2, r.bad[0].first);
        CPPUNIT_ASSERT(r.bad[0].second.find("应有 5 列") != std::string::npos);
        CPPUNIT_ASSERT_EQUAL(3, r.bad[1].first);
        CPPUNIT_ASSERT(r.bad[1].second.find("引号没有闭合") != std::string::npos);
    }

    void testWrongHeaderStops() {
        const Read r = read("name,id,ticket_no,county_code,phone\n张三,1,2,3,4\n");
        CPPUNIT_ASSERT(!r.rows.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.bad.size());
        CPPUNIT_ASSERT_EQUAL(1, r.bad[0].first);
        CPPUNIT_ASSERT(r.bad[0].second.find("表头必须是：name,id_number,ticket_no,county_code,phone") != std::string::npos);
    }

    void testNotUtf8Stops() {
        const Read r = read("name,id_number,ticket_no,county_code,phone\n\xD5\xC5\xC8\xFD,1,2,3,4\n");
        CPPUNIT_ASSERT(r.rows.has_value());  // the header was read; the GBK row is refused
        CPPUNIT_ASSERT(r.rows->empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.bad.size());
        CPPUNIT_ASSERT_EQUAL(2, r.bad[0].first);
        CPPUNIT_ASSERT(r.bad[0].second.find("UTF-8") != std::string::npos);
        const Read header = read("\xD5\xC5\xC8\xFD\n");
        CPPUNIT_ASSERT(!header.rows.has_value());
    }

    void testEmptyFileNamesTheHeader() {
        const Read r = read("");
        CPPUNIT_ASSERT(!r.rows.has_value());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.bad.size());
        CPPUNIT_ASSERT(r.bad[0].second.find("文件为空；表头必须是：name,id_number") != std::string::npos);
        // A blank first line is a wrong header, shown as found.
        const Read blank = read("\r\nname,id_number,ticket_no,county_code,phone\n");
        CPPUNIT_ASSERT(!blank.rows.has_value());
        CPPUNIT_ASSERT(blank.bad.at(0).second.find("（实际为：）") != std::string::npos);
    }

    void testOptionalColumnsOfPassed() {
        const Read r = read("ticket_no,course_code,passed_on,score,source,verified\n"
                            "010120100001,00015,2020-04-01,70,exam,是\n",
                            ImportKind::Passed);
        CPPUNIT_ASSERT(r.rows.has_value());
        CPPUNIT_ASSERT(r.bad.empty());
        CPPUNIT_ASSERT_EQUAL(std::size_t(6), (*r.rows)[0].f.size());
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImportRowsTest);
