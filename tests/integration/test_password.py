"""修改密码 (GET/POST /password) with a dedicated examinee: field errors, success, and
the revocation of the account's other sessions."""
import unittest

import zkclient as z

NEW_PASSWORD = "Neu-Kennwort#2025x"


def error_between(page, field, next_field):
    """The part of the page between the input `field` and the input `next_field` (or the
    end of the form): where that field's error message belongs."""
    start = page.find('name="%s"' % field)
    end = page.find('name="%s"' % next_field, start + 1) if next_field else page.find("</form>", start + 1)
    if start < 0 or end < 0:
        return ""
    return page[start:end]


class PasswordChangeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.e = z.examinee("改密")

    def test_requires_login(self):
        c = z.Client()
        r = c.get("/password")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.location, "/login?next=%2Fpassword")
        c.get("/login")
        r = c.post("/password", {"old_password": "x", "new_password": NEW_PASSWORD,
                                 "confirm_password": NEW_PASSWORD})
        self.assertEqual(r.status, 403)

    def test_change_flow(self):
        e = self.e
        a = z.logged_in(e.id_number, e.password)
        b = z.logged_in(e.ticket, e.password)
        self.assertEqual(b.get("/").status, 200)

        page = a.get("/password")
        self.assertEqual(page.status, 200)
        self.assertIn("修改密码", page.text)
        names = {i.get("name") for i in a.inputs()}
        self.assertTrue({"old_password", "new_password", "confirm_password", "csrf_token"} <= names)

        def attempt(old, new, confirm):
            a.get("/password")
            return a.post("/password", {"old_password": old, "new_password": new, "confirm_password": confirm})

        # Wrong old password: error next to 原密码.
        r = attempt("Not-My-Old-Pass1", NEW_PASSWORD, NEW_PASSWORD)
        self.assertEqual(r.status, 400)
        self.assertIn("原密码不正确。", error_between(r.text, "old_password", "new_password"))
        self.assertNotIn("密码已修改", r.text)

        # Confirmation mismatch: error next to 确认新密码.
        r = attempt(e.password, NEW_PASSWORD, NEW_PASSWORD + "y")
        self.assertEqual(r.status, 400)
        self.assertIn("两次输入的新密码不一致。", error_between(r.text, "confirm_password", None))
        self.assertNotIn("两次输入的新密码不一致。", error_between(r.text, "old_password", "confirm_password"))

        # Common passwords: error next to 新密码.
        for common in ("12345678", "password", "PASSWORD"):
            r = attempt(e.password, common, common)
            with self.subTest(common=common):
                self.assertEqual(r.status, 400)
                self.assertIn("密码过于常见", error_between(r.text, "new_password", "confirm_password"))

        # Too short.
        r = attempt(e.password, "Ab1!xy", "Ab1!xy")
        self.assertEqual(r.status, 400)
        self.assertIn("密码长度应为8到128个字符", error_between(r.text, "new_password", "confirm_password"))

        # Nothing has changed so far: B is still logged in, the hash is the same.
        self.assertEqual(b.get("/").status, 200)
        self.assertEqual(z.psql("SELECT password_changed_at IS NULL FROM examinees WHERE id = %d" % e.db_id), "t")
        hash_before = z.psql("SELECT password_hash FROM examinees WHERE id = %d" % e.db_id)

        # Success.
        r = attempt(e.password, NEW_PASSWORD, NEW_PASSWORD)
        self.assertEqual(r.status, 200, r.text[:500])
        self.assertIn("密码已修改", r.text)
        hash_after = z.psql("SELECT password_hash FROM examinees WHERE id = %d" % e.db_id)
        self.assertNotEqual(hash_before, hash_after)
        self.assertTrue(hash_after.startswith("scrypt$"), hash_after[:10])
        self.assertEqual(z.psql("SELECT password_changed_at IS NOT NULL FROM examinees WHERE id = %d" % e.db_id), "t")

        # A keeps its session; B's is revoked.
        self.assertEqual(a.get("/").status, 200)
        r = b.get("/")
        self.assertEqual(r.status, 303)
        self.assertEqual(z.path_of(r.location), "/login")
        self.assertEqual(z.session_rows(b.session_token), 0)
        self.assertEqual(z.session_rows(a.session_token), 1)
        self.assertEqual(z.psql("SELECT count(*) FROM sessions WHERE subject_kind = 'examinee' AND subject_id = %d"
                                % e.db_id), "1")

        # Old password no longer works; the new one does.
        c = z.Client()
        r = c.login(e.ticket, e.password)
        self.assertEqual(r.status, 200)
        self.assertIn(z.GENERIC_FAILURE, r.text)
        r = c.login(e.ticket, NEW_PASSWORD)
        self.assertEqual(r.status, 303)
        e.password = NEW_PASSWORD


if __name__ == "__main__":
    unittest.main()
