"""Privacy at rest: a pg_dump of the database holds no plaintext 身份证号, 手机号,
password or session token; and the module logs hold nothing an examinee typed."""
import glob
import os
import unittest

import zkclient as z

DEMO_SECRETS = [z.ZHANG["id"], z.LI["id"], z.WANG["id"],
                z.ZHANG["id"][:17], z.LI["id"][:17], z.WANG["id"][:17],
                z.ZHANG["phone"], z.LI["phone"], z.WANG["phone"],
                z.DEMO_PASSWORD]


class DumpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.e = z.examinee("隐私")
        cls.client = z.logged_in(cls.e.id_number, cls.e.password)
        cls.token = cls.client.session_token
        cls.dump = z.pg_dump()

    def test_dump_is_real(self):
        # Positive controls: the dump holds the examinees, sessions and password hashes,
        # so the absence checks below look at the right data.
        self.assertIn("COPY public.examinees", self.dump)
        self.assertIn(z.ZHANG["ticket"], self.dump)
        self.assertIn(self.e.ticket, self.dump)
        self.assertIn("scrypt$", self.dump)
        self.assertGreaterEqual(self.dump.count("scrypt$"), 3)

    def test_no_plaintext_demo_identity_numbers_phones_or_password(self):
        for secret in DEMO_SECRETS:
            with self.subTest(secret=secret):
                self.assertNotIn(secret, self.dump)
        self.assertNotIn(z.LI["id"].lower(), self.dump)

    def test_no_plaintext_of_a_new_examinee(self):
        for secret in (self.e.id_number, self.e.id_number[:17], self.e.phone, self.e.password):
            with self.subTest(secret=secret):
                self.assertNotIn(secret, self.dump)

    def test_no_session_token(self):
        self.assertEqual(z.session_rows(self.token), 1)
        self.assertNotIn(self.token, self.dump)
        # The stored form is its SHA-256 (bytea, dumped as hex).
        self.assertIn(z.sha256_hex(self.token), self.dump)


class LogTest(unittest.TestCase):
    def test_logs_hold_nothing_typed(self):
        e = z.examinee("隐私")
        marker_password = "Log-Marker-%s!" % os.getpid()
        c = z.Client()
        r = c.login(e.id_number, marker_password)
        self.assertIn(z.GENERIC_FAILURE, r.text)
        r = c.login(e.id_number, e.password)
        self.assertEqual(r.status, 303)
        log_dir = os.path.join(os.environ.get("ZIKAO_VAR", "/nonexistent"), "log")
        logs = [p for p in glob.glob(os.path.join(log_dir, "*.log"))
                if not os.path.basename(p).startswith(("postgres", "initdb"))]
        names = {os.path.basename(p) for p in logs}
        self.assertIn("login.log", names, "module log not found in %s" % log_dir)
        for path in logs:
            with open(path, "rb") as f:
                data = f.read().decode("utf-8", errors="replace")
            for secret in (marker_password, e.password, e.id_number, e.id_number[:17], z.DEMO_PASSWORD):
                with self.subTest(log=os.path.basename(path), secret=secret):
                    self.assertNotIn(secret, data)


if __name__ == "__main__":
    unittest.main()
