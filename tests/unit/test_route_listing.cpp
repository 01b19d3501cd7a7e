// test_route_listing.cpp: CppUnit tests of what a route table tells nginx — the per-route
// options (common/web/router.hpp: body size, rate limit, csrf exemption), their
// validation, and `zikao-<module> --routes` (common/web/app.hpp, route_listing), the
// input of nginx/locations.sh.
#include "common/web/app.hpp"
#include "common/web/router.hpp"

#include <cppunit/extensions/HelperMacros.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace http = zk::http;
using http::Access;
using http::KiB;
using http::MiB;
using http::RouteOptions;
using http::Router;

namespace {

// A handler that is never called: these tests only read what the table declares.
const http::Handler noop = [](zk::Context&) {};

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

class RouteListingTest : public CppUnit::TestFixture {
    CPPUNIT_TEST_SUITE(RouteListingTest);
    CPPUNIT_TEST(testDefaultsAreAForm);
    CPPUNIT_TEST(testOptionsChain);
    CPPUNIT_TEST(testPatternsNginxCannotTakeAreRefused);
    CPPUNIT_TEST(testBadZoneOrBurstIsRefused);
    CPPUNIT_TEST(testListingLinesInTableOrder);
    CPPUNIT_TEST(testListingHasHealthAndPrefixes);
    CPPUNIT_TEST(testListingNamesEveryAccessRule);
    CPPUNIT_TEST(testBadPrefixIsRefused);
    CPPUNIT_TEST_SUITE_END();

public:
    void testDefaultsAreAForm() {
        Router r;
        r.get("/a", Access::Public, noop);
        const auto& route = r.routes().front();
        CPPUNIT_ASSERT_EQUAL(std::size_t(0), route.options.max_body);
        CPPUNIT_ASSERT_EQUAL(zk::http::kFormBody, route.max_body());
        CPPUNIT_ASSERT_EQUAL(16 * KiB, route.max_body());
        CPPUNIT_ASSERT(route.options.rate_limit.empty());
        CPPUNIT_ASSERT(!route.options.csrf_exempt);
    }

    void testOptionsChain() {
        Router r;
        r.post("/up", Access::Public, noop, RouteOptions().body(7 * MiB).limit("zikao_register", 4).without_csrf());
        const auto& o = r.routes().front().options;
        CPPUNIT_ASSERT_EQUAL(std::size_t(7340032), o.max_body);
        CPPUNIT_ASSERT_EQUAL(std::string("zikao_register"), o.rate_limit);
        CPPUNIT_ASSERT_EQUAL(4, o.burst);
        CPPUNIT_ASSERT(o.csrf_exempt);
        CPPUNIT_ASSERT_EQUAL(10, RouteOptions().limit("z").burst);
    }

    // A pattern becomes an nginx location unquoted: nothing that could end the directive
    // or change the regex.
    void testPatternsNginxCannotTakeAreRefused() {
        Router r;
        for (const char* bad : {"/a b", "/a;b", "/a{b}", "/{a}b", "/{}", "/a/{b", "/a/b}", "/a*", "/a$", "/a\"", "/a?x"}) {
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, r.get(bad, Access::Public, noop), std::invalid_argument);
        }
        CPPUNIT_ASSERT(r.routes().empty());
        CPPUNIT_ASSERT_NO_THROW(r.get("/a-b_c/{id}/x.y", Access::Public, noop));
    }

    void testBadZoneOrBurstIsRefused() {
        Router r;
        CPPUNIT_ASSERT_THROW(r.post("/a", Access::Public, noop, RouteOptions().limit("zone; deny all")), std::invalid_argument);
        CPPUNIT_ASSERT_THROW(r.post("/a", Access::Public, noop, RouteOptions().limit("z", -1)), std::invalid_argument);
        CPPUNIT_ASSERT(r.routes().empty());
    }

    void testListingLinesInTableOrder() {
        zk::ModuleDef def;
        def.name = "mod";
        def.routes = [](Router& r) {
            r.get("/login", Access::Public, noop);
            r.post("/login", Access::Public, noop, RouteOptions().limit("zikao_login"));
            r.post("/up/{id}", Access::Examinee, noop, RouteOptions().body(12 * MiB));
            r.post("/cb", Access::Public, noop, RouteOptions().body(64 * KiB).without_csrf());
        };
        const auto got = lines(zk::route_listing(def));
        CPPUNIT_ASSERT(got.size() >= 4);
        CPPUNIT_ASSERT_EQUAL(std::string("GET /login 16384 - 0 public"), got[0]);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /login 16384 zikao_login 10 public"), got[1]);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /up/{id} 12582912 - 0 examinee"), got[2]);
        CPPUNIT_ASSERT_EQUAL(std::string("POST /cb 65536 - 0 public,csrf-exempt"), got[3]);
    }

    void testListingHasHealthAndPrefixes() {
        zk::ModuleDef def;
        def.name = "mod";
        def.prefixes = {"/mod/", "/dev/"};
        def.routes = [](Router& r) { r.get("/mod/a", Access::Public, noop); };
        const std::vector<std::string> want = {"GET /mod/a 16384 - 0 public", "GET /healthz/mod 16384 - 0 public",
                                               "PREFIX /mod/ 16384 - 0 -", "PREFIX /dev/ 16384 - 0 -"};
        CPPUNIT_ASSERT(lines(zk::route_listing(def)) == want);
    }

    void testListingNamesEveryAccessRule() {
        const std::vector<std::pair<Access, std::string>> rules = {
            {Access::Public, "public"}, {Access::ExamineeAny, "examinee-any"}, {Access::Examinee, "examinee"},
            {Access::Staff, "staff"},   {Access::Office, "office"},            {Access::Province, "province"},
            {Access::Admin, "admin"}};
        zk::ModuleDef def;
        def.name = "mod";
        def.routes = [&rules](Router& r) {
            for (const auto& [access, name] : rules) r.post("/" + name, access, noop);
        };
        std::vector<std::string> want;
        for (const auto& [access, name] : rules) want.push_back("POST /" + name + " 16384 - 0 " + name);
        want.push_back("GET /healthz/mod 16384 - 0 public");
        CPPUNIT_ASSERT(lines(zk::route_listing(def)) == want);
    }

    void testBadPrefixIsRefused() {
        for (const char* bad : {"", "admin/", "/a b/", "/a;"}) {
            zk::ModuleDef def;
            def.name = "mod";
            def.prefixes = {bad};
            def.routes = [](Router&) {};
            CPPUNIT_ASSERT_THROW_MESSAGE(bad, zk::route_listing(def), std::invalid_argument);
        }
    }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RouteListingTest);
