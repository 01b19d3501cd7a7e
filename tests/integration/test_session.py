"""Sessions: logout and reuse of the old cookie, rotation at login, session fixation,
idle and absolute expiry, purge-sessions removing dead rows, and the sessions table
holding only SHA-256 hashes of cookie tokens."""
import re
import secrets
import subprocess
import time
import unittest

import zkclient as z


class LogoutTest(unittest.TestCase):
    def test_logout_ends_the_session(self):
        c = z.logged_in(z.ZHANG["ticket"])
        token = c.session_token
        self.assertEqual(z.session_rows(token), 1)
        self.assertEqual(c.get("/").status, 200)

        r = c.get("/logout")
        self.assertEqual(r.status, 200)
        self.assertIn('action="/logout"', r.text)  # a page with the POST form, nothing more
        self.assertEqual(z.session_rows(token), 1, "GET /logout must not log out by itself")

        r = c.post("/logout", {})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/login")
        cleared = r.set_cookie("zk_session")
        self.assertIsNotNone(cleared, "logout must clear the cookie")
        self.assertEqual(cleared["value"], "")
        self.assertEqual(cleared["attrs"].get("max-age"), "0")
        self.assertNotIn("zk_session", c.cookies)
        self.assertEqual(z.session_rows(token), 0, "the session row must be deleted")

        # Replaying the old cookie is refused.
        thief = z.Client()
        thief.cookies["zk_session"] = token
        r = thief.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        r = thief.get("/password")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")

    def test_logout_without_csrf_keeps_the_session(self):
        c = z.logged_in(z.LI["ticket"])
        token = c.session_token
        c.get("/logout")
        r = c.post("/logout", {}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertIn(z.CSRF_FAILURE, r.text)
        r = c.post("/logout", {}, csrf="0" * 64)
        self.assertEqual(r.status, 403)
        self.assertEqual(z.session_rows(token), 1)
        self.assertEqual(c.get("/").status, 200)

    def test_logout_page_without_session(self):
        c = z.Client()
        r = c.get("/logout")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")


class RotationTest(unittest.TestCase):
    def test_new_session_id_at_every_login(self):
        c = z.logged_in(z.ZHANG["id"])
        first = c.session_token
        c2 = z.logged_in(z.ZHANG["id"], address=c.address)
        self.assertNotEqual(first, c2.session_token)
        # Logging in again while logged in (the CSRF token then belongs to the session).
        page = c.get("/")
        self.assertEqual(page.status, 200)
        r = c.post("/login", {"login_name": z.ZHANG["id"], "password": z.DEMO_PASSWORD})
        self.assertEqual(r.status, 303, r.text[:300])
        second = c.session_token
        self.assertRegex(second or "", r"^[0-9a-f]{64}$")
        self.assertNotEqual(first, second)
        self.assertEqual(z.session_rows(second), 1)
        self.assertEqual(z.session_rows(first), 0, "the previous session must be ended at login")
        old = z.Client()
        old.cookies["zk_session"] = first
        self.assertEqual(old.get("/").status, 303)
        self.assertEqual(c.get("/").status, 200)

    def test_planted_session_cookie_is_not_adopted(self):
        planted = secrets.token_hex(32)
        c = z.Client()
        c.cookies["zk_session"] = planted
        self.assertEqual(c.get("/login").status, 200)
        r = c.post("/login", {"login_name": z.LI["id"], "password": z.DEMO_PASSWORD})
        self.assertEqual(r.status, 303)
        self.assertNotEqual(c.session_token, planted)
        self.assertEqual(z.session_rows(planted), 0)
        self.assertEqual(z.session_rows(c.session_token), 1)
        self.assertNotEqual(c.session_token, c.cookies.get("zk_pre"), "the pre-login cookie must not become the session")

    def test_get_login_when_logged_in_goes_home(self):
        c = z.logged_in(z.LI["ticket"])
        r = c.get("/login")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/")


class ExpiryTest(unittest.TestCase):
    """The idle (30 minutes in the stack's configuration) and absolute limits, simulated
    by ageing the session row in the database."""

    def age(self, token, column, interval):
        z.psql("UPDATE sessions SET %s = now() - interval '%s' WHERE id_hash = decode('%s', 'hex')"
               % (column, interval, z.sha256_hex(token)))

    def test_idle_session_expires(self):
        c = z.logged_in(z.ZHANG["ticket"])
        self.age(c.session_token, "last_seen_at", "31 minutes")
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")

    def test_activity_keeps_the_session_alive(self):
        c = z.logged_in(z.ZHANG["ticket"])
        self.age(c.session_token, "last_seen_at", "29 minutes")
        self.assertEqual(c.get("/").status, 200)
        # The visit moved last_seen_at forward, so the session is not idle any more.
        fresh = z.psql("SELECT last_seen_at > now() - interval '1 minute' FROM sessions "
                       "WHERE id_hash = decode('%s', 'hex')" % z.sha256_hex(c.session_token))
        self.assertEqual(fresh, "t")

    def test_absolute_expiry(self):
        c = z.logged_in(z.ZHANG["ticket"])
        self.assertEqual(z.psql("SELECT expires_at > now() + interval '1 hour' FROM sessions "
                                "WHERE id_hash = decode('%s', 'hex')" % z.sha256_hex(c.session_token)), "t")
        z.psql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = decode('%s', 'hex')"
               % z.sha256_hex(c.session_token))
        r = c.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")


class PurgeTest(unittest.TestCase):
    """`zikao-ctl purge-sessions` (the clean-up timer) deletes exactly the dead rows."""

    def test_purge_removes_idle_and_expired_sessions_only(self):
        idle, expired, alive = (z.logged_in(z.LI["ticket"]) for _ in range(3))
        hashes = {name: z.sha256_hex(c.session_token) for name, c in
                  (("idle", idle), ("expired", expired), ("alive", alive))}
        z.psql("UPDATE sessions SET last_seen_at = now() - interval '31 minutes' WHERE id_hash = decode('%s', 'hex')"
               % hashes["idle"])
        z.psql("UPDATE sessions SET expires_at = now() - interval '1 second' WHERE id_hash = decode('%s', 'hex')"
               % hashes["expired"])
        p = subprocess.run(z._cmd("ZIKAO_CTL") + ["purge-sessions"], capture_output=True, text=True, timeout=60,
                           cwd="/")
        self.assertEqual(p.returncode, 0, p.stderr)
        m = re.search(r"^sessions: (\d+) expired removed$", p.stdout, re.M)
        self.assertTrue(m, p.stdout)
        self.assertGreaterEqual(int(m.group(1)), 2)
        self.assertEqual(z.session_rows(idle.session_token), 0, "an idle session is deleted")
        self.assertEqual(z.session_rows(expired.session_token), 0, "an expired session is deleted")
        self.assertEqual(z.session_rows(alive.session_token), 1, "a live session is kept")
        self.assertEqual(alive.get("/").status, 200)


class SessionStorageTest(unittest.TestCase):
    def test_only_the_hash_is_stored(self):
        c = z.logged_in(z.LI["id"])
        token = c.session_token
        digest = z.sha256_hex(token)
        self.assertEqual(z.session_rows(token), 1)
        # No column of any session row holds the raw token (as text, or as hex of a bytea).
        raw = z.psql("SELECT count(*) FROM sessions s WHERE strpos(s::text, '%s') > 0" % token)
        self.assertEqual(raw, "0")
        # ...while the hash is found the same way, so the search itself works.
        hashed = z.psql("SELECT count(*) FROM sessions s WHERE strpos(s::text, '%s') > 0" % digest)
        self.assertEqual(hashed, "1")
        self.assertEqual(z.psql("SELECT subject_kind FROM sessions WHERE id_hash = decode('%s', 'hex')" % digest),
                         "examinee")
        # A cookie holding the stored hash opens nothing.
        other = z.Client()
        other.cookies["zk_session"] = digest
        self.assertEqual(other.get("/").status, 303)


if __name__ == "__main__":
    unittest.main()


class SessionCacheTest(unittest.TestCase):
    """Each module keeps validated sessions in memory (common/web/session_cache.hpp). A
    change must still hold at once on this host, whichever module made it, and a change
    made outside the modules (psql, zikao-ctl) within a second."""

    LISTENER = "zikao session listener"

    @classmethod
    def setUpClass(cls):
        cls.e = z.examinee("缓存")

    def login(self, password=None):
        return z.logged_in(self.e.ticket, password or self.e.password)

    def wait_for(self, predicate, seconds=1.0):
        """How long until predicate() held (None if it did not within `seconds`)."""
        start = time.monotonic()
        while True:
            if predicate():
                return time.monotonic() - start
            if time.monotonic() - start > seconds:
                return None
            time.sleep(0.02)

    def set_ticket(self, old, new):
        z.psql("UPDATE examinees SET ticket_no = '%s' WHERE ticket_no = '%s'" % (new, old), wait_for_caches=False)
        self.e.ticket = new

    def logged_out(self, client, path):
        r = client.get(path)
        return r.status == 303 and z.path_of(r.location) == "/login"

    def test_logout_in_the_login_module_ends_the_session_in_every_module_at_once(self):
        for _ in range(5):
            c = self.login()
            token = c.session_token
            # Three modules have now read (and kept) the session.
            for path in ("/", "/apply/status", "/password"):
                self.assertEqual(c.get(path).status, 200, path)
            c.get("/logout")
            self.assertEqual(c.post("/logout", {}).status, 303)
            thief = z.Client()
            thief.cookies["zk_session"] = token
            for path in ("/", "/apply/status", "/password"):
                self.assertTrue(self.logged_out(thief, path), "%s still served after logout" % path)

    def test_password_change_ends_the_other_sessions_in_every_module_at_once(self):
        changer, other = self.login(), self.login()
        for path in ("/", "/apply/status"):
            self.assertEqual(other.get(path).status, 200, path)
        new = "Cache#Pass-2026x"

        def change(client, old, new):
            client.get("/password")
            return client.post("/password", {"old_password": old, "new_password": new, "confirm_password": new})

        r = change(changer, self.e.password, new)
        try:
            self.assertIn(r.status, (200, 303), r.text[:300])
            for path in ("/", "/apply/status"):
                self.assertTrue(self.logged_out(other, path), "%s still served to the other session" % path)
            self.assertEqual(changer.get("/").status, 200, "the session that changed it stays")
        finally:
            if r.status in (200, 303):
                self.assertIn(change(changer, new, self.e.password).status, (200, 303))

    def test_a_known_session_is_answered_from_memory(self):
        # The point of the cache: 个人中心 for a session the module has seen asks the
        # database nothing. A change that notifies nobody (its trigger disabled inside the
        # transaction that makes it) is therefore not seen, until a change that does notify.
        c = self.login()
        old = self.e.ticket
        self.assertIn(old, c.get("/").text)
        silent = old[:-1] + ("1" if old[-1] != "1" else "2")
        z.psql("BEGIN; ALTER TABLE examinees DISABLE TRIGGER examinees_invalidate; "
               "UPDATE examinees SET ticket_no = '%s' WHERE ticket_no = '%s'; "
               "ALTER TABLE examinees ENABLE TRIGGER examinees_invalidate; COMMIT" % (silent, old),
               wait_for_caches=False)
        self.e.ticket = silent
        try:
            time.sleep(0.3)
            for _ in range(3):
                page = c.get("/").text
                self.assertIn(old, page, "个人中心 did not come from the module's memory")
                self.assertNotIn(silent, page)
            loud = old[:-1] + ("3" if old[-1] != "3" else "4")
            self.set_ticket(silent, loud)
            self.assertIsNotNone(self.wait_for(lambda: loud in c.get("/").text),
                                 "a notifying change was not seen within a second")
        finally:
            self.set_ticket(self.e.ticket, old)

    def test_a_change_made_in_psql_shows_within_a_second(self):
        c = self.login()
        old = self.e.ticket
        self.assertIn(old, c.get("/").text)
        new = old[:-1] + ("1" if old[-1] != "1" else "2")
        self.set_ticket(old, new)
        try:
            self.assertIsNotNone(self.wait_for(lambda: new in c.get("/").text),
                                 "个人中心 still shows the old 准考证号 after a second")
        finally:
            self.set_ticket(new, old)
        self.assertIsNotNone(self.wait_for(lambda: old in c.get("/").text))

    def test_a_session_ended_in_psql_ends_within_a_second(self):
        c = self.login()
        for path in ("/", "/apply/status"):
            self.assertEqual(c.get(path).status, 200, path)
        z.psql("DELETE FROM sessions WHERE id_hash = decode('%s', 'hex')" % z.sha256_hex(c.session_token),
               wait_for_caches=False)
        for path in ("/", "/apply/status"):
            self.assertIsNotNone(self.wait_for(lambda: self.logged_out(c, path)), path)

    def test_a_session_shortened_in_psql_ends_within_a_second(self):
        c = self.login()
        self.assertEqual(c.get("/").status, 200)
        z.psql("UPDATE sessions SET expires_at = now() WHERE id_hash = decode('%s', 'hex')"
               % z.sha256_hex(c.session_token), wait_for_caches=False)
        self.assertIsNotNone(self.wait_for(lambda: self.logged_out(c, "/")))

    def test_a_staff_account_disabled_in_psql_is_refused_within_a_second(self):
        import test_review
        clerk = test_review.Staff("cache", "county", county="140105")
        test_review.load_demo(staff=[clerk])
        c = test_review.staff_client(clerk)
        self.assertEqual(c.get("/admin").status, 200)
        z.psql("UPDATE staff SET active = false WHERE id = %d" % clerk.db_id, wait_for_caches=False)
        self.assertIsNotNone(self.wait_for(lambda: c.get("/admin").status in (302, 303)))

    def test_losing_the_listening_connection_falls_back_to_the_database(self):
        c = self.login()
        old = self.e.ticket
        self.assertIn(old, c.get("/").text)

        def listening():
            return int(z.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'" % self.LISTENER))
        before = listening()
        self.assertGreaterEqual(before, 5, "every module keeps one listening connection")
        # The listeners' backends end, and right after that a change is made whose NOTIFY
        # reaches no module: none may serve the old profile from memory meanwhile, and each
        # must subscribe again by itself.
        z.psql("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '%s'"
               % self.LISTENER)
        new = old[:-1] + ("1" if old[-1] != "1" else "2")
        self.set_ticket(old, new)
        try:
            self.assertIsNotNone(self.wait_for(lambda: new in c.get("/").text))
            self.assertIsNotNone(self.wait_for(lambda: listening() >= before, seconds=15),
                                 "the modules did not listen again")
        finally:
            self.set_ticket(new, old)
        # Subscribed again: a change is seen through the new connections.
        self.assertIsNotNone(self.wait_for(lambda: old in c.get("/").text))
