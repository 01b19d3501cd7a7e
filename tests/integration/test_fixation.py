"""Session fixation (SPEC SEC-1, issue 19), for examinees (/login, /logout) and staff
(/admin/login, /admin/logout): whatever session cookie a browser carries before it logs in
— a value an attacker planted, the attacker's own pre-session cookie, or the attacker's own
live session — the login answers with a new session cookie; the planted value never names
the new session (it has no row: a live session presented at login is ended, never
upgraded), and the new one is dead after logout. The cookies carry HttpOnly, SameSite, Path=/ and no Domain.

Trusts: zkclient (sessions rows by the SHA-256 of the token) and the demo accounts."""
import secrets
import unittest

import zkclient as z

STAFF = ("xiaodian", "Staff@2025", "太原市小店区招办")
OTHER_STAFF = ("luzhou", "Staff@2025", "长治市潞州区招办")


class Kind:
    def __init__(self, login, logout, home, login_page, fields, name, attacker):
        self.login, self.logout, self.home, self.login_page = login, logout, home, login_page
        self.fields, self.name, self.attacker = fields, name, attacker


EXAMINEE = Kind("/login", "/logout", "/", "/login",
                {"login_name": z.ZHANG["ticket"], "password": z.DEMO_PASSWORD}, z.ZHANG["name"],
                {"login_name": z.LI["ticket"], "password": z.DEMO_PASSWORD})
CLERK = Kind("/admin/login", "/admin/logout", "/admin", "/admin/login",
             {"username": STAFF[0], "password": STAFF[1]}, STAFF[2],
             {"username": OTHER_STAFF[0], "password": OTHER_STAFF[1]})


def log_in(c, kind, fields):
    c.get(kind.login)
    return c.post(kind.login, fields)


class FixationTest(unittest.TestCase):
    def assert_new_session(self, c, kind, planted):
        """c, carrying `planted`, logs in as the victim: a new cookie, which names the victim."""
        r = log_in(c, kind, kind.fields)
        self.assertEqual(r.status, 303, r.text[:300])
        cookie = r.set_cookie("zk_session")
        self.assertIsNotNone(cookie, "the login sets a new session cookie")
        self.assertNotEqual(cookie["value"], planted)
        self.assertEqual(c.session_token, cookie["value"])
        self.assertEqual(z.session_rows(c.session_token), 1)
        page = c.get(kind.home)
        self.assertEqual(page.status, 200)
        self.assertIn(kind.name, page.text)
        return c.session_token

    def assert_dead(self, token, kind):
        self.assertEqual(z.session_rows(token), 0)
        probe = z.Client()
        probe.cookies["zk_session"] = token
        r = probe.get(kind.home)
        self.assertEqual((r.status, z.path_of(r.location)), (303, kind.login_page))

    def logout(self, c, kind):
        c.get(kind.home)
        r = c.post(kind.logout, {})
        self.assertEqual(r.status, 303)
        self.assertNotIn("zk_session", c.cookies)

    def planted_random(self, kind):
        c = z.Client()
        planted = secrets.token_hex(32)
        c.cookies["zk_session"] = planted
        token = self.assert_new_session(c, kind, planted)
        self.assert_dead(planted, kind)
        self.logout(c, kind)
        self.assert_dead(token, kind)
        self.assert_dead(planted, kind)

    def planted_pre_cookie(self, kind):
        attacker = z.Client()
        attacker.get(kind.login)
        pre = attacker.cookies["zk_pre"]
        victim = z.Client()
        victim.cookies["zk_pre"] = pre
        victim.cookies["zk_session"] = pre   # a pre-session value offered as a session too
        token = self.assert_new_session(victim, kind, pre)
        self.assertNotEqual(token, pre)
        self.assert_dead(pre, kind)
        # The attacker's browser, still holding that pre-session cookie, is not logged in.
        r = attacker.get(kind.home)
        self.assertEqual((r.status, z.path_of(r.location)), (303, kind.login_page))
        self.logout(victim, kind)
        self.assert_dead(token, kind)

    def planted_live_session(self, kind):
        """The attacker's own live session planted: the browser is the attacker's until it
        logs in (from the page it has, with that session's token); the login ends that
        session rather than upgrading it, and the attacker is logged out."""
        attacker = z.Client()
        self.assertEqual(log_in(attacker, kind, kind.attacker).status, 303)
        theirs = attacker.session_token
        victim = z.Client()
        victim.cookies["zk_session"] = theirs
        self.assertEqual(victim.get(kind.home).status, 200)
        token = self.assert_new_session(victim, kind, theirs)
        self.assert_dead(theirs, kind)
        r = attacker.get(kind.home)
        self.assertEqual((r.status, z.path_of(r.location)), (303, kind.login_page))
        self.logout(victim, kind)
        self.assert_dead(token, kind)

    def test_examinee_planted_random_value(self):
        self.planted_random(EXAMINEE)

    def test_clerk_planted_random_value(self):
        self.planted_random(CLERK)

    def test_examinee_planted_pre_session_cookie(self):
        self.planted_pre_cookie(EXAMINEE)

    def test_clerk_planted_pre_session_cookie(self):
        self.planted_pre_cookie(CLERK)

    def test_examinee_planted_live_session_of_another(self):
        self.planted_live_session(EXAMINEE)

    def test_clerk_planted_live_session_of_another(self):
        self.planted_live_session(CLERK)

    def test_an_examinee_session_is_no_staff_session_and_back(self):
        e = z.Client()
        log_in(e, EXAMINEE, EXAMINEE.fields)
        s = z.Client()
        log_in(s, CLERK, CLERK.fields)
        probe = z.Client()
        probe.cookies["zk_session"] = e.session_token
        self.assertEqual(z.path_of(probe.get("/admin").location), "/admin/login")
        probe.cookies["zk_session"] = s.session_token
        self.assertEqual(z.path_of(probe.get("/").location), "/login")

    def test_cookie_flags(self):
        for kind in (EXAMINEE, CLERK):
            with self.subTest(login=kind.login):
                c = z.Client()
                page = c.get(kind.login)
                pre = page.set_cookie("zk_pre")
                self.assertIsNotNone(pre)
                self.assertIs(pre["attrs"].get("httponly"), True)
                self.assertEqual(pre["attrs"].get("samesite"), "Strict")
                self.assertEqual(pre["attrs"].get("path"), "/")
                self.assertNotIn("domain", pre["attrs"])
                r = c.post(kind.login, kind.fields)
                s = r.set_cookie("zk_session")
                self.assertRegex(s["value"], r"^[0-9a-f]{64}$")
                self.assertIs(s["attrs"].get("httponly"), True)
                self.assertIn(s["attrs"].get("samesite"), ("Lax", "Strict"))
                self.assertEqual(s["attrs"].get("path"), "/")
                self.assertNotIn("domain", s["attrs"])
                self.assertNotIn("max-age", s["attrs"], "a browser-session cookie")
                self.assertNotIn("expires", s["attrs"])
                c.get(kind.home)
                out = c.post(kind.logout, {}).set_cookie("zk_session")
                self.assertEqual((out["value"], out["attrs"].get("max-age")), ("", "0"))
                self.assertIs(out["attrs"].get("httponly"), True)
