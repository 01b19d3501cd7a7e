// test_view.cpp: CppUnit tests of common/web/view: loading the real templates directory,
// missing templates and directories, contextual auto-escaping in the layout templates,
// and the China Standard Time date helpers (chinese_date_line, china_date).
#include "common/web/view.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <string>

namespace {

const std::string kTemplates = std::string(ZIKAO_SOURCE_DIR) + "/templates";

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

// 2025-05-17 00:30:00 +08:00 (a Saturday in China, still Friday 16:30 in UTC).
constexpr long kSat0030 = 1747413000;

}  // namespace

class ViewTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(ViewTest);
    CPPUNIT_TEST(testLoadsRealTemplates);
    CPPUNIT_TEST(testMissingTemplateThrows);
    CPPUNIT_TEST(testMissingDirectoryThrows);
    CPPUNIT_TEST(testErrorTemplateEscapesMessage);
    CPPUNIT_TEST(testKeyFillsTheSameVariableAsItsName);
    CPPUNIT_TEST(testAttributeValueEscaped);
    CPPUNIT_TEST(testUrlAttributeRejectsJavascript);
    CPPUNIT_TEST(testLayoutBodyInsertedRaw);
    CPPUNIT_TEST(testSignedInSectionOnlyWhenAdded);
    CPPUNIT_TEST(testChineseDateLineEpoch);
    CPPUNIT_TEST(testChineseDateLineSaturdayInChina);
    CPPUNIT_TEST(testChineseDateLineDayBoundary);
    CPPUNIT_TEST(testChinaDate);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLoadsRealTemplates() {
        zk::View view(kTemplates);
        CPPUNIT_ASSERT(view.template_count() > 0);
        // The two layout templates at least; every module's templates live beside them.
        CPPUNIT_ASSERT(view.template_count() >= 2);
        ctemplate::TemplateDictionary dict("t");
        dict.SetValue("MESSAGE", "你好");
        CPPUNIT_ASSERT(contains(view.render("layout/error.tpl", dict), "你好"));
    }

    void testMissingTemplateThrows() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary dict("t");
        CPPUNIT_ASSERT_THROW(view.render("layout/no_such_template.tpl", dict), zk::ViewError);
        CPPUNIT_ASSERT_THROW(view.render("", dict), zk::ViewError);
        // Not loaded at start, so not readable later even though the file exists on disk.
        CPPUNIT_ASSERT_THROW(view.render("static/site.css", dict), zk::ViewError);
    }

    void testMissingDirectoryThrows() {
        CPPUNIT_ASSERT_THROW(zk::View("/nonexistent/zikao/templates"), zk::ViewError);
        // A regular file is not a templates directory either.
        CPPUNIT_ASSERT_THROW(zk::View(kTemplates + "/layout/error.tpl"), zk::ViewError);
    }

    void testErrorTemplateEscapesMessage() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary dict("t");
        dict.SetValue("MESSAGE", "<script>alert(1)</script>");
        const std::string out = view.render("layout/error.tpl", dict);
        CPPUNIT_ASSERT(contains(out, "&lt;script&gt;"));
        CPPUNIT_ASSERT(!contains(out, "<script>alert"));
        CPPUNIT_ASSERT(!contains(out, "</script>"));
    }

    // A ZK_KEY key is the same template variable as its name spelled out (and is escaped
    // the same way); sections shown through it appear, and a key used again at another
    // place is still that variable.
    void testKeyFillsTheSameVariableAsItsName() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary with_key("t");
        with_key.SetValue(ZK_KEY("MESSAGE"), "<b>余额不足</b>");
        with_key.SetValue(ZK_KEY("HOME_HREF"), "/admin");
        ctemplate::TemplateDictionary with_name("t");
        with_name.SetValue("MESSAGE", "<b>余额不足</b>");
        with_name.SetValue("HOME_HREF", "/admin");
        const std::string out = view.render("layout/error.tpl", with_key);
        CPPUNIT_ASSERT_EQUAL(view.render("layout/error.tpl", with_name), out);
        CPPUNIT_ASSERT(contains(out, "&lt;b&gt;余额不足"));
        CPPUNIT_ASSERT(contains(out, "/admin"));

        ctemplate::TemplateDictionary layout("layout");
        layout.SetValue(ZK_KEY("BODY"), "<p>x</p>");
        layout.AddSectionDictionary(ZK_KEY("SIGNED_IN"))->SetValue(ZK_KEY("USER_NAME"), "张三");
        const std::string page = view.render("layout/page.tpl", layout);
        CPPUNIT_ASSERT(contains(page, "<p>x</p>"));
        CPPUNIT_ASSERT(contains(page, "张三"));
    }

    void testAttributeValueEscaped() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary layout("layout");
        layout.SetValue("TITLE", "t");
        layout.SetValue("TODAY", "d");
        layout.SetValue("BODY", "");
        auto* user = layout.AddSectionDictionary("SIGNED_IN");
        user->SetValue("USER_NAME", "张三");
        user->SetValue("CSRF_TOKEN", "abc\" onfocus=\"alert(1)");
        user->SetValue("LOGOUT_ACTION", "/logout");
        const std::string out = view.render("layout/page.tpl", layout);
        CPPUNIT_ASSERT(contains(out, "name=\"csrf_token\""));
        CPPUNIT_ASSERT(!contains(out, "abc\" onfocus"));
        CPPUNIT_ASSERT(!contains(out, "onfocus=\"alert"));
        CPPUNIT_ASSERT(contains(out, "abc&quot; onfocus="));
    }

    void testUrlAttributeRejectsJavascript() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary layout("layout");
        auto* user = layout.AddSectionDictionary("SIGNED_IN");
        user->SetValue("LOGOUT_ACTION", "javascript:alert(1)");
        const std::string out = view.render("layout/page.tpl", layout);
        CPPUNIT_ASSERT(!contains(out, "javascript:"));
    }

    void testLayoutBodyInsertedRaw() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary layout("layout");
        layout.SetValue("TITLE", "<i>标题</i>");
        layout.SetValue("BODY", "<section class=\"x\">正文</section>");
        const std::string out = view.render("layout/page.tpl", layout);
        CPPUNIT_ASSERT(contains(out, "<section class=\"x\">正文</section>"));
        CPPUNIT_ASSERT(contains(out, "&lt;i&gt;标题&lt;/i&gt;"));
        CPPUNIT_ASSERT(!contains(out, "<i>标题"));
    }

    void testSignedInSectionOnlyWhenAdded() {
        zk::View view(kTemplates);
        ctemplate::TemplateDictionary anon("layout");
        const std::string out = view.render("layout/page.tpl", anon);
        CPPUNIT_ASSERT(!contains(out, "csrf_token"));
        CPPUNIT_ASSERT(!contains(out, "退出登录"));

        ctemplate::TemplateDictionary signed_in("layout");
        auto* user = signed_in.AddSectionDictionary("SIGNED_IN");
        user->SetValue("USER_NAME", "李四");
        const std::string out2 = view.render("layout/page.tpl", signed_in);
        CPPUNIT_ASSERT(contains(out2, "李四"));
        CPPUNIT_ASSERT(contains(out2, "退出登录"));
    }

    void testChineseDateLineEpoch() {
        CPPUNIT_ASSERT_EQUAL(std::string("今天是：1970年01月01日 星期四"), zk::chinese_date_line(0));
    }

    void testChineseDateLineSaturdayInChina() {
        CPPUNIT_ASSERT_EQUAL(std::string("今天是：2025年05月17日 星期六"), zk::chinese_date_line(kSat0030));
    }

    void testChineseDateLineDayBoundary() {
        // One second before midnight China time it is still Friday the 16th.
        CPPUNIT_ASSERT_EQUAL(std::string("今天是：2025年05月16日 星期五"), zk::chinese_date_line(kSat0030 - 1801));
        // 16:00 UTC is exactly midnight in China.
        CPPUNIT_ASSERT_EQUAL(std::string("今天是：2025年05月17日 星期六"), zk::chinese_date_line(kSat0030 - 1800));
        // 2025-05-18 is a Sunday (星期日, index 0).
        CPPUNIT_ASSERT_EQUAL(std::string("今天是：2025年05月18日 星期日"), zk::chinese_date_line(kSat0030 + 86400));
    }

    void testChinaDate() {
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01"), zk::china_date(0));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17"), zk::china_date(kSat0030));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-16"), zk::china_date(kSat0030 - 1801));
        // 1969-12-31 16:00 UTC is 1970-01-01 00:00 in China.
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01"), zk::china_date(-8 * 3600));
        CPPUNIT_ASSERT_EQUAL(std::string("1969-12-31"), zk::china_date(-8 * 3600 - 1));
        CPPUNIT_ASSERT_EQUAL(std::string("1970-01-01 08:00:00"), zk::china_date_time(0));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-17 00:30:00"), zk::china_date_time(kSat0030));
        CPPUNIT_ASSERT_EQUAL(std::string("2025-05-16 23:59:59"), zk::china_date_time(kSat0030 - 1801));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ViewTest);
