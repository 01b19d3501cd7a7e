"""test_audit_log: `zikao-ctl audit-log verify` (REV-3), the check of the staff audit log's
hash chain. Staff actions through the pages (logins of the demo clerks) give the log rows;
then the test plays a database owner who tampers by hand: with the append-only triggers
disabled it edits one row, and deletes another, and each time the check must fail naming
the first row that no longer matches. Every change is undone afterwards (the row restored
byte for byte), so the log is intact again for the tests and stacks that follow.
"""
import subprocess
import unittest

import zkclient as z

STAFF_PASSWORD = "Staff@2025"


def ctl(*args):
    return subprocess.run(z._cmd("ZIKAO_CTL") + list(args), capture_output=True, text=True, timeout=120, cwd="/")


def staff_login(username):
    c = z.Client()
    page = c.get("/admin/login")
    r = c.post("/admin/login", {"csrf_token": c.csrf_token(page.text), "username": username,
                                "password": STAFF_PASSWORD})
    if r.status != 303:
        raise AssertionError("staff login %s answered %d" % (username, r.status))


def tampering(sql):
    """Runs `sql` with the log's append-only and chain triggers disabled, in one transaction."""
    z.psql("BEGIN; ALTER TABLE staff_audit_log DISABLE TRIGGER USER; %s "
           "ALTER TABLE staff_audit_log ENABLE TRIGGER USER; COMMIT;" % sql)


class AuditLogVerifyTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for username in ("xiaodian", "luzhou", "xiaodian", "luzhou"):
            staff_login(username)
        ids = [int(x) for x in z.psql("SELECT id FROM staff_audit_log ORDER BY id").split()]
        assert len(ids) >= 4, ids
        cls.ids = ids

    def verify(self):
        return ctl("audit-log", "verify")

    def assert_intact(self):
        p = self.verify()
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertRegex(p.stdout, r"staff audit log: \d+ rows, chain intact")

    def test_intact_log(self):
        self.assert_intact()
        rows = int(z.psql("SELECT count(*) FROM staff_audit_log"))
        self.assertIn("%d rows" % rows, self.verify().stdout)

    def test_updates_and_deletes_are_refused_by_the_table(self):
        for sql in ("UPDATE staff_audit_log SET subject = 'x' WHERE id = %d" % self.ids[0],
                    "DELETE FROM staff_audit_log WHERE id = %d" % self.ids[0]):
            with self.assertRaises(RuntimeError, msg=sql):
                z.psql(sql)
        self.assert_intact()

    def test_an_edited_row_is_named(self):
        victim = self.ids[1]
        subject = z.psql("SELECT subject FROM staff_audit_log WHERE id = %d" % victim)
        action = z.psql("SELECT action FROM staff_audit_log WHERE id = %d" % victim)
        tampering("UPDATE staff_audit_log SET subject = 'staff:999999' WHERE id = %d;" % victim)
        try:
            p = self.verify()
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("chain BROKEN at row %d " % victim, p.stderr)
            self.assertIn(action, p.stderr)  # the broken row's action is named
        finally:
            tampering("UPDATE staff_audit_log SET subject = '%s' WHERE id = %d;" % (subject, victim))
        self.assert_intact()

    def test_the_row_after_a_deleted_one_is_named(self):
        victim, following = self.ids[1], self.ids[2]
        z.psql("CREATE TABLE IF NOT EXISTS audit_log_test_copy AS SELECT * FROM staff_audit_log WITH NO DATA")
        z.psql("INSERT INTO audit_log_test_copy SELECT * FROM staff_audit_log WHERE id = %d" % victim)
        tampering("DELETE FROM staff_audit_log WHERE id = %d;" % victim)
        try:
            p = self.verify()
            self.assertEqual(p.returncode, 1, p.stdout + p.stderr)
            self.assertIn("chain BROKEN at row %d " % following, p.stderr)
        finally:
            tampering("INSERT INTO staff_audit_log SELECT * FROM audit_log_test_copy WHERE id = %d;" % victim)
            z.psql("DROP TABLE audit_log_test_copy")
        self.assert_intact()
