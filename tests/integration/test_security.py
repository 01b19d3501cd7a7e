"""CSRF protection of every POST, and the security headers of every kind of answer
(module pages, redirects, module errors, nginx's own error pages, static files)."""
import re
import urllib.parse
import secrets
import unittest

import zkclient as z


class CsrfTest(unittest.TestCase):
    def creds(self):
        return {"login_name": z.ZHANG["ticket"], "password": z.DEMO_PASSWORD}

    def assert_refused(self, c, r):
        self.assertEqual(r.status, 403, r.text[:300])
        self.assertIn(z.CSRF_FAILURE, r.text)
        self.assertIsNone(r.set_cookie("zk_session"))
        self.assertNotIn("zk_session", c.cookies)

    def test_missing_token(self):
        c = z.Client()
        c.get("/login")
        self.assert_refused(c, c.post("/login", self.creds(), csrf=False))

    def test_wrong_token(self):
        c = z.Client()
        c.get("/login")
        good = c.csrf_token()
        self.assert_refused(c, c.post("/login", self.creds(), csrf=secrets.token_hex(32)))
        self.assert_refused(c, c.post("/login", self.creds(), csrf=good[:-1]))
        self.assert_refused(c, c.post("/login", self.creds(), csrf=good.upper() if good != good.upper() else "x"))
        # The genuine token still works afterwards (so the refusals were about the token).
        r = c.post("/login", self.creds(), csrf=good)
        self.assertEqual(r.status, 303)

    def test_token_of_another_browser(self):
        victim = z.Client()
        attacker = z.Client()
        victim.get("/login")
        attacker.get("/login")
        self.assertNotEqual(victim.cookies["zk_pre"], attacker.cookies["zk_pre"])
        self.assert_refused(victim, victim.post("/login", self.creds(), csrf=attacker.csrf_token()))

    def test_token_without_pre_cookie(self):
        c = z.Client()
        c.get("/login")
        token = c.csrf_token()
        c.cookies.pop("zk_pre")
        self.assert_refused(c, c.post("/login", self.creds(), csrf=token))

    def test_logged_in_post_needs_session_bound_token(self):
        c = z.logged_in(z.LI["ticket"])
        # The pre-login token is no longer valid once the session exists.
        pre_token = z.Client()
        pre_token.cookies = {"zk_pre": c.cookies["zk_pre"]}
        pre_token.get("/login")
        r = c.post("/password", {"old_password": z.DEMO_PASSWORD, "new_password": "Whatever-9x!",
                                 "confirm_password": "Whatever-9x!"}, csrf=pre_token.csrf_token())
        self.assertEqual(r.status, 403)
        self.assertIn(z.CSRF_FAILURE, r.text)
        r = c.post("/password", {"old_password": z.DEMO_PASSWORD, "new_password": "Whatever-9x!",
                                 "confirm_password": "Whatever-9x!"}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn(z.CSRF_FAILURE, r.text)
        self.assertEqual(c.get("/").status, 200)


DYNAMIC = "dynamic"
STATIC = "static"


class HeadersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        c = z.Client()
        cls.responses = {}
        cls.responses["GET /login"] = (DYNAMIC, c.get("/login"))
        cls.responses["GET / (anonymous, 303)"] = (DYNAMIC, c.get("/"))
        cls.responses["POST /login without csrf (403)"] = (DYNAMIC, c.post("/login", {"a": "b"}, csrf=False))
        cls.responses["POST /login bad encoding (400)"] = (
            DYNAMIC, c.post_raw("/login", "a=%zz", "application/x-www-form-urlencoded"))
        cls.responses["GET /healthz/login"] = (DYNAMIC, c.get("/healthz/login"))
        cls.responses["GET /no-such-page (404)"] = (STATIC, c.get("/no-such-page"))
        cls.responses["GET /static/site.css"] = (STATIC, c.get("/static/site.css"))
        cls.responses["POST /login 20KB (413)"] = (
            STATIC, c.post_raw("/login", "a=" + "b" * 20000, "application/x-www-form-urlencoded"))
        s = z.logged_in(z.ZHANG["ticket"])
        cls.responses["GET / (logged in)"] = (DYNAMIC, s.get("/"))
        cls.responses["GET /password (logged in)"] = (DYNAMIC, s.get("/password"))

    def each(self):
        for label, (kind, r) in self.responses.items():
            with self.subTest(response=label, status=r.status):
                yield label, kind, r

    def test_expected_statuses(self):
        statuses = {label: r.status for label, (_, r) in self.responses.items()}
        expected = {"GET /login": 200, "GET / (anonymous, 303)": 303, "POST /login without csrf (403)": 403,
                    "POST /login bad encoding (400)": 400, "GET /healthz/login": 200,
                    "GET /no-such-page (404)": 404, "GET /static/site.css": 200,
                    "POST /login 20KB (413)": 413, "GET / (logged in)": 200, "GET /password (logged in)": 200}
        self.assertEqual(statuses, expected)

    def test_content_security_policy(self):
        for label, _, r in self.each():
            csp = r.header("Content-Security-Policy")
            self.assertIsNotNone(csp, "no CSP on " + label)
            self.assertNotIn("unsafe-inline", csp)
            self.assertNotIn("unsafe-eval", csp)
            self.assertRegex(csp, r"default-src 'self'")
            self.assertRegex(csp, r"frame-ancestors 'none'")

    def test_nosniff_frame_options_referrer(self):
        for label, _, r in self.each():
            self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
            self.assertEqual(r.header("X-Frame-Options"), "DENY")
            self.assertIsNotNone(r.header("Referrer-Policy"))
            self.assertIn(r.header("Referrer-Policy"),
                          ("no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"))

    def test_headers_not_duplicated(self):
        for label, _, r in self.each():
            for name in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"):
                self.assertEqual(len(r.header_all(name)), 1, "%s repeated on %s" % (name, label))

    def test_no_server_version(self):
        for label, _, r in self.each():
            server = r.header("Server", "")
            self.assertNotRegex(server, r"\d", "Server header reveals a version: %r" % server)
            self.assertIsNone(r.header("X-Powered-By"))

    def test_dynamic_pages_not_cached(self):
        for label, kind, r in self.each():
            if kind == DYNAMIC:
                self.assertIn("no-store", r.header("Cache-Control", ""), label)

    def test_html_declares_utf8(self):
        for label, _, r in self.each():
            ctype = r.header("Content-Type", "")
            if ctype.startswith("text/html"):
                self.assertIn("charset=utf-8", ctype.lower().replace(" ", ""), label)

    def test_session_cookie_flags(self):
        # Every Set-Cookie the application sends is HttpOnly and has a SameSite attribute.
        c = z.Client()
        cookies = c.get("/login").set_cookies()
        cookies += c.post("/login", {"login_name": z.LI["id"], "password": z.DEMO_PASSWORD}).set_cookies()
        cookies += c.post("/logout", {}, csrf=c.csrf_token(c.get("/").text)).set_cookies()
        names = [k["name"] for k in cookies]
        self.assertEqual(names.count("zk_pre"), 1)
        self.assertEqual(names.count("zk_session"), 2)  # set at login, cleared at logout
        for k in cookies:
            with self.subTest(cookie=k["name"]):
                self.assertIn("httponly", k["attrs"])
                self.assertIn(str(k["attrs"].get("samesite", "")).lower(), ("lax", "strict"))
                self.assertEqual(k["attrs"].get("path"), "/")


class EscapingTest(unittest.TestCase):
    PAYLOAD = '"><svg onload=alert(1)>'

    def test_login_name_is_escaped(self):
        c = z.Client()
        c.get("/login")
        r = c.post("/login", [("login_name", self.PAYLOAD), ("password", "")])
        self.assertEqual(r.status, 400)
        self.assertIn(z.EMPTY_FIELDS, r.text)
        self.assertNotIn("<svg", r.text)
        self.assertIn("&lt;svg", r.text)

    def test_next_is_escaped(self):
        c = z.Client()
        r = c.get("/login?next=" + urllib.parse.quote(self.PAYLOAD))
        self.assertEqual(r.status, 200)
        self.assertNotIn("<svg", r.text)
        values = [i.get("value") for i in c.inputs() if i.get("name") == "next"]
        self.assertEqual(values, [self.PAYLOAD])


class ErrorPagesTest(unittest.TestCase):
    def test_nginx_404_page_is_chinese(self):
        r = z.Client().get("/no-such-page")
        self.assertEqual(r.status, 404)
        self.assertIn("页面不存在", r.text)
        self.assertNotRegex(r.text, re.compile(r"nginx/\d"))


if __name__ == "__main__":
    unittest.main()
