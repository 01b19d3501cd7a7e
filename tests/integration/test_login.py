"""登录 (POST /login): by 身份证号 and 准考证号, the single generic failure message,
account lockout after five failures, empty fields, and the `next` parameter."""
import re
import unittest

import zkclient as z


def error_text(page):
    """The text of the login form's error paragraph, or None."""
    m = re.search(r'<p class="form-error"[^>]*>(.*?)</p>', page, re.S)
    return m.group(1).strip() if m else None


class LoginPageTest(unittest.TestCase):
    def test_login_form_fields_and_pre_cookie(self):
        c = z.Client()
        r = c.get("/login")
        self.assertEqual(r.status, 200)
        self.assertIn("考生登录", r.text)
        names = {i.get("name"): i for i in c.inputs()}
        for field in ("login_name", "password", "csrf_token", "next"):
            self.assertIn(field, names, "login form lacks field %s" % field)
        self.assertEqual(names["password"].get("type"), "password")
        self.assertEqual(names["csrf_token"].get("type"), "hidden")
        self.assertEqual(names["next"].get("type"), "hidden")
        self.assertRegex(names["csrf_token"].get("value") or "", r"^[0-9a-f]{64}$")
        pre = r.set_cookie("zk_pre")
        self.assertIsNotNone(pre, "first GET /login must set the zk_pre cookie")
        self.assertRegex(pre["value"], r"^[0-9a-f]{64}$")
        self.assertIn("httponly", pre["attrs"])
        # A second GET keeps the binding: same cookie, no new one.
        r2 = c.get("/login")
        self.assertIsNone(r2.set_cookie("zk_pre"))
        self.assertEqual(c.csrf_token(), names["csrf_token"]["value"])

    def test_next_from_query_is_carried_in_form(self):
        c = z.Client()
        r = c.get("/login?next=%2Fpassword")
        self.assertEqual(r.status, 200)
        nxt = [i for i in c.inputs() if i.get("name") == "next"]
        self.assertEqual(len(nxt), 1)
        self.assertEqual(nxt[0].get("value"), "/password")


class LoginSuccessTest(unittest.TestCase):
    def assert_logged_in_as(self, c, r, name):
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertEqual(r.location, "/")
        cookie = r.set_cookie("zk_session")
        self.assertIsNotNone(cookie, "a successful login must set zk_session")
        self.assertRegex(cookie["value"], r"^[0-9a-f]{64}$")
        self.assertIn("httponly", cookie["attrs"])
        self.assertEqual(str(cookie["attrs"].get("samesite", "")).lower(), "lax")
        self.assertEqual(cookie["attrs"].get("path"), "/")
        home = c.get("/")
        self.assertEqual(home.status, 200)
        self.assertIn(name, home.text)

    def test_login_by_id_number(self):
        c = z.Client()
        r = c.login(z.ZHANG["id"], z.DEMO_PASSWORD)
        self.assert_logged_in_as(c, r, z.ZHANG["name"])

    def test_login_by_ticket_number(self):
        c = z.Client()
        r = c.login(z.LI["ticket"], z.DEMO_PASSWORD)
        self.assert_logged_in_as(c, r, z.LI["name"])

    def test_login_by_id_number_with_lower_case_x(self):
        c = z.Client()
        r = c.login(z.LI["id"].lower(), z.DEMO_PASSWORD)
        self.assertTrue(z.LI["id"].endswith("X"))
        self.assert_logged_in_as(c, r, z.LI["name"])


class LoginFailureTest(unittest.TestCase):
    def assert_generic_failure(self, c, r):
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertEqual(error_text(r.text), z.GENERIC_FAILURE)
        self.assertIsNone(r.set_cookie("zk_session"), "a failed login must not set a session")
        self.assertNotIn("zk_session", c.cookies)
        self.assertIsNone(r.location)

    def test_wrong_password(self):
        before = int(z.psql("SELECT failed_logins FROM examinees WHERE ticket_no = '%s'" % z.ZHANG["ticket"]))
        c = z.Client()
        r = c.login(z.ZHANG["id"], "Wrong-Passw0rd!")
        self.assert_generic_failure(c, r)
        after = int(z.psql("SELECT failed_logins FROM examinees WHERE ticket_no = '%s'" % z.ZHANG["ticket"]))
        self.assertEqual(after, before + 1, "the failure must be counted on the account")
        # Still not logged in.
        self.assertEqual(c.get("/").status, 303)
        # The right password still works (and resets the counter, so other tests are unaffected).
        ok = c.login(z.ZHANG["id"], z.DEMO_PASSWORD)
        self.assertEqual(ok.status, 303)
        self.assertEqual(z.psql("SELECT failed_logins FROM examinees WHERE ticket_no = '%s'" % z.ZHANG["ticket"]), "0")

    def test_unknown_accounts_get_the_same_message(self):
        unknown = z.examinee("未知")  # a valid, never registered 身份证号
        c = z.Client()
        pages = []
        for login_name in (unknown.id_number, "990000000001", "nobody-here", z.WANG["id"], z.WANG["ticket"]):
            r = c.login(login_name, "Some-Passw0rd!")
            with self.subTest(login_name=login_name):
                self.assert_generic_failure(c, r)
            pages.append(r.text.replace(login_name, "").replace(c.csrf_token(r.text) or "", ""))
        # Apart from the echoed login name, the pages for a registered account without a
        # password and for names nobody has are the same.
        strip = lambda t: re.sub(r"今天是：[^<]*", "", t)
        self.assertEqual(len({strip(p) for p in pages}), 1, "failure pages differ between accounts")

    def test_wrong_password_and_unknown_account_pages_match(self):
        c = z.Client()
        known = c.login(z.LI["ticket"], "Not-The-Passw0rd")
        unknown = c.login("990000000002", "Not-The-Passw0rd")
        self.assertEqual(error_text(known.text), z.GENERIC_FAILURE)
        self.assertEqual(error_text(unknown.text), error_text(known.text))
        self.assertEqual(known.status, unknown.status)
        # Reset 李娜's counter.
        self.assertEqual(c.login(z.LI["ticket"], z.DEMO_PASSWORD).status, 303)

    def test_empty_fields(self):
        c = z.Client()
        c.get("/login")
        for fields in ({"login_name": "", "password": "x"}, {"login_name": z.ZHANG["id"], "password": ""},
                       {"login_name": "", "password": ""}, {}):
            r = c.post("/login", fields)
            with self.subTest(fields=fields):
                self.assertEqual(r.status, 400)
                self.assertIn(z.EMPTY_FIELDS, r.text)
                self.assertIsNone(r.set_cookie("zk_session"))
            c.get("/login")


class ProgressiveDelayTest(unittest.TestCase):
    """ACC-8: failures slow the attacker, not the owner. There is no lock: after five
    consecutive failures an account makes addresses that are failing wait (1 s, 2 s, 4 s,
    8 s, … at most 15 minutes) before their next try is checked, while the owner typing
    the right password at an address that has not been failing is always let in."""

    def state(self, e):
        return z.psql("SELECT failed_logins, last_failed_login_at IS NOT NULL FROM examinees WHERE id = %d" % e.db_id)

    def test_failing_addresses_wait_the_owner_does_not(self):
        e = z.examinee("锁定")
        self.assertEqual(self.state(e), "0|f")
        # Eight wrong passwords, each from an address of its own (each is checked: none of
        # them was failing yet), by 身份证号 and by 准考证号 alike.
        attackers = [z.Client() for _ in range(8)]
        for i, c in enumerate(attackers):
            r = c.login(e.id_number if i % 2 else e.ticket, "Wrong-Passw0rd-%d" % i)
            self.assertEqual(r.status, 200, r.text[:300])
            self.assertEqual(error_text(r.text), z.GENERIC_FAILURE)
        self.assertEqual(self.state(e), "8|t")

        # An address that has been failing waits for the account's delay (8 s after the
        # eighth failure), even with the right password: no check, no session.
        r = attackers[0].login(e.id_number, e.password)
        self.assertEqual(r.status, 429, r.text[:300])
        wait = int(r.header("Retry-After"))
        self.assertTrue(1 <= wait <= 8, wait)
        self.assertRegex(error_text(r.text), r"^该账号密码输错次数较多，请\d+秒后再试。$")
        self.assertIsNone(r.set_cookie("zk_session"))
        self.assertEqual(self.state(e), "8|t", "a refused try is not checked and not counted on the account")

        # The owner, from an address that has not been failing: let in at once.
        owner = z.Client()
        r = owner.login(e.ticket, e.password)
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(owner.get("/").status, 200)
        self.assertEqual(self.state(e), "0|f", "a success clears the count")

        # Cleared: the failing address is checked again (and its right password works).
        r = attackers[1].login(e.id_number, e.password)
        self.assertEqual(r.status, 303, r.text[:300])

    def test_delay_does_not_tell_whether_an_account_exists(self):
        unknown = z.examinee("未知")  # a valid, never registered 身份证号
        attackers = [z.Client() for _ in range(8)]
        for i, c in enumerate(attackers):
            r = c.login(unknown.id_number, "Wrong-Passw0rd-%d" % i)
            self.assertEqual(error_text(r.text), z.GENERIC_FAILURE)
        r = attackers[0].login(unknown.id_number, "Wrong-Passw0rd-x")
        self.assertEqual(r.status, 429, r.text[:300])
        self.assertRegex(error_text(r.text), r"^该账号密码输错次数较多，请\d+秒后再试。$")


class NextParameterTest(unittest.TestCase):
    def test_safe_local_next_is_followed(self):
        c = z.Client()
        r = c.login(z.ZHANG["ticket"], z.DEMO_PASSWORD, next_path="/password")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/password")

    def test_unsafe_next_is_not_followed(self):
        c = z.Client()
        for nxt in ("//evil.com", "//evil.com/password", "http://evil.com/", "/\\evil.com", "https:evil.com"):
            c.cookies.pop("zk_session", None)
            r = c.login(z.ZHANG["ticket"], z.DEMO_PASSWORD, next_path=nxt)
            with self.subTest(next=nxt):
                self.assertEqual(r.status, 303)
                self.assertEqual(r.location, "/")


if __name__ == "__main__":
    unittest.main()
