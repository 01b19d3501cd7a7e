"""CSRF on every state-changing route (SPEC SEC-3, issue 19): each POST route of the route
tables (`zikao-<module> --routes`, read as test_access_matrix does), sent by a session the
route admits (the examinee or clerk who could really do it, with real ids), with
  - no csrf_token,
  - the token of another session (another examinee, clerk or browser),
  - the token of a session that has logged out (sent with the new session after a new login),
is refused with the CSRF page (403, 页面已过期或来源无法确认) before its handler: the rows of
the examinees involved stay as they were and the session is still alive (even POST /logout).
Public forms are tried anonymously (the token of another browser) and with a session.
The routes exempt from CSRF are exactly the signed server-to-server callbacks named in
EXEMPT, as the route tables say, and they answer without the CSRF page.

Trusts: test_access_matrix (route listing, ids, fingerprint of the examinees' rows),
zkclient."""
import unittest

import test_access_matrix as am
import test_application_review as ar
import zkclient as z

# The only routes the code may exempt from CSRF: signed callbacks of 学信网 and the payment
# channels, and the payment sandbox's server-to-server API (a dev module).
EXEMPT = {"POST /pay/notify/{channel}", "POST /verify/chsi/callback", "POST /pay-sim/query", "POST /pay-sim/close"}

# Fields that would make each POST do something if its token were not checked.
FIELDS = {
    "/login": {"login_name": z.ZHANG["ticket"], "password": z.DEMO_PASSWORD},
    "/admin/login": {"username": "xiaodian", "password": "Staff@2025"},
    "/password": {"old_password": z.TEST_PASSWORD, "new_password": "Csrf#Nope-2025", "confirm_password": "Csrf#Nope-2025"},
    "/pay/orders": {},
    "/admin/staff/new": {"username": "csrfprobe", "display_name": "越权", "role": "admin", "password": "Csrf#Nope-2025"},
    "/admin/notices/new": {"title": "CSRF", "body": "CSRF", "action": "publish"},
    "/admin/settings/fees/default": {"amount": "1.00"},
}


def fields_for(path):
    return FIELDS.get(path, am.post_fields(path))


class Sessions:
    """Logged-in clients per access rule, and the page each takes its own token from."""

    def __init__(self, w):
        self.w = w
        self.staff = {}

    def for_route(self, route, path):
        if route.access in am.EXAMINEE_ACCESS:
            entry = am.FILL.get(route.pattern)
            owner = entry[0] if entry else "甲"
            return self.w["owners"][owner], "/"
        if route.access in am.STAFF_ACCESS:
            return self.clerk(route.access), "/admin"
        return None, None

    def clerk(self, access):
        who = {"staff": ar.XIAODIAN, "office": ar.XIAODIAN, "province": ar.SHENDING, "admin": "admin"}[access]
        if who not in self.staff:
            self.staff[who] = ar.staff(who) if who != "admin" else admin_client()
        return self.staff[who]


def admin_client():
    c = z.Client()
    c.get("/admin/login")
    r = c.post("/admin/login", {"username": "admin", "password": "Admin@2025"})
    assert r.status == 303 and c.session_token, (r.status, r.text[:200])
    return c


def token_of_logged_out(login_path):
    """A token of a session that has logged out."""
    c = ar.staff(ar.YINGZE) if login_path == "/admin" else am.ap.login(am.world()["b_person"])
    c.get(login_path)
    token = c.csrf_token()
    c.get(login_path)
    r = c.post("/admin/logout" if login_path == "/admin" else "/logout", {})
    assert r.status == 303, r.status
    return token


class CsrfRoutesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.w = am.world()
        cls.posts = [r for r in am.routes() if r.method == "POST"]

    def send(self, c, route, path, token):
        """The POST as the page's form would send it (multipart for an upload route)."""
        items = list(fields_for(path).items())
        if token is not None:
            items.append(("csrf_token", token))
        if route.max_body > 16 * 1024:
            ctype, body = z.multipart(items, files=[("file", "a.png", "image/png", b"\x89PNG\r\n\x1a\n")])
            return c.post_raw(path, body, ctype)
        return c.post(path, items, csrf=False)

    def assert_refused(self, r, what):
        self.assertEqual(r.status, 403, "%s: %d %s" % (what, r.status, r.text[:200]))
        self.assertIn(z.CSRF_FAILURE, r.text, what)

    def test_exemptions_are_exactly_the_signed_callbacks(self):
        listed = {"%s %s" % (r.method, r.pattern) for r in self.posts if r.csrf_exempt}
        self.assertEqual(listed, EXEMPT)
        for r in self.posts:
            if r.csrf_exempt:
                with self.subTest(route=repr(r)):
                    path = r.pattern.replace("{channel}", "alipay")
                    resp = z.Client().post(path, {"x": "1"}, csrf=False)
                    self.assertNotIn(z.CSRF_FAILURE, resp.text, "%s is exempt in the code" % path)

    def test_every_post_refuses_missing_foreign_and_dead_tokens(self):
        sessions = Sessions(self.w)
        dead = {"/": token_of_logged_out("/"), "/admin": token_of_logged_out("/admin")}
        other_examinee = self.w["b"]
        other_clerk = ar.staff(ar.LUZHOU)
        before = am.fingerprint(self.w["ids"])
        n = 0
        alive = set()
        for route in self.posts:
            if route.csrf_exempt:
                continue
            path = am.fill(route, self.w["near"])
            self.assertIsNotNone(path, repr(route))
            c, home = sessions.for_route(route, path)
            if c is None:
                # A public form: anonymously, and as a logged-in examinee and clerk.
                cases = [(z.Client(), "/login", "another browser")]
                stranger = z.Client()
                stranger.get("/login")
                foreign = {"another browser": stranger.csrf_token()}
                cases += [(self.w["owners"]["甲"], "/", "examinee"), (sessions.clerk("staff"), "/admin", "clerk")]
            else:
                cases = [(c, home, route.access)]
                foreign = {}
            for client, page, who in cases:
                client.get(page)   # the client holds its pre-session or session cookie
                other = foreign.get(who) or (other_clerk if page == "/admin" else other_examinee)
                if not isinstance(other, str):
                    other.get(page)
                    other = other.csrf_token()
                for kind, token in (("none", None), ("another session's", other), ("logged-out", dead["/admin" if page == "/admin" else "/"])):
                    with self.subTest(route=repr(route), who=who, token=kind):
                        session = client.session_token
                        r = self.send(client, route, path, token)
                        self.assert_refused(r, "%s %s as %s with %s token" % (route.method, path, who, kind))
                        if session:
                            self.assertEqual(client.session_token, session, "the session cookie is kept")
                            alive.add(session)
                        n += 1
        self.assertGreater(n, 100)
        # Every session used is still there (even after the refused POST /logout).
        hashes = ",".join("decode('%s', 'hex')" % z.sha256_hex(t) for t in alive)
        self.assertEqual(int(z.psql("SELECT count(*) FROM sessions WHERE id_hash IN (%s)" % hashes)), len(alive))
        self.assertEqual(am.fingerprint(self.w["ids"]), before)
        self.assertEqual(z.psql("SELECT count(*) FROM staff WHERE username = 'csrfprobe'"), "0")
        self.assertEqual(z.psql("SELECT count(*) FROM notices WHERE title = 'CSRF'"), "0")
