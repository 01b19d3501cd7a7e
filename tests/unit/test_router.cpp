// test_router.cpp: CppUnit tests of common/web/router (literal and "{param}" matching,
// 404 vs 405, HEAD via GET, exact paths) and of the Request/Response helpers in
// common/web/message (cookie attributes, redirects, header replacement).
#include "common/web/message.hpp"
#include "common/web/router.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <stdexcept>
#include <string>
#include <vector>

using zk::http::Access;
using zk::http::Cookie;
using zk::http::Request;
using zk::http::Response;
using zk::http::Router;

namespace {

void noop(zk::Context&) {}

// Routes used by most tests. The order matters only where a test says so.
Router make_router() {
    Router r;
    r.get("/", Access::Public, noop);
    r.get("/apply", Access::Examinee, noop);
    r.post("/apply/submit", Access::Examinee, noop);
    r.get("/u/{id}", Access::Staff, noop);
    r.get("/u/{id}/files/{file}", Access::Staff, noop);
    r.get("/both", Access::Public, noop);
    r.post("/both", Access::Public, noop);
    return r;
}

std::vector<std::string> set_cookies(const Response& res) {
    std::vector<std::string> out;
    for (const auto& [n, v] : res.headers)
        if (n == "Set-Cookie") out.push_back(v);
    return out;
}

bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

}  // namespace

class RouterTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouterTest);
    CPPUNIT_TEST(testLiteralMatch);
    CPPUNIT_TEST(testLiteralIsCaseSensitive);
    CPPUNIT_TEST(testParamCaptured);
    CPPUNIT_TEST(testTwoParamsCaptured);
    CPPUNIT_TEST(testNotFound);
    CPPUNIT_TEST(testMethodNotAllowed);
    CPPUNIT_TEST(testSamePathBothMethods);
    CPPUNIT_TEST(testHeadAnsweredByGet);
    CPPUNIT_TEST(testHeadOnPostOnlyIs405);
    CPPUNIT_TEST(testRootMatchesOnlyRoot);
    CPPUNIT_TEST(testTrailingSlashIsDifferentPath);
    CPPUNIT_TEST(testEmptySegmentDoesNotMatchParam);
    CPPUNIT_TEST(testFirstRegisteredRouteWins);
    CPPUNIT_TEST(testPatternWithoutLeadingSlashThrows);
    CPPUNIT_TEST(testRouteKeepsAccessAndMethod);
    CPPUNIT_TEST(testSplitPath);
    CPPUNIT_TEST(testCookieDefaults);
    CPPUNIT_TEST(testCookieSecureAndSameSite);
    CPPUNIT_TEST(testCookieDeletion);
    CPPUNIT_TEST(testCookieNotHttpOnlyWhenAsked);
    CPPUNIT_TEST(testRedirect);
    CPPUNIT_TEST(testSetHeaderReplacesCaseInsensitively);
    CPPUNIT_TEST(testSetCookieAccumulates);
    CPPUNIT_TEST(testTextAndHtml);
    CPPUNIT_TEST(testRequestCookie);
    CPPUNIT_TEST(testStatusReason);
    CPPUNIT_TEST_SUITE_END();

public:
    void testLiteralMatch() {
        Router r = make_router();
        auto m = r.match("GET", "/apply");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT(m.route != nullptr);
        CPPUNIT_ASSERT_EQUAL(std::string("/apply"), m.route->pattern);
        CPPUNIT_ASSERT(m.params.empty());

        auto sub = r.match("POST", "/apply/submit");
        CPPUNIT_ASSERT(sub.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("/apply/submit"), sub.route->pattern);
    }

    void testLiteralIsCaseSensitive() {
        Router r = make_router();
        CPPUNIT_ASSERT(r.match("GET", "/Apply").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/APPLY").outcome == Router::Outcome::NotFound);
        // Without the leading slash a path is not a path.
        CPPUNIT_ASSERT(r.match("GET", "apply").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "").outcome == Router::Outcome::NotFound);
    }

    void testParamCaptured() {
        Router r = make_router();
        auto m = r.match("GET", "/u/42");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("/u/{id}"), m.route->pattern);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), m.params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("42"), m.params.at("id"));
    }

    void testTwoParamsCaptured() {
        Router r = make_router();
        auto m = r.match("GET", "/u/7/files/photo.jpg");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("/u/{id}/files/{file}"), m.route->pattern);
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), m.params.size());
        CPPUNIT_ASSERT_EQUAL(std::string("7"), m.params.at("id"));
        CPPUNIT_ASSERT_EQUAL(std::string("photo.jpg"), m.params.at("file"));
        // The literal segment between the parameters must match exactly.
        CPPUNIT_ASSERT(r.match("GET", "/u/7/file/photo.jpg").outcome == Router::Outcome::NotFound);
    }

    void testNotFound() {
        Router r = make_router();
        auto m = r.match("GET", "/nothing");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(m.route == nullptr);
        CPPUNIT_ASSERT(r.match("POST", "/nothing").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/u/1/2").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/apply/submit/more").outcome == Router::Outcome::NotFound);
    }

    void testMethodNotAllowed() {
        Router r = make_router();
        auto post_get_only = r.match("POST", "/apply");
        CPPUNIT_ASSERT(post_get_only.outcome == Router::Outcome::MethodNotAllowed);
        CPPUNIT_ASSERT(post_get_only.route == nullptr);
        CPPUNIT_ASSERT(r.match("GET", "/apply/submit").outcome == Router::Outcome::MethodNotAllowed);
        CPPUNIT_ASSERT(r.match("PUT", "/apply").outcome == Router::Outcome::MethodNotAllowed);
        CPPUNIT_ASSERT(r.match("DELETE", "/u/3").outcome == Router::Outcome::MethodNotAllowed);
    }

    void testSamePathBothMethods() {
        Router r = make_router();
        auto g = r.match("GET", "/both");
        auto p = r.match("POST", "/both");
        CPPUNIT_ASSERT(g.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT(p.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), g.route->method);
        CPPUNIT_ASSERT_EQUAL(std::string("POST"), p.route->method);
    }

    void testHeadAnsweredByGet() {
        Router r = make_router();
        auto m = r.match("HEAD", "/u/9");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("GET"), m.route->method);
        CPPUNIT_ASSERT_EQUAL(std::string("9"), m.params.at("id"));
    }

    void testHeadOnPostOnlyIs405() {
        Router r = make_router();
        CPPUNIT_ASSERT(r.match("HEAD", "/apply/submit").outcome == Router::Outcome::MethodNotAllowed);
    }

    void testRootMatchesOnlyRoot() {
        Router r = make_router();
        auto root = r.match("GET", "/");
        CPPUNIT_ASSERT(root.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("/"), root.route->pattern);
        CPPUNIT_ASSERT(r.match("GET", "//").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/x").outcome == Router::Outcome::NotFound);

        Router only_root;
        only_root.get("/", Access::Public, noop);
        CPPUNIT_ASSERT(only_root.match("GET", "/index").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(only_root.match("GET", "/apply").outcome == Router::Outcome::NotFound);
    }

    void testTrailingSlashIsDifferentPath() {
        Router r = make_router();
        CPPUNIT_ASSERT(r.match("GET", "/apply/").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/u/5/").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "//apply").outcome == Router::Outcome::NotFound);

        Router slash;
        slash.get("/dir/", Access::Public, noop);
        CPPUNIT_ASSERT(slash.match("GET", "/dir/").outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT(slash.match("GET", "/dir").outcome == Router::Outcome::NotFound);
    }

    void testEmptySegmentDoesNotMatchParam() {
        Router r = make_router();
        CPPUNIT_ASSERT(r.match("GET", "/u/").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/u//files/x").outcome == Router::Outcome::NotFound);
        CPPUNIT_ASSERT(r.match("GET", "/u/1/files/").outcome == Router::Outcome::NotFound);

        Router top;
        top.get("/{slug}", Access::Public, noop);
        CPPUNIT_ASSERT(top.match("GET", "/").outcome == Router::Outcome::NotFound);
        auto m = top.match("GET", "/abc");
        CPPUNIT_ASSERT(m.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("abc"), m.params.at("slug"));
    }

    void testFirstRegisteredRouteWins() {
        Router r;
        r.get("/u/new", Access::Public, noop);
        r.get("/u/{id}", Access::Staff, noop);
        auto lit = r.match("GET", "/u/new");
        CPPUNIT_ASSERT(lit.outcome == Router::Outcome::Found);
        CPPUNIT_ASSERT_EQUAL(std::string("/u/new"), lit.route->pattern);
        CPPUNIT_ASSERT(lit.params.empty());
        auto param = r.match("GET", "/u/12");
        CPPUNIT_ASSERT_EQUAL(std::string("/u/{id}"), param.route->pattern);
    }

    void testPatternWithoutLeadingSlashThrows() {
        Router r;
        CPPUNIT_ASSERT_THROW(r.get("apply", Access::Public, noop), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(r.post("", Access::Public, noop), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(r.get("{id}", Access::Public, noop), std::invalid_argument);
        CPPUNIT_ASSERT(r.routes().empty());
        CPPUNIT_ASSERT_NO_THROW(r.get("/ok", Access::Public, noop));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), r.routes().size());
    }

    void testRouteKeepsAccessAndMethod() {
        Router r = make_router();
        auto m = r.match("GET", "/u/1");
        CPPUNIT_ASSERT(m.route->access == Access::Staff);
        CPPUNIT_ASSERT(!m.route->options.csrf_exempt);
        auto a = r.match("GET", "/apply");
        CPPUNIT_ASSERT(a.route->access == Access::Examinee);
        CPPUNIT_ASSERT(r.match("GET", "/").route->access == Access::Public);
    }

    void testSplitPath() {
        using zk::http::split_path;
        CPPUNIT_ASSERT(split_path("/").empty());
        CPPUNIT_ASSERT((split_path("/a/b") == std::vector<std::string>{"a", "b"}));
        CPPUNIT_ASSERT((split_path("/a/") == std::vector<std::string>{"a", ""}));
        CPPUNIT_ASSERT((split_path("/a//b") == std::vector<std::string>{"a", "", "b"}));
    }

    // ---- message.hpp ----------------------------------------------------------------

    void testCookieDefaults() {
        Response res;
        res.set_cookie(Cookie{"zk_session", "abc"});
        auto all = set_cookies(res);
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), all.size());
        const std::string& c = all[0];
        CPPUNIT_ASSERT_EQUAL(std::string("zk_session=abc"), c.substr(0, c.find(';')));
        CPPUNIT_ASSERT(contains(c, "; Path=/"));
        CPPUNIT_ASSERT(contains(c, "; HttpOnly"));
        CPPUNIT_ASSERT(contains(c, "; SameSite=Lax"));
        CPPUNIT_ASSERT(!contains(c, "Secure"));
        CPPUNIT_ASSERT(!contains(c, "Max-Age"));  // a session cookie
    }

    void testCookieSecureAndSameSite() {
        Response res;
        Cookie c{"zk_pre", "v"};
        c.secure = true;
        c.same_site = "Strict";
        c.max_age = 3600;
        res.set_cookie(c);
        const std::string v = *res.header("Set-Cookie");
        CPPUNIT_ASSERT(contains(v, "; Secure"));
        CPPUNIT_ASSERT(contains(v, "; SameSite=Strict"));
        CPPUNIT_ASSERT(!contains(v, "SameSite=Lax"));
        CPPUNIT_ASSERT(contains(v, "; Max-Age=3600"));
        CPPUNIT_ASSERT(contains(v, "; HttpOnly"));
    }

    void testCookieDeletion() {
        Response res;
        Cookie c{"zk_session", ""};
        c.max_age = 0;
        res.set_cookie(c);
        const std::string v = *res.header("Set-Cookie");
        CPPUNIT_ASSERT_EQUAL(std::string("zk_session="), v.substr(0, v.find(';')));
        CPPUNIT_ASSERT(contains(v, "; Max-Age=0"));
        CPPUNIT_ASSERT(contains(v, "; Path=/"));
    }

    void testCookieNotHttpOnlyWhenAsked() {
        Response res;
        Cookie c{"pref", "1"};
        c.http_only = false;
        c.path = "/center";
        res.set_cookie(c);
        const std::string v = *res.header("Set-Cookie");
        CPPUNIT_ASSERT(!contains(v, "HttpOnly"));
        CPPUNIT_ASSERT(contains(v, "; Path=/center"));
    }

    void testRedirect() {
        Response res;
        res.body = "old body";
        res.redirect("/login?next=%2Fapply");
        CPPUNIT_ASSERT_EQUAL(303, res.status);
        CPPUNIT_ASSERT(res.header("Location").has_value());
        CPPUNIT_ASSERT_EQUAL(std::string("/login?next=%2Fapply"), *res.header("location"));
        CPPUNIT_ASSERT(res.body.empty());
        res.redirect("/other");
        int locations = 0;
        for (const auto& [n, v] : res.headers)
            if (n == "Location") ++locations;
        CPPUNIT_ASSERT_EQUAL(1, locations);
        CPPUNIT_ASSERT_EQUAL(std::string("/other"), *res.header("Location"));
    }

    void testSetHeaderReplacesCaseInsensitively() {
        Response res;
        res.set_header("Cache-Control", "no-store");
        res.set_header("cache-control", "max-age=60");
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), res.headers.size());
        CPPUNIT_ASSERT_EQUAL(std::string("max-age=60"), *res.header("CACHE-CONTROL"));
        res.set_header("X-Other", "1");
        CPPUNIT_ASSERT_EQUAL(std::size_t(2), res.headers.size());
        CPPUNIT_ASSERT(!res.header("X-Missing").has_value());
    }

    void testSetCookieAccumulates() {
        Response res;
        res.set_cookie(Cookie{"a", "1"});
        res.set_cookie(Cookie{"b", "2"});
        res.set_header("Set-Cookie", "c=3");
        res.set_header("set-cookie", "d=4");
        auto all = set_cookies(res);
        std::size_t any_case = 0;
        for (const auto& [n, v] : res.headers)
            if (n == "Set-Cookie" || n == "set-cookie") ++any_case;
        CPPUNIT_ASSERT_EQUAL(std::size_t(4), any_case);
        CPPUNIT_ASSERT_EQUAL(std::size_t(3), all.size());
        CPPUNIT_ASSERT_EQUAL(std::string("a=1"), all[0].substr(0, 3));
        CPPUNIT_ASSERT_EQUAL(std::string("b=2"), all[1].substr(0, 3));
        CPPUNIT_ASSERT_EQUAL(std::string("c=3"), all[2]);
    }

    void testTextAndHtml() {
        Response res;
        res.text(404, "没有");
        CPPUNIT_ASSERT_EQUAL(404, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("没有"), res.body);
        CPPUNIT_ASSERT_EQUAL(std::string("text/plain; charset=utf-8"), *res.header("Content-Type"));
        res.html(200, "<p>x</p>");
        CPPUNIT_ASSERT_EQUAL(200, res.status);
        CPPUNIT_ASSERT_EQUAL(std::string("text/html; charset=utf-8"), *res.header("Content-Type"));
        CPPUNIT_ASSERT_EQUAL(std::size_t(1), res.headers.size());
    }

    void testRequestCookie() {
        Request req;
        req.cookies["zk_pre"] = "v1";
        CPPUNIT_ASSERT_EQUAL(std::string("v1"), req.cookie("zk_pre").value_or(""));
        CPPUNIT_ASSERT(!req.cookie("zk_session").has_value());
        CPPUNIT_ASSERT(!req.is_post());
        req.method = "POST";
        CPPUNIT_ASSERT(req.is_post());
    }

    void testStatusReason() {
        CPPUNIT_ASSERT_EQUAL(std::string("Not Found"), std::string(zk::http::status_reason(404)));
        CPPUNIT_ASSERT_EQUAL(std::string("See Other"), std::string(zk::http::status_reason(303)));
        CPPUNIT_ASSERT_EQUAL(std::string("Payload Too Large"), std::string(zk::http::status_reason(413)));
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouterTest);
