// test_app.cpp: CppUnit tests of the request pipeline App::handle() (common/web/app) driven
// without FastCGI: a fake Request goes in, the Response is read back. Covers routing
// (404/405), access redirects, CSRF with the pre-session cookie, body parsing errors and
// limits, error pages that hide exception text, escaping in rendered pages, and the health
// route. No database runs: db::Database gets an unreachable conninfo, which only matters
// for the routes that touch it (healthz, session cookies). Keys are fresh per test in a
// private mkdtemp directory; the real templates come from ZIKAO_SOURCE_DIR/templates.
#include "common/web/app.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include "tests/unit/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <sys/stat.h>
#include <vector>

using namespace zk;
using http::Access;
using http::Request;
using http::Response;

namespace {

const char* const kUnreachableDb = "host=/nonexistent dbname=x connect_timeout=1";
const char* const kSecretWhat = "boom: secret internal detail 7f3a";

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

ModuleDef test_module() {
    ModuleDef def;
    def.name = "testmod";
    def.routes = [](http::Router& r) {
        r.get("/hello", Access::Public, [](Context& ctx) { ctx.res.text(200, "hi"); });
        r.post("/echo", Access::Public, [](Context& ctx) { ctx.res.text(200, ctx.req.form.value("x")); });
        r.get("/private", Access::Examinee, [](Context& ctx) { ctx.res.text(200, "secret"); });
        r.post("/private", Access::Examinee, [](Context& ctx) { ctx.res.text(200, "secret post"); });
        r.get("/staff", Access::Staff, [](Context& ctx) { ctx.res.text(200, "staff only"); });
        r.get("/page", Access::Public, [](Context& ctx) {
            ctemplate::TemplateDictionary dict("page");
            dict.SetValue("MESSAGE", ctx.req.query_params.value("m"));
            ctx.page(200, "测试页", "layout/error.tpl", dict);
        });
        r.get("/throws", Access::Public, [](Context&) -> void { throw std::runtime_error(kSecretWhat); });
        r.get("/item/{id}", Access::Public, [](Context& ctx) { ctx.res.text(200, "item " + ctx.req.route_params["id"]); });
    };
    return def;
}

class TempKeys : public test::TempDir {
public:
    void write_all() {
        for (const char* name : {"data.key", "index.key", "csrf.key"}) crypto::write_new_key_file(file(name));
    }
};

std::vector<std::string> set_cookies(const Response& res) {
    std::vector<std::string> out;
    for (const auto& [n, v] : res.headers)
        if (n == "Set-Cookie") out.push_back(v);
    return out;
}

// The value of the first "zk_pre=" Set-Cookie, or "" when none was sent.
std::string pre_cookie_from(const Response& res) {
    for (const std::string& c : set_cookies(res)) {
        if (c.rfind("zk_pre=", 0) != 0) continue;
        const std::size_t end = c.find(';');
        return c.substr(7, end == std::string::npos ? std::string::npos : end - 7);
    }
    return "";
}

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

const std::string kBoundary = "----zkBoundary42";

std::string mp_field(const std::string& name, const std::string& value) {
    return "--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n";
}

}  // namespace

class AppHandleTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(AppHandleTest);
    CPPUNIT_TEST(testHelloOk);
    CPPUNIT_TEST(testHeadAnsweredByGetRoute);
    CPPUNIT_TEST(testRouteParamsReachHandler);
    CPPUNIT_TEST(testUnknownPathIs404);
    CPPUNIT_TEST(testPostToGetRouteIs405);
    CPPUNIT_TEST(testGetToPostRouteIs405);
    CPPUNIT_TEST(testOtherMethodIs405);
    CPPUNIT_TEST(testPrivateRedirectsToLogin);
    CPPUNIT_TEST(testPrivateRedirectKeepsQuery);
    CPPUNIT_TEST(testStaffRedirectsToAdminLogin);
    CPPUNIT_TEST(testPrivatePostWithoutSessionIs403);
    CPPUNIT_TEST(testPostWithoutCsrfIs403);
    CPPUNIT_TEST(testPageSetsPreCookie);
    CPPUNIT_TEST(testPageReusesValidPreCookie);
    CPPUNIT_TEST(testPageReplacesMalformedPreCookie);
    CPPUNIT_TEST(testSecureCookiesSetting);
    CPPUNIT_TEST(testPostWithValidCsrf);
    CPPUNIT_TEST(testPostWithValidCsrfContentTypeCase);
    CPPUNIT_TEST(testCsrfForOtherPreCookieIs403);
    CPPUNIT_TEST(testCsrfWithoutPreCookieIs403);
    CPPUNIT_TEST(testCsrfWithMalformedPreCookieIs403);
    CPPUNIT_TEST(testCsrfTokenInQueryIgnored);
    CPPUNIT_TEST(testMultipartWithValidCsrf);
    CPPUNIT_TEST(testBadPercentEscapeIs400);
    CPPUNIT_TEST(testBadQueryEscapeIs400);
    CPPUNIT_TEST(testMultipartMissingClosingBoundaryIs400);
    CPPUNIT_TEST(testMultipartWithoutBoundaryIs400);
    CPPUNIT_TEST(testBodyTooLargeIs413);
    CPPUNIT_TEST(testBodyAtLimitIsParsed);
    CPPUNIT_TEST(testUnsupportedContentTypeIs400);
    CPPUNIT_TEST(testUnknownContentTypeWithoutBodyIsNot400);
    CPPUNIT_TEST(testInvalidUtf8PathIs400);
    CPPUNIT_TEST(testControlCharacterPathIs400);
    CPPUNIT_TEST(testHandlerExceptionIs500WithoutDetail);
    CPPUNIT_TEST(testPageEscapesQueryValue);
    CPPUNIT_TEST(testPageEscapesEncodedQueryValue);
    CPPUNIT_TEST(testHealthzWithoutDatabaseIs503);
    CPPUNIT_TEST(testHealthzOfOtherModuleIs404);
    CPPUNIT_TEST(testSessionCookieWithoutDatabaseIs503);
    CPPUNIT_TEST(testAccessorsFromConfig);
    CPPUNIT_TEST(testMissingKeyFileThrows);
    CPPUNIT_TEST(testMissingTemplatesDirThrows);
    CPPUNIT_TEST(testModuleConfigCheckedAtStart);
    CPPUNIT_TEST(testSafeLocalPath);
    CPPUNIT_TEST(testBackstopNeverBelowLargestRouteBody);
    CPPUNIT_TEST(testCsrfExemptRouteSkipsTheToken);
    CPPUNIT_TEST_SUITE_END();

public:
    void setUp() override {
        keys_ = std::make_unique<TempKeys>();
        keys_->write_all();
        csrf_key_ = crypto::read_key_file(keys_->file("csrf.key"));
        app_ = std::make_unique<App>(test_module(), base_config());
        db_ = app_->open_database();
    }

    void tearDown() override {
        db_.reset();
        app_.reset();
        keys_.reset();
    }

    // ---- routing ---------------------------------------------------------------------

    void testHelloOk() {
        Response res = get("/hello");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("hi"), res.body);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), res.header("Cache-Control").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), res.header("Content-Type").value_or(""));
        CPPUNIT_ASSERT(set_cookies(res).empty());  // a plain page sets no cookie
    }

    void testHeadAnsweredByGetRoute() {
        Request req = make("HEAD", "/hello");
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("hi"), res.body);
    }

    void testRouteParamsReachHandler() {
        Response res = get("/item/A17");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("item A17"), res.body);
        CPPUNIT_ASSERT_EQUAL(404, get("/item/").status);
        CPPUNIT_ASSERT_EQUAL(404, get("/hello/").status);
    }

    void testUnknownPathIs404() {
        Response res = get("/no/such/page");
        CPPUNIT_ASSERT_EQUAL(404, res.status);
        CPPUNIT_ASSERT(contains(res.body, "您访问的页面不存在"));
        CPPUNIT_ASSERT(contains(res.body, "<!doctype html>"));  // the shared layout
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), res.header("Content-Type").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), res.header("Cache-Control").value_or(""));
    }

    void testPostToGetRouteIs405() {
        Request req = make("POST", "/hello");
        req.content_type = "application/x-www-form-urlencoded";
        req.body = "a=1";
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(405, res.status);
        CPPUNIT_ASSERT(res.body != "hi");
        CPPUNIT_ASSERT(contains(res.body, "请求方式不正确"));
        CPPUNIT_ASSERT_EQUAL(std::string("GET, HEAD"), res.header("Allow").value_or(""));
    }

    void testGetToPostRouteIs405() {
        Response res = get("/echo");
        CPPUNIT_ASSERT_EQUAL(405, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), res.header("Allow").value_or(""));
    }

    void testOtherMethodIs405() {
        for (const char* method : {"PUT", "DELETE", "OPTIONS"}) {
            Request req = make(method, "/hello");
            Response res = run(req);
            CPPUNIT_ASSERT_EQUAL_MESSAGE(method, 405, res.status);
            CPPUNIT_ASSERT_MESSAGE(method, contains(res.body, "请求方式不正确"));
            CPPUNIT_ASSERT_MESSAGE(method, res.body != "hi");
            CPPUNIT_ASSERT_EQUAL_MESSAGE(method, std::string("GET, HEAD"), res.header("Allow").value_or(""));
        }
    }

    // ---- access ----------------------------------------------------------------------

    void testPrivateRedirectsToLogin() {
        Response res = get("/private");
        CPPUNIT_ASSERT_EQUAL(303, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/login?next=%2Fprivate"), res.header("Location").value_or(""));
        CPPUNIT_ASSERT(!contains(res.body, "secret"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), res.header("Cache-Control").value_or(""));
    }

    void testPrivateRedirectKeepsQuery() {
        Response res = get("/private", "tab=2&x=a%20b");
        CPPUNIT_ASSERT_EQUAL(303, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/login?next=%2Fprivate%3Ftab%3D2%26x%3Da%2520b"),
                             res.header("Location").value_or(""));
        // A raw space is never sent by a browser; such a destination is dropped, not kept.
        Response spaced = get("/private", "x=a b");
        CPPUNIT_ASSERT_EQUAL(std::string("/login"), spaced.header("Location").value_or(""));
    }

    void testStaffRedirectsToAdminLogin() {
        Response res = get("/staff");
        CPPUNIT_ASSERT_EQUAL(303, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("/admin/login?next=%2Fstaff"), res.header("Location").value_or(""));
    }

    void testPrivatePostWithoutSessionIs403() {
        // Even with a valid pre-session CSRF token, an examinee-only POST needs a session.
        const std::string pre = crypto::random_hex(32);
        Request req = form_post("/private", "csrf_token=" + session::csrf_token(csrf_key_, pre));
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(403, res.status);
        CPPUNIT_ASSERT(contains(res.body, "登录已过期"));
        CPPUNIT_ASSERT(!contains(res.body, "secret post"));
    }

    // ---- CSRF ------------------------------------------------------------------------

    void testPostWithoutCsrfIs403() {
        Response res = run(form_post("/echo", "x=hello"));
        CPPUNIT_ASSERT_EQUAL(403, res.status);
        CPPUNIT_ASSERT(contains(res.body, "页面已过期或来源无法确认"));
        CPPUNIT_ASSERT(res.body != "hello");
    }

    void testPageSetsPreCookie() {
        Response res = get("/page", "m=hi");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        auto cookies = set_cookies(res);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cookies.size());
        const std::string pre = pre_cookie_from(res);
        CPPUNIT_ASSERT(is_hex64(pre));
        CPPUNIT_ASSERT(contains(cookies[0], "; HttpOnly"));
        CPPUNIT_ASSERT(contains(cookies[0], "; SameSite=Strict"));
        CPPUNIT_ASSERT(contains(cookies[0], "; Path=/"));
        CPPUNIT_ASSERT(!contains(cookies[0], "Secure"));
        CPPUNIT_ASSERT(contains(res.body, "测试页"));
        CPPUNIT_ASSERT(contains(res.body, "今天是："));
        // Two anonymous visitors get different pre-session cookies.
        CPPUNIT_ASSERT(pre != pre_cookie_from(get("/page")));
    }

    void testPageReusesValidPreCookie() {
        Request req = make("GET", "/page");
        req.cookies[session::kPreCookie] = crypto::random_hex(32);
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT(set_cookies(res).empty());
    }

    void testPageReplacesMalformedPreCookie() {
        Request req = make("GET", "/page");
        req.cookies[session::kPreCookie] = "not-hex";
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        const std::string pre = pre_cookie_from(res);
        CPPUNIT_ASSERT(is_hex64(pre));
    }

    void testSecureCookiesSetting() {
        Config c = base_config();
        c.set("secure_cookies", "true");
        App secure(test_module(), c);
        Request req = make("GET", "/page");
        Response res;
        secure.handle(*db_, req, res);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        auto cookies = set_cookies(res);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), cookies.size());
        CPPUNIT_ASSERT(contains(cookies[0], "; Secure"));
    }

    void testPostWithValidCsrf() {
        Response page = get("/page");
        const std::string pre = pre_cookie_from(page);
        CPPUNIT_ASSERT(is_hex64(pre));
        const std::string token = token_for(page, pre);
        Request req = form_post("/echo", "x=hello+world&csrf_token=" + token);
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("hello world"), res.body);
    }

    void testPostWithValidCsrfContentTypeCase() {
        const std::string pre = crypto::random_hex(32);
        Request req = form_post("/echo", "csrf_token=" + session::csrf_token(csrf_key_, pre) + "&x=%E4%BD%A0");
        req.content_type = "Application/X-WWW-Form-URLEncoded; charset=UTF-8";
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("你"), res.body);
    }

    void testCsrfForOtherPreCookieIs403() {
        const std::string pre = crypto::random_hex(32);
        const std::string other = crypto::random_hex(32);
        Request req = form_post("/echo", "x=1&csrf_token=" + session::csrf_token(csrf_key_, other));
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(403, res.status);
        CPPUNIT_ASSERT(contains(res.body, "页面已过期或来源无法确认"));
    }

    void testCsrfWithoutPreCookieIs403() {
        const std::string pre = crypto::random_hex(32);
        Response res = run(form_post("/echo", "x=1&csrf_token=" + session::csrf_token(csrf_key_, pre)));
        CPPUNIT_ASSERT_EQUAL(403, res.status);
    }

    void testCsrfWithMalformedPreCookieIs403() {
        // A token that matches its binding is still refused when the binding is not a
        // 64-hex pre-session value the server could have issued.
        for (const std::string& pre :
             std::vector<std::string>{"abc", std::string(64, 'A'), std::string(63, 'a'), std::string(65, 'a')}) {
            Request req = form_post("/echo", "x=1&csrf_token=" + session::csrf_token(csrf_key_, pre));
            req.cookies[session::kPreCookie] = pre;
            CPPUNIT_ASSERT_EQUAL_MESSAGE(pre, 403, run(req).status);
        }
    }

    void testCsrfTokenInQueryIgnored() {
        const std::string pre = crypto::random_hex(32);
        Request req = form_post("/echo", "x=1");
        req.query = "csrf_token=" + session::csrf_token(csrf_key_, pre);
        req.cookies[session::kPreCookie] = pre;
        CPPUNIT_ASSERT_EQUAL(403, run(req).status);
    }

    void testMultipartWithValidCsrf() {
        const std::string pre = crypto::random_hex(32);
        Request req = make("POST", "/echo");
        req.content_type = "multipart/form-data; boundary=" + kBoundary;
        req.body = mp_field("x", "多部分") + mp_field("csrf_token", session::csrf_token(csrf_key_, pre)) + "--" +
                   kBoundary + "--\r\n";
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("多部分"), res.body);
    }

    // ---- body parsing and limits -----------------------------------------------------

    void testBadPercentEscapeIs400() {
        Response res = run(form_post("/echo", "x=%zz"));
        CPPUNIT_ASSERT_EQUAL(400, res.status);
        CPPUNIT_ASSERT(contains(res.body, "请求中的参数编码不正确"));
    }

    void testBadQueryEscapeIs400() {
        Response res = get("/hello", "a=%4");
        CPPUNIT_ASSERT_EQUAL(400, res.status);
        CPPUNIT_ASSERT(contains(res.body, "请求中的参数编码不正确"));
    }

    void testMultipartMissingClosingBoundaryIs400() {
        const std::string pre = crypto::random_hex(32);
        Request req = make("POST", "/echo");
        req.content_type = "multipart/form-data; boundary=" + kBoundary;
        req.body = mp_field("x", "1") + mp_field("csrf_token", session::csrf_token(csrf_key_, pre));
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(400, res.status);
        CPPUNIT_ASSERT(res.body != "1");
    }

    void testMultipartWithoutBoundaryIs400() {
        Request req = make("POST", "/echo");
        req.content_type = "multipart/form-data";
        req.body = mp_field("x", "1") + "--" + kBoundary + "--\r\n";
        CPPUNIT_ASSERT_EQUAL(400, run(req).status);
    }

    void testBodyTooLargeIs413() {
        const std::string pre = crypto::random_hex(32);
        std::string body = "csrf_token=" + session::csrf_token(csrf_key_, pre) + "&x=";
        body += std::string(1001 - body.size(), 'a');
        CPPUNIT_ASSERT_EQUAL(std::size_t(1001), body.size());
        Request req = form_post("/echo", body);
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(413, res.status);
        CPPUNIT_ASSERT(contains(res.body, "提交的内容超过大小限制"));
    }

    void testBodyAtLimitIsParsed() {
        const std::string pre = crypto::random_hex(32);
        std::string body = "csrf_token=" + session::csrf_token(csrf_key_, pre) + "&x=";
        const std::size_t value_len = 1000 - body.size();
        body += std::string(value_len, 'a');
        Request req = form_post("/echo", body);
        req.cookies[session::kPreCookie] = pre;
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string(value_len, 'a'), res.body);
    }

    void testUnsupportedContentTypeIs400() {
        Request req = make("POST", "/echo");
        req.content_type = "application/json";
        req.body = "{\"x\":1}";
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(400, res.status);
        CPPUNIT_ASSERT(contains(res.body, "不支持的提交格式"));
        req = make("POST", "/echo");
        req.body = "x=1";  // no content type at all
        CPPUNIT_ASSERT_EQUAL(400, run(req).status);
    }

    void testUnknownContentTypeWithoutBodyIsNot400() {
        // An empty body needs no parser; the request then stops at CSRF.
        Request req = make("POST", "/echo");
        req.content_type = "text/plain";
        CPPUNIT_ASSERT_EQUAL(403, run(req).status);
    }

    void testInvalidUtf8PathIs400() {
        Response res = get("/hello\xff");
        CPPUNIT_ASSERT_EQUAL(400, res.status);
        CPPUNIT_ASSERT(contains(res.body, "请求的地址含有无效字符"));
        CPPUNIT_ASSERT_EQUAL(400, get("/item/\xc3\x28").status);       // bad continuation byte
        CPPUNIT_ASSERT_EQUAL(400, get("/item/\xe4\xbd").status);       // truncated sequence
        CPPUNIT_ASSERT_EQUAL(400, get("/item/\xc0\xaf").status);       // overlong '/'
    }

    void testControlCharacterPathIs400() {
        CPPUNIT_ASSERT_EQUAL(400, get(std::string("/item/a\0b", 9)).status);
        CPPUNIT_ASSERT_EQUAL(400, get("/item/a\x1b").status);
        // Valid UTF-8 is fine.
        Response ok = get("/item/山西");
        CPPUNIT_ASSERT_EQUAL(200, ok.status);
        CPPUNIT_ASSERT_EQUAL(std::string("item 山西"), ok.body);
    }

    // ---- errors and escaping ---------------------------------------------------------

    void testHandlerExceptionIs500WithoutDetail() {
        Response res = get("/throws");
        CPPUNIT_ASSERT_EQUAL(500, res.status);
        CPPUNIT_ASSERT(contains(res.body, "系统出现错误"));
        CPPUNIT_ASSERT(!contains(res.body, kSecretWhat));
        CPPUNIT_ASSERT(!contains(res.body, "secret internal"));
        CPPUNIT_ASSERT(!contains(res.body, "runtime_error"));
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), res.header("Cache-Control").value_or(""));
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), res.header("Content-Type").value_or(""));
    }

    void testPageEscapesQueryValue() {
        Response res = get("/page", "m=<b>x</b>");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT(contains(res.body, "&lt;b&gt;x&lt;/b&gt;"));
        CPPUNIT_ASSERT(!contains(res.body, "<b>x</b>"));
    }

    void testPageEscapesEncodedQueryValue() {
        Response res = get("/page", "m=%3Cscript%3Ealert(1)%3C%2Fscript%3E%22");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT(contains(res.body, "&lt;script&gt;alert(1)&lt;/script&gt;"));
        CPPUNIT_ASSERT(!contains(res.body, "<script>alert"));
    }

    // ---- database-dependent paths without a database ---------------------------------

    void testHealthzWithoutDatabaseIs503() {
        Response res = get("/healthz/testmod");
        CPPUNIT_ASSERT_EQUAL(503, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("database unavailable\n"), res.body);
        CPPUNIT_ASSERT_EQUAL(std::string("no-store"), res.header("Cache-Control").value_or(""));
    }

    void testHealthzOfOtherModuleIs404() {
        CPPUNIT_ASSERT_EQUAL(404, get("/healthz/login").status);
        CPPUNIT_ASSERT_EQUAL(404, get("/healthz/").status);
    }

    void testSessionCookieWithoutDatabaseIs503() {
        Request req = make("GET", "/hello");
        req.cookies[session::kCookie] = crypto::random_hex(32);
        Response res = run(req);
        CPPUNIT_ASSERT_EQUAL(503, res.status);
        CPPUNIT_ASSERT(contains(res.body, "系统繁忙"));
        CPPUNIT_ASSERT_EQUAL(std::string("5"), res.header("Retry-After").value_or(""));
        CPPUNIT_ASSERT(res.body != "hi");
    }

    // ---- construction ----------------------------------------------------------------

    void testAccessorsFromConfig() {
        CPPUNIT_ASSERT_EQUAL(std::string("testmod"), app_->module());
        CPPUNIT_ASSERT_EQUAL(std::size_t(1000), app_->max_body_bytes());
        CPPUNIT_ASSERT_EQUAL(csrf_key_, app_->csrf_key());
        CPPUNIT_ASSERT(app_->view().template_count() > 0);
        CPPUNIT_ASSERT(!app_->session_settings().secure_cookies);
    }

    void testMissingKeyFileThrows() {
        TempKeys empty;
        Config c = base_config();
        c.set("keys_dir", empty.dir());
        CPPUNIT_ASSERT_THROW(App(test_module(), c), crypto::CryptoError);
        crypto::write_new_key_file(empty.file("data.key"));
        crypto::write_new_key_file(empty.file("index.key"));
        CPPUNIT_ASSERT_THROW(App(test_module(), c), crypto::CryptoError);  // csrf.key missing
        crypto::write_new_key_file(empty.file("csrf.key"));
        ::chmod(empty.file("csrf.key").c_str(), 0644);
        CPPUNIT_ASSERT_THROW(App(test_module(), c), crypto::CryptoError);  // readable by others
        ::chmod(empty.file("csrf.key").c_str(), 0600);
        CPPUNIT_ASSERT_NO_THROW(App(test_module(), c));
    }

    void testModuleConfigCheckedAtStart() {
        ModuleDef def = test_module();
        def.check_config = [](const Config& c) {
            if (c.get_int("hello_limit", 1) <= 0) throw ConfigError("configuration key 'hello_limit' must be positive");
        };
        Config c = base_config();
        CPPUNIT_ASSERT_NO_THROW(App(def, c));
        c.set("hello_limit", "0");
        CPPUNIT_ASSERT_THROW(App(def, c), ConfigError);
    }

    void testMissingTemplatesDirThrows() {
        Config c = base_config();
        c.set("templates_dir", keys_->dir() + "/no-templates");
        CPPUNIT_ASSERT_THROW(App(test_module(), c), ViewError);
        Config no_keys = Config::from_string("templates_dir = " + std::string(ZIKAO_SOURCE_DIR) + "/templates\n");
        CPPUNIT_ASSERT_THROW(App(test_module(), no_keys), ConfigError);
    }

    void testSafeLocalPath() {
        CPPUNIT_ASSERT(safe_local_path("/apply"));
        CPPUNIT_ASSERT(safe_local_path("/center?tab=1"));
        CPPUNIT_ASSERT(!safe_local_path("//evil.example"));
        CPPUNIT_ASSERT(!safe_local_path("/\\evil.example"));
        CPPUNIT_ASSERT(!safe_local_path("https://evil.example"));
        CPPUNIT_ASSERT(!safe_local_path("evil"));
        CPPUNIT_ASSERT(!safe_local_path(""));
        CPPUNIT_ASSERT(!safe_local_path("/a\r\nSet-Cookie: x=1"));
        CPPUNIT_ASSERT(!safe_local_path("/a\nb"));
        // Browsers delete TAB from URLs: "/\t/evil.example" would act as "//evil.example".
        CPPUNIT_ASSERT(!safe_local_path("/\t/evil.example"));
        CPPUNIT_ASSERT(!safe_local_path("/ /evil.example"));
        CPPUNIT_ASSERT(!safe_local_path("/a\\b"));
        CPPUNIT_ASSERT(safe_local_path("/"));
    }

    // The module's own body limit follows its route table: an upload route declaring
    // 12 MiB raises it above the shared setting; "<module>.max_body_bytes" still wins.
    void testBackstopNeverBelowLargestRouteBody() {
        ModuleDef def = test_module();
        def.routes = [](http::Router& r) {
            r.post("/upload", Access::Public, [](Context& ctx) { ctx.res.text(200, "ok"); },
                   http::RouteOptions().body(12 * http::MiB));
        };
        CPPUNIT_ASSERT_EQUAL(12 * http::MiB, App(def, base_config()).max_body_bytes());
        Config c = base_config();
        c.set("testmod.max_body_bytes", "5000");
        CPPUNIT_ASSERT_EQUAL(std::size_t(5000), App(def, c).max_body_bytes());
    }

    void testCsrfExemptRouteSkipsTheToken() {
        ModuleDef def = test_module();
        def.routes = [](http::Router& r) {
            r.post("/callback", Access::Public, [](Context& ctx) { ctx.res.text(200, "signed"); },
                   http::RouteOptions().without_csrf());
            r.post("/form", Access::Public, [](Context& ctx) { ctx.res.text(200, "form"); });
        };
        App app(def, base_config());
        for (const char* path : {"/callback", "/form"}) {
            Request req = make("POST", path);
            req.content_type = "application/x-www-form-urlencoded";
            req.body = "x=1";
            Response res;
            app.handle(*db_, req, res);
            CPPUNIT_ASSERT_EQUAL(std::string(path) == "/callback" ? 200 : 403, res.status);
        }
    }

private:
    Config base_config() const {
        Config c;
        c.set("templates_dir", std::string(ZIKAO_SOURCE_DIR) + "/templates");
        c.set("keys_dir", keys_->dir());
        c.set("database", kUnreachableDb);
        c.set("max_body_bytes", "1000");
        c.set("development_stand_ins", "true");
        c.set("public_base_url", "http://127.0.0.1:8080");
        return c;
    }

    static Request make(const std::string& method, const std::string& path, const std::string& query = "") {
        Request req;
        req.method = method;
        req.path = path;
        req.query = query;
        req.remote_addr = "192.0.2.1";
        return req;
    }

    static Request form_post(const std::string& path, const std::string& body) {
        Request req = make("POST", path);
        req.content_type = "application/x-www-form-urlencoded";
        req.body = body;
        return req;
    }

    Response run(Request& req) {
        Response res;
        app_->handle(*db_, req, res);
        return res;
    }

    Response run(Request&& req) { return run(req); }

    Response get(const std::string& path, const std::string& query = "") { return run(make("GET", path, query)); }

    // The token a browser would submit: scraped from the page when the layout shows it
    // (signed-in users), otherwise what the server derives for this pre-session cookie.
    std::string token_for(const Response& page, const std::string& pre) const {
        const std::string marker = "name=\"csrf_token\" value=\"";
        const std::size_t at = page.body.find(marker);
        if (at != std::string::npos) return page.body.substr(at + marker.size(), 64);
        return session::csrf_token(csrf_key_, pre);
    }

    std::unique_ptr<TempKeys> keys_;
    std::string csrf_key_;
    std::unique_ptr<App> app_;
    std::unique_ptr<db::Database> db_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(AppHandleTest);
